"""Text input hygiene: control characters (NUL above all) never reach the database."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
NO_CONTROL_PATTERN = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"


def has_control_chars(value: str) -> bool:
    return _CONTROL.search(value) is not None


def strip_control_chars(value: str) -> str:
    return _CONTROL.sub("", value)


def refuse_control_chars(value: str) -> str:
    if has_control_chars(value):
        raise ValueError("control characters are not allowed")
    return value


NoControlChars = AfterValidator(refuse_control_chars)
# Put string constraints before NoControlChars (Annotated[str, StringConstraints(...),
# NoControlChars]) rather than around CleanStr: then pydantic checks them in its core; after
# a Python validator it has to check them in Python, several times slower.
CleanStr = Annotated[str, NoControlChars]
