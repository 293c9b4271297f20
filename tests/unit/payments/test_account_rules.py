"""Cash and deferment accounts, guarantees: what is available and what a debit leaves."""

from __future__ import annotations

from datetime import date

import pytest

from smartcustoms.errors import DomainError
from smartcustoms.payments.rules import (
    AccountFacts,
    AccountKind,
    DefermentLimitExceeded,
    GuaranteeFacts,
    GuaranteeInsufficient,
    GuaranteeNotValid,
    GuaranteeOtherDeclaration,
    InsufficientBalance,
    crossed_low,
    deferment_due_on,
    is_low,
)

CASH = AccountKind.CASH
DEFERMENT = AccountKind.DEFERMENT


@pytest.mark.parametrize(
    ("account", "available"),
    [
        (AccountFacts(CASH, 0), 0),
        (AccountFacts(CASH, 5_000_000), 5_000_000),
        (AccountFacts(DEFERMENT, 0, limit_vnd=100), 100),
        (AccountFacts(DEFERMENT, 30, limit_vnd=100), 70),
        (AccountFacts(DEFERMENT, 100, limit_vnd=100), 0),
        # a limit lowered below what is deferred: nothing available, never negative
        (AccountFacts(DEFERMENT, 120, limit_vnd=100), 0),
    ],
)
def test_available_balance(account: AccountFacts, available: int) -> None:
    assert account.available_vnd == available


@pytest.mark.parametrize(
    ("account", "amount", "after"),
    [
        (AccountFacts(CASH, 100), 100, AccountFacts(CASH, 0)),
        (AccountFacts(CASH, 100), 30, AccountFacts(CASH, 70)),
        (AccountFacts(DEFERMENT, 0, 100), 100, AccountFacts(DEFERMENT, 100, 100)),
        (AccountFacts(DEFERMENT, 40, 100), 60, AccountFacts(DEFERMENT, 100, 100)),
    ],
)
def test_a_debit_within_what_is_available(
    account: AccountFacts, amount: int, after: AccountFacts
) -> None:
    assert account.debited(amount) == after


@pytest.mark.parametrize(
    ("account", "amount", "refusal"),
    [
        (AccountFacts(CASH, 100), 101, InsufficientBalance),
        (AccountFacts(CASH, 0), 1, InsufficientBalance),
        (AccountFacts(DEFERMENT, 40, 100), 61, DefermentLimitExceeded),
        (AccountFacts(DEFERMENT, 0, 0), 1, DefermentLimitExceeded),
    ],
)
def test_a_debit_beyond_what_is_available_is_refused(
    account: AccountFacts, amount: int, refusal: type[DomainError]
) -> None:
    with pytest.raises(refusal) as raised:
        account.debited(amount)
    assert raised.value.status == 422
    assert raised.value.details["amount_vnd"] == amount


def test_the_refusal_says_the_balance_in_each_language_s_digits() -> None:
    with pytest.raises(InsufficientBalance) as raised:
        AccountFacts(CASH, 1_250_000).debited(2_000_000)
    assert "1,250,000" in raised.value.message_en
    assert "1.250.000" in raised.value.message_vi


@pytest.mark.parametrize(
    ("account", "amount", "after"),
    [
        (AccountFacts(CASH, 10), 5, AccountFacts(CASH, 15)),
        (AccountFacts(DEFERMENT, 50, 100), 20, AccountFacts(DEFERMENT, 30, 100)),
        (AccountFacts(DEFERMENT, 50, 100), 80, AccountFacts(DEFERMENT, 0, 100)),
    ],
)
def test_money_in(account: AccountFacts, amount: int, after: AccountFacts) -> None:
    assert account.credited(amount) == after


@pytest.mark.parametrize(
    ("before", "after", "threshold", "low", "crossed"),
    [
        (AccountFacts(CASH, 100), AccountFacts(CASH, 60), None, False, False),
        (AccountFacts(CASH, 100), AccountFacts(CASH, 60), 50, False, False),
        (AccountFacts(CASH, 100), AccountFacts(CASH, 40), 50, True, True),
        (AccountFacts(CASH, 45), AccountFacts(CASH, 40), 50, True, False),
        (AccountFacts(DEFERMENT, 0, 100), AccountFacts(DEFERMENT, 90, 100), 20, True, True),
    ],
)
def test_low_balance_warning(
    before: AccountFacts, after: AccountFacts, threshold: int | None, low: bool, crossed: bool
) -> None:
    assert is_low(after, threshold) is low
    assert crossed_low(before, after, threshold) is crossed


def test_deferred_amounts_are_due_the_tenth_of_the_next_month() -> None:
    assert deferment_due_on(date(2026, 11, 20)) == date(2026, 12, 10)


GENERAL = GuaranteeFacts("BL-1", 1_000, 200, date(2026, 11, 1), date(2026, 11, 30))
FOR_7 = GuaranteeFacts("BL-2", 1_000, 0, date(2026, 11, 1), date(2026, 11, 30), declaration_id=7)


@pytest.mark.parametrize(
    ("guarantee", "amount", "declaration_id", "on", "used_after"),
    [
        (GENERAL, 800, 7, date(2026, 11, 20), 1_000),
        (GENERAL, 1, 99, date(2026, 11, 1), 201),
        (GENERAL, 1, 99, date(2026, 11, 30), 201),
        (FOR_7, 1_000, 7, date(2026, 11, 20), 1_000),
    ],
)
def test_a_guarantee_covers_within_its_amount_period_and_scope(
    guarantee: GuaranteeFacts, amount: int, declaration_id: int, on: date, used_after: int
) -> None:
    assert guarantee.covering(amount, declaration_id=declaration_id, on=on).used_vnd == used_after


@pytest.mark.parametrize(
    ("guarantee", "amount", "declaration_id", "on", "refusal"),
    [
        (GENERAL, 1, 7, date(2026, 12, 1), GuaranteeNotValid),
        (GENERAL, 1, 7, date(2026, 10, 31), GuaranteeNotValid),
        (GENERAL, 801, 7, date(2026, 11, 20), GuaranteeInsufficient),
        (FOR_7, 1, 8, date(2026, 11, 20), GuaranteeOtherDeclaration),
    ],
)
def test_a_guarantee_past_its_validity_or_beyond_its_amount_or_scope_is_refused(
    guarantee: GuaranteeFacts,
    amount: int,
    declaration_id: int,
    on: date,
    refusal: type[DomainError],
) -> None:
    with pytest.raises(refusal):
        guarantee.covering(amount, declaration_id=declaration_id, on=on)


def test_payment_gives_the_cover_back() -> None:
    assert GENERAL.released(150).used_vnd == 50
    assert GENERAL.released(500).used_vnd == 0
