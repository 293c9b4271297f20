"""Container numbers (ISO 6346) and vehicle plates. Pure: no I/O."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Letters count from 10 upward, skipping the multiples of 11 (11, 22, 33).
_LETTER_VALUES = dict(
    zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", (v for v in range(10, 39) if v % 11), strict=False)
)
_SHAPE = re.compile(r"^[A-Z]{3}[UJZ][0-9]{6}[0-9]$")
_SEPARATORS = re.compile(r"[\s\-./]")


@dataclass(frozen=True)
class BadContainer:
    """Why a container number is refused: its shape (`expected` None) or its check digit."""

    number: str
    expected: int | None = None
    given: int | None = None


def normalise_container(raw: str) -> str:
    """Upper case without spaces, dashes, dots or slashes ("CSQU 305438-3" → CSQU3054383)."""
    return _SEPARATORS.sub("", raw).upper()


def check_digit(first_ten: str) -> int:
    """The ISO 6346 check digit of an owner code, category and serial number (10 characters)."""
    total: int = sum(
        (_LETTER_VALUES[c] if c.isalpha() else int(c)) * 2**position
        for position, c in enumerate(first_ten)
    )
    return total % 11 % 10


def container_problem(raw: str) -> BadContainer | None:
    """None when `raw` is a valid container number; otherwise why not."""
    number = normalise_container(raw)
    if not _SHAPE.match(number):
        return BadContainer(number)
    expected = check_digit(number[:10])
    if expected != int(number[10]):
        return BadContainer(number, expected, int(number[10]))
    return None


def is_container_number(raw: str) -> bool:
    return container_problem(raw) is None


def normalise_plate(raw: str) -> str:
    """A plate as the cameras read it: letters and digits only, upper case."""
    return "".join(c for c in raw.upper() if c.isalnum())


def is_plate(raw: str) -> bool:
    return 4 <= len(normalise_plate(raw)) <= 12
