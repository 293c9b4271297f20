"""Each input rule accepts exactly what the pattern it writes into the OpenAPI document says."""

from __future__ import annotations

import re
from typing import Annotated, Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from smartcustoms.declarations.schemas import HsCodeText
from smartcustoms.kit.text import CleanCode, NoControlChars, RequiredText
from smartcustoms.kit.wire import DecimalInput, WholeNumber

SAME = settings(max_examples=60, deadline=None, derandomize=True)
RULES: dict[str, Any] = {
    "signed amount": Annotated[Any, DecimalInput(digits=13, places=4, signed=True)],
    "debt in dong": Annotated[Any, DecimalInput(digits=15, positive=True)],
    "packages": Annotated[int, WholeNumber(digits=9, minimum=-(10**9 - 1), maximum=10**9 - 1)],
    "row id": Annotated[int, WholeNumber(digits=9, minimum=1, maximum=2**31 - 1)],
    "code": Annotated[str, CleanCode],
    "text": Annotated[str, NoControlChars],
    "required text": Annotated[str, RequiredText],
    "hs code": Annotated[str, HsCodeText()],
    "hs code when filing": Annotated[str, HsCodeText(required=True)],
}


def accepts(adapter: TypeAdapter[Any], value: Any) -> bool:
    try:
        adapter.validate_python(value)
    except ValidationError:
        return False
    return True


def string_pattern(schema: dict[str, Any]) -> str:
    for option in schema.get("anyOf", [schema]):
        if option.get("type") == "string" and "pattern" in option:
            return str(option["pattern"])
    raise AssertionError(schema)


@pytest.mark.parametrize("name", RULES)
@SAME
@given(data=st.data())
def test_a_string_is_accepted_exactly_when_it_matches_the_documented_pattern(
    name: str, data: st.DataObject
) -> None:
    adapter: TypeAdapter[Any] = TypeAdapter(RULES[name])
    pattern = string_pattern(adapter.json_schema())
    value = data.draw(st.one_of(st.from_regex(pattern, fullmatch=True), st.text(max_size=20)))
    assert accepts(adapter, value) == bool(re.fullmatch(pattern, value)), (name, value)


@pytest.mark.parametrize(
    "value",
    [
        "",
        "1e3",
        "1_000",
        " 12",
        "12.",
        ".5",
        "12.50000",
        "NaN",
        "0012",
        "10000000000000",
        "١٢",
        1.5,
    ],
)
def test_an_amount_is_refused_unless_written_as_plain_digits(value: object) -> None:
    assert not accepts(TypeAdapter(RULES["signed amount"]), value)


@pytest.mark.parametrize("value", ["12500.5", "-0.0001", "9999999999999.9999", 12500, 12500.0])
def test_an_amount_is_read_from_digits_or_a_whole_json_number(value: object) -> None:
    assert accepts(TypeAdapter(RULES["signed amount"]), value)


def test_codes_are_trimmed_and_upper_cased_letter_for_letter() -> None:
    adapter: TypeAdapter[str] = TypeAdapter(RULES["code"])
    assert adapter.validate_python(" cn\n") == "CN"
    assert adapter.validate_python("ß") == "ß"  # "SS" would outgrow the length checked
