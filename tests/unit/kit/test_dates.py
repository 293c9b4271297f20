"""Days typed day/month/year, whatever the browser's locale."""

from __future__ import annotations

from datetime import date

import pytest

from smartcustoms.kit.dates import field_text, parse_day, to_iso


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("31/12/2026", date(2026, 12, 31)),
        ("1/2/2027", date(2027, 2, 1)),
        (" 05.03.2027 ", date(2027, 3, 5)),
        ("05-03-2027", date(2027, 3, 5)),
        ("2027-03-05", date(2027, 3, 5)),
        ("31/02/2027", None),
        ("12/31/2026", None),  # the US order is not a day/month/year day
        ("2026", None),
        ("", None),
    ],
)
def test_a_typed_day_is_read_day_first(typed: str, day: date | None) -> None:
    assert parse_day(typed) == day


def test_a_field_shows_a_day_day_first_and_keeps_what_is_no_day() -> None:
    assert field_text(date(2027, 3, 5)) == "05/03/2027"
    assert field_text("2027-03-05") == "05/03/2027"
    assert field_text("soon") == "soon"
    assert field_text(None) == ""


def test_a_schema_gets_the_iso_day_or_the_text_as_typed() -> None:
    assert to_iso("5/3/2027") == "2027-03-05"
    assert to_iso("5/13/2027") == "5/13/2027"
