"""Text input hygiene: control characters (NUL above all) never reach the database.

The rules here are also what the OpenAPI document says of each text field (a `pattern`), so
the document refuses exactly what the API refuses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError, core_schema

CONTROL_CHARS = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f"  # for a regex class
_CONTROL = re.compile(f"[{CONTROL_CHARS}]")
NO_CONTROL_PATTERN = rf"^[^{CONTROL_CHARS}]*$"
# Something besides the spaces and line breaks that trimming takes away.
NOT_BLANK_PATTERN = rf"^[^{CONTROL_CHARS}]*[^ \t\n\r{CONTROL_CHARS}][^{CONTROL_CHARS}]*$"
TRIMMED = " \t\n\r"
# Codes are upper-cased letter for letter: "ß".upper() is "SS", which would outgrow the
# length already checked (and the column).
_ASCII_UPPER = str.maketrans("abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")


def has_control_chars(value: str) -> bool:
    return _CONTROL.search(value) is not None


def strip_control_chars(value: str) -> str:
    return _CONTROL.sub("", value)


def refuse_control_chars(value: str) -> str:
    if has_control_chars(value):
        raise ValueError("control characters are not allowed")
    return value


@dataclass(frozen=True)
class TextRule:
    """Put after StringConstraints (lengths, checked in pydantic's core on the text as sent):
    refuses control characters, then trims surrounding spaces and line breaks, upper-cases
    codes' ASCII letters, and refuses a blank `required` text. The trimming comes after the
    length check on purpose: the document's maxLength is about what the client sends."""

    trim: bool = True
    upper: bool = False
    required: bool = False

    def clean(self, value: str) -> str:
        if has_control_chars(value):
            raise PydanticCustomError("control_characters", "control characters are not allowed")
        if self.trim:
            value = value.strip(TRIMMED)
        if self.required and not value:
            raise PydanticCustomError("blank_text", "a blank text is not allowed")
        return value.translate(_ASCII_UPPER) if self.upper else value

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        return core_schema.no_info_after_validator_function(self.clean, handler(source))

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        json_schema = handler(schema)
        json_schema["pattern"] = NOT_BLANK_PATTERN if self.required else NO_CONTROL_PATTERN
        return json_schema


NoControlChars = TextRule(trim=False)
CleanText = TextRule()
CleanCode = TextRule(upper=True)
RequiredText = TextRule(required=True)
RequiredCode = TextRule(upper=True, required=True)
CleanStr = Annotated[str, NoControlChars]
