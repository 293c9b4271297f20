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


CleanStr = Annotated[str, AfterValidator(refuse_control_chars)]
