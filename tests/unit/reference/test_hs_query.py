"""How a free-text HS query is read: code prefix or words."""

from __future__ import annotations

import pytest

from smartcustoms.reference.service import parse_hs_query


@pytest.mark.parametrize(
    ("q", "prefix"),
    [("8703", "8703"), ("8703.23", "870323"), (" 87 03 ", "8703"), ("8703.23.10", "870323")],
)
def test_digits_dots_and_spaces_are_a_code_prefix(q: str, prefix: str) -> None:
    assert parse_hs_query(q) == (prefix, ())


def test_words_are_lower_cased_without_diacritics() -> None:
    assert parse_hs_query("Motor CARS") == (None, ("motor", "cars"))
    assert parse_hs_query("Cà phê, đường") == (None, ("ca", "phe", "duong"))


def test_a_code_mixed_with_words_is_read_as_words() -> None:
    assert parse_hs_query("8703 cars") == (None, ("8703", "cars"))
