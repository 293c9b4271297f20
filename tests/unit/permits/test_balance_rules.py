"""A licence's balance: the wrong line, party, date or unit clears nothing; no over-draw."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from smartcustoms.permits.rules import (
    BalanceExceeded,
    Licence,
    LicenceNotApplicable,
    Need,
    best_licence,
    check_draw,
    from_e4,
    to_e4,
    why_not,
)

ON = date(2026, 11, 20)
LICENCE = Licence(
    id=1,
    number="PPD-2026-000001",
    enterprise_id=7,
    procedure="pq",
    hs_code="08081000",
    unit="TNE",
    valid_from=date(2026, 11, 1),
    valid_until=date(2026, 11, 30),
    balance=Decimal(10),
)
NEED = Need(enterprise_id=7, procedure="pq", hs_code="08081000", unit="TNE", quantity=Decimal(4))


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({}, None),
        ({"enterprise_id": 8}, "licence_other_party"),
        ({"procedure": "fs"}, "licence_other_procedure"),
        ({"hs_code": "08045020"}, "licence_other_line"),
        ({"unit": "KGM"}, "licence_other_unit"),
        ({"quantity": Decimal(10)}, None),
        ({"quantity": Decimal("10.0001")}, "balance_exceeded"),
    ],
)
def test_why_a_licence_cannot_clear_a_line(change: dict[str, object], reason: str | None) -> None:
    need = Need(**{**NEED.__dict__, **change})  # type: ignore[arg-type]
    assert why_not(LICENCE, need, on=ON) == reason


@pytest.mark.parametrize(
    ("on", "valid"),
    [
        (date(2026, 10, 31), False),
        (date(2026, 11, 1), True),
        (date(2026, 11, 30), True),
        (date(2026, 12, 1), False),
    ],
)
def test_a_licence_clears_only_within_its_validity(on: date, valid: bool) -> None:
    assert (why_not(LICENCE, NEED, on=on) is None) is valid


def test_a_licence_for_10_t_cannot_clear_11_t() -> None:
    with pytest.raises(BalanceExceeded) as refused:
        check_draw(LICENCE, Need(**{**NEED.__dict__, "quantity": Decimal(11)}), on=ON)
    assert "10" in refused.value.message_en
    assert "11" in refused.value.message_en
    assert check_draw(LICENCE, NEED, on=ON) == Decimal(6)


def test_a_licence_of_another_party_is_refused_as_not_applicable() -> None:
    with pytest.raises(LicenceNotApplicable):
        check_draw(LICENCE, Need(**{**NEED.__dict__, "enterprise_id": 9}), on=ON)


def test_the_licence_expiring_first_is_attached() -> None:
    later = Licence(**{**LICENCE.__dict__, "id": 2, "valid_until": date(2026, 12, 31)})
    short = Licence(**{**LICENCE.__dict__, "id": 3, "balance": Decimal(1)})
    assert best_licence([later, LICENCE, short], NEED, on=ON) == LICENCE
    assert best_licence([short], NEED, on=ON) is None


def test_balances_are_kept_in_ten_thousandths() -> None:
    assert to_e4(Decimal("2.5")) == 25000
    assert from_e4(25000) == Decimal("2.5")
    assert str(from_e4(100000)) == "10"
