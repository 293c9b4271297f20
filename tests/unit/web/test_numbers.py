"""Reading numbers typed in the portal, in Vietnamese and English."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smartcustoms.web.numbers import (
    NumberReader,
    NumberRefused,
    read_number,
    read_whole_number,
    show_number,
)


@pytest.mark.parametrize(
    ("lang", "text", "meant"),
    [
        ("vi", "12500", "12500"),
        ("vi", "12.500", "12500"),
        ("vi", "1.000", "1000"),
        ("vi", "1.000,50", "1000.5"),
        ("vi", "1.234.567,891", "1234567.891"),
        ("vi", "12,5", "12.5"),
        ("vi", "0,125", "0.125"),
        ("vi", "1,0000", "1"),
        ("vi", "1234,5", "1234.5"),
        ("vi", "-12.500", "-12500"),
        ("vi", "-1,5", "-1.5"),
        ("vi", " 7 ", "7"),
        ("en", "12500", "12500"),
        ("en", "12,500", "12500"),
        ("en", "1,000", "1000"),
        ("en", "12,500.50", "12500.5"),
        ("en", "1,234,567.891", "1234567.891"),
        ("en", "12.5", "12.5"),
        ("en", "0.125", "0.125"),
        ("en", "1.0000", "1"),
        ("en", "-12,500", "-12500"),
    ],
)
def test_a_number_written_the_users_way_is_read_as_meant(lang: str, text: str, meant: str) -> None:
    assert read_number(text, lang) == Decimal(meant)


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("text", ["", "   "])
def test_an_empty_field_is_no_number(lang: str, text: str) -> None:
    assert read_number(text, lang) is None
    assert read_whole_number(text, lang) is None


@pytest.mark.parametrize(
    ("lang", "text", "one", "other"),
    [
        # Vietnamese decimals of exactly three digits are how English writes thousands.
        ("vi", "1,000", "1.000", "1"),
        ("vi", "12,500", "12.500", "12,5"),
        ("vi", "1,125", "1.125", "1,1250"),
        ("vi", "-2,500", "-2.500", "-2,5"),
        ("en", "1.000", "1,000", "1"),
        ("en", "12.500", "12,500", "12.5"),
        ("en", "1.125", "1,125", "1.1250"),
    ],
)
def test_a_number_that_reads_two_ways_is_refused_naming_both(
    lang: str, text: str, one: str, other: str
) -> None:
    with pytest.raises(NumberRefused) as refused:
        read_number(text, lang)
    assert refused.value.code == "number_ambiguous"
    message = refused.value.message_vi if lang == "vi" else refused.value.message_en
    assert f"{one} " in message
    assert f" {other}?" in message
    assert read_number(one, lang) != read_number(other, lang)


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("vi", "12.5"),  # English decimals
        ("vi", "0.125"),
        ("vi", "1,234.56"),
        ("vi", "12,500.50"),
        ("vi", "1.00.0"),  # groups of the wrong size
        ("vi", "1.0000"),
        ("vi", "01.000"),
        ("vi", "1..000"),
        ("vi", "12 500"),
        ("en", "12,5"),  # Vietnamese decimals
        ("en", "1.000,50"),
        ("en", "1.234.567"),
        ("en", "1,00,0"),
        ("en", "1,0000"),
        ("en", "1e5"),
        ("en", "--5"),
        ("en", "5 USD"),
    ],
)
def test_a_number_written_another_way_is_refused_with_the_expected_format(
    lang: str, text: str
) -> None:
    with pytest.raises(NumberRefused) as refused:
        read_number(text, lang)
    assert refused.value.code == "number_format"
    if lang == "vi":
        assert refused.value.message_vi.startswith("Nhập số theo định dạng 1.234,56: dấu chấm")
    else:
        assert refused.value.message_en.startswith("Type numbers as 1,234.56: a comma")


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("text", ["a lot", "NaN", "Infinity", "-", "..."])
def test_text_that_is_no_number_is_refused(lang: str, text: str) -> None:
    with pytest.raises(NumberRefused) as refused:
        read_number(text, lang)
    assert refused.value.code == "not_a_number"
    assert "Không phải là số" in refused.value.message_vi
    assert "Not a number" in refused.value.message_en


def test_a_count_is_a_whole_number_read_the_users_way() -> None:
    assert read_whole_number("1.000", "vi") == 1000
    assert read_whole_number("1,000", "en") == 1000
    assert read_whole_number("40", "vi") == 40
    with pytest.raises(NumberRefused) as refused:
        read_whole_number("1,5", "vi")
    assert refused.value.code == "not_whole"
    assert refused.value.message_vi == "Nhập một số nguyên."


@pytest.mark.parametrize(
    ("value", "vi", "en"),
    [
        (Decimal("12500.0000"), "12.500", "12,500"),
        (Decimal("12500.5"), "12.500,5", "12,500.5"),
        (Decimal("0.0001"), "0,0001", "0.0001"),
        (Decimal("1.125"), "1,1250", "1.1250"),  # three decimals alone would read two ways
        (Decimal("-1.5"), "-1,5", "-1.5"),
        (Decimal("1E+3"), "1.000", "1,000"),
        (40.0, "40", "40"),
        ("1000000", "1.000.000", "1,000,000"),
        (None, "", ""),
    ],
)
def test_a_saved_number_shows_in_the_users_way_with_every_digit(
    value: Decimal | float | str | None, vi: str, en: str
) -> None:
    assert show_number(value, "vi") == vi
    assert show_number(value, "en") == en


@given(
    st.decimals(min_value=Decimal("-1e13"), max_value=Decimal("1e13"), places=4, allow_nan=False),
    st.sampled_from(["vi", "en"]),
)
def test_what_a_form_shows_reads_back_as_the_same_number(value: Decimal, lang: str) -> None:
    assert read_number(show_number(value, lang), lang) == value


def test_a_reader_keeps_each_refusal_at_its_field() -> None:
    numbers = NumberReader("vi")
    assert numbers.number("12.500", "invoice_amount") == Decimal(12500)
    assert numbers.number("12,500", "freight") is None
    assert numbers.whole("2,5", "packages") is None
    assert [(e.path, e.code) for e in numbers.errors] == [
        ("freight", "number_ambiguous"),
        ("packages", "not_whole"),
    ]
