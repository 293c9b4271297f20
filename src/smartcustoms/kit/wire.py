"""Numbers and dates as clients send them, with one rule for validation and the document.

Pydantic's lax mode accepts more than an OpenAPI document can say (`"5"` for an integer,
`0` for a date, `"1e3"` for a decimal, `true` for a number). Each marker here validates
exactly what it writes into the document, so a request the document calls valid is never
refused for its shape, and one it calls invalid is never accepted. Python objects (a
Decimal, a date) pass too: the portal's forms and the services build inputs that way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import cached_property
from typing import Annotated, Any

from pydantic import BeforeValidator, GetCoreSchemaHandler, GetJsonSchemaHandler, Strict
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError, core_schema

StrictBool = Annotated[bool, Strict()]
StrictFloat = Annotated[float, Strict()]  # an integer is a number too; a string is not


def whole(value: Any) -> int | None:
    """A JSON integer: 5, or 5.0 (JSON Schema counts it as an integer); never true or "5"."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return None


def _json_integer(value: Any) -> int:
    number = whole(value)
    if number is None:
        raise PydanticCustomError("whole_number", "write a whole number")
    return number


# After an integer's Field constraints: Annotated[int, Field(ge=0), JsonInteger].
JsonInteger = BeforeValidator(_json_integer)


def _digits(count: int) -> str:
    return rf"(?:0|[1-9][0-9]{{0,{count - 1}}})"


@dataclass(frozen=True)
class DecimalInput:
    """A decimal sent as a string of digits (`"12500.5"`, at most `places` decimals) or as a
    JSON integer; never a float, whose binary rounding would change an amount. Whole part
    below 10**digits; `signed` allows a minus sign, `positive` refuses zero (whole numbers
    only)."""

    digits: int
    places: int = 0
    signed: bool = False
    positive: bool = False

    @cached_property
    def pattern(self) -> str:
        whole = rf"[1-9][0-9]{{0,{self.digits - 1}}}" if self.positive else _digits(self.digits)
        fraction = rf"(?:\.[0-9]{{1,{self.places}}})?" if self.places else ""
        return f"^{'-?' if self.signed else ''}{whole}{fraction}$"

    @cached_property
    def matcher(self) -> re.Pattern[str]:
        return re.compile(self.pattern)

    def check(self, value: Any) -> Any:
        if isinstance(value, Decimal):
            return value
        if (number := whole(value)) is not None:
            value = str(number)
        if isinstance(value, str) and self.matcher.fullmatch(value):
            return Decimal(value)
        raise PydanticCustomError(
            "amount_format",
            "write the amount as a string of digits with at most {places} decimals, "
            'such as "12500.5"',
            {"places": self.places},
        )

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        assert not (self.positive and self.places), "positive is for whole numbers"
        # Many JSON tools read numbers as doubles: the document's bounds must be exact there.
        assert 10**self.digits <= 2**53, "at most 15 digits before the point"
        return core_schema.no_info_before_validator_function(self.check, handler(source))

    def __get_pydantic_json_schema__(
        self, _schema: CoreSchema, _handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        largest = 10**self.digits - 1
        lowest = -largest if self.signed else (1 if self.positive else 0)
        return {
            "anyOf": [
                {"type": "string", "pattern": self.pattern},
                {"type": "integer", "minimum": lowest, "maximum": largest},
            ]
        }


@dataclass(frozen=True)
class WholeNumber:
    """An integer from `minimum` to `maximum`, or its digits as a string (what an HTML form
    sends), at most `digits` of them."""

    digits: int
    minimum: int
    maximum: int

    @cached_property
    def pattern(self) -> str:
        if self.minimum > 0:
            return rf"^[1-9][0-9]{{0,{self.digits - 1}}}$"
        return f"^{'-?' if self.minimum < 0 else ''}{_digits(self.digits)}$"

    @cached_property
    def matcher(self) -> re.Pattern[str]:
        return re.compile(self.pattern)

    def check(self, value: Any) -> int:
        number = (
            int(value) if isinstance(value, str) and self.matcher.fullmatch(value) else whole(value)
        )
        if number is not None and self.minimum <= number <= self.maximum:
            return number
        raise PydanticCustomError(
            "whole_number_range",
            "write a whole number from {minimum} to {maximum}",
            {"minimum": self.minimum, "maximum": self.maximum},
        )

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        return core_schema.no_info_before_validator_function(self.check, handler(source))

    def __get_pydantic_json_schema__(
        self, _schema: CoreSchema, _handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        number = {"type": "integer", "minimum": self.minimum, "maximum": self.maximum}
        return {"anyOf": [number, {"type": "string", "pattern": self.pattern}]}


# [0-9], not \d: Python's \d takes any script's digits, a JSON Schema validator's does not.
_DAY = "[0-9]{4}-[0-9]{2}-[0-9]{2}"
_DATE = f"^{_DAY}$"
# RFC 3339 as JSON Schema's date-time: seconds and an offset are required.
_TIME = r"[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{1,6})?"
_DATE_TIME = f"^{_DAY}T{_TIME}(?:Z|[+-][0-9]{{2}}:[0-9]{{2}})$"


@dataclass(frozen=True)
class IsoFormat:
    """A date as `YYYY-MM-DD`, or a date-time as RFC 3339 with its offset; not a number of
    seconds, which pydantic would otherwise read as one."""

    pattern: str
    kind: type

    @cached_property
    def matcher(self) -> re.Pattern[str]:
        return re.compile(self.pattern)

    def check(self, value: Any) -> Any:
        if isinstance(value, self.kind):
            return value
        if isinstance(value, str) and self.matcher.fullmatch(value):
            return value
        if self.kind is date:
            raise PydanticCustomError("iso_date", "write the date as ISO 8601")
        raise PydanticCustomError("iso_time", "write the time as ISO 8601")

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        return core_schema.no_info_before_validator_function(self.check, handler(source))

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        json_schema = handler(schema)
        json_schema["pattern"] = self.pattern
        return json_schema


IsoDate = Annotated[date, IsoFormat(_DATE, date)]
IsoDateTime = Annotated[datetime, IsoFormat(_DATE_TIME, datetime)]
