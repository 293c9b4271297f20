"""Obligations of a registered declaration: kinds, deadlines, amendments, what clearance needs."""

from __future__ import annotations

from datetime import date

import pytest

from smartcustoms.payments.rules import (
    AmendmentChange,
    DeadlineBasis,
    ObligationKind,
    ObligationLine,
    ObligationState,
    allocate,
    amendment_changes,
    fee_due_on,
    met_after_amendment,
    obligations_for,
    refund_on_amendment,
    tax_due_on,
    taxes_met,
)

K = ObligationKind
REGISTERED = date(2026, 11, 20)


@pytest.mark.parametrize(
    ("registered_on", "basis", "guarantee_until", "due_on"),
    [
        (date(2026, 11, 20), DeadlineBasis.BEFORE_CLEARANCE, None, date(2026, 11, 20)),
        (date(2026, 11, 20), DeadlineBasis.PRIORITY, None, date(2026, 12, 10)),
        (date(2026, 12, 31), DeadlineBasis.PRIORITY, None, date(2027, 1, 10)),
        (date(2026, 1, 31), DeadlineBasis.PRIORITY, None, date(2026, 2, 10)),
        # a guarantee's period, but never beyond 30 days after registration
        (date(2026, 11, 20), DeadlineBasis.GUARANTEED, date(2026, 12, 1), date(2026, 12, 1)),
        (date(2026, 11, 20), DeadlineBasis.GUARANTEED, date(2027, 6, 30), date(2026, 12, 20)),
        (date(2026, 11, 20), DeadlineBasis.GUARANTEED, date(2026, 12, 20), date(2026, 12, 20)),
        # a guarantee that ended before registration gives no extra day
        (date(2026, 11, 20), DeadlineBasis.GUARANTEED, date(2026, 11, 1), date(2026, 11, 20)),
    ],
)
def test_tax_deadline_by_basis(
    registered_on: date, basis: DeadlineBasis, guarantee_until: date | None, due_on: date
) -> None:
    assert tax_due_on(registered_on, basis, guarantee_until=guarantee_until) == due_on


def test_a_guaranteed_deadline_needs_the_guarantee_s_end() -> None:
    with pytest.raises(ValueError, match="guarantee"):
        tax_due_on(REGISTERED, DeadlineBasis.GUARANTEED)


@pytest.mark.parametrize(
    ("registered_on", "due_on"),
    [
        (date(2026, 11, 1), date(2026, 12, 10)),
        (date(2026, 11, 30), date(2026, 12, 10)),
        (date(2026, 12, 15), date(2027, 1, 10)),
    ],
)
def test_the_customs_fee_is_due_by_the_tenth_of_the_next_month(
    registered_on: date, due_on: date
) -> None:
    assert fee_due_on(registered_on) == due_on


def test_a_declaration_owes_each_tax_with_an_amount_then_the_fee() -> None:
    lines = obligations_for(
        {"vat": 2_000_000, "import": 1_500_000, "excise": 0}, registered_on=REGISTERED
    )
    assert lines == [
        ObligationLine(K.IMPORT, 1_500_000, REGISTERED),
        ObligationLine(K.VAT, 2_000_000, REGISTERED),
        ObligationLine(K.CUSTOMS_FEE, 20_000, date(2026, 12, 10)),
    ]


def test_a_declaration_with_no_tax_owes_only_the_fee() -> None:
    assert obligations_for({}, registered_on=REGISTERED) == [
        ObligationLine(K.CUSTOMS_FEE, 20_000, date(2026, 12, 10))
    ]


def test_a_priority_enterprise_pays_taxes_next_month() -> None:
    lines = obligations_for({"vat": 10}, registered_on=REGISTERED, basis=DeadlineBasis.PRIORITY)
    assert lines[0].due_on == date(2026, 12, 10)


@pytest.mark.parametrize(
    ("before", "after", "changes"),
    [
        ({K.IMPORT: 100, K.VAT: 50}, {"import": 100, "vat": 50}, []),
        ({K.IMPORT: 100}, {"import": 130}, [AmendmentChange(K.IMPORT, 100, 130)]),
        (
            {K.IMPORT: 100, K.VAT: 50},
            {"import": 80, "vat": 50},
            [AmendmentChange(K.IMPORT, 100, 80)],
        ),
        # a tax the amendment adds, and one it removes
        ({K.IMPORT: 100}, {"import": 100, "excise": 40}, [AmendmentChange(K.EXCISE, 0, 40)]),
        ({K.IMPORT: 100, K.VAT: 10}, {"import": 100}, [AmendmentChange(K.VAT, 10, 0)]),
        # the fee is paid once per declaration: an amendment never changes it
        ({K.IMPORT: 100, K.CUSTOMS_FEE: 20_000}, {"import": 100}, []),
    ],
)
def test_an_amendment_changes_only_the_taxes_that_move(
    before: dict[ObligationKind, int], after: dict[str, int], changes: list[AmendmentChange]
) -> None:
    assert amendment_changes(before, after) == changes


def test_a_change_says_extra_or_less() -> None:
    assert AmendmentChange(K.VAT, 100, 130).delta_vnd == 30
    assert AmendmentChange(K.VAT, 100, 70).delta_vnd == -30


@pytest.mark.parametrize(
    ("paid", "after", "refund"),
    [(0, 70, 0), (50, 70, 0), (70, 70, 0), (100, 70, 30), (100, 0, 100)],
)
def test_what_was_paid_beyond_the_amended_amount_is_credited(
    paid: int, after: int, refund: int
) -> None:
    assert refund_on_amendment(paid_vnd=paid, amount_after_vnd=after) == refund


def state(kind: ObligationKind, amount: int, paid: int = 0, covered: int = 0) -> ObligationState:
    return ObligationState(kind, amount, paid, covered, REGISTERED)


@pytest.mark.parametrize(
    ("states", "met"),
    [
        ([], True),
        ([state(K.IMPORT, 100, paid=100)], True),
        ([state(K.IMPORT, 100, paid=99)], False),
        ([state(K.IMPORT, 100, paid=40, covered=60)], True),
        ([state(K.IMPORT, 100, paid=40, covered=59)], False),
        ([state(K.IMPORT, 100, covered=100), state(K.VAT, 10)], False),
        # the monthly fee does not hold goods up
        ([state(K.IMPORT, 100, paid=100), state(K.CUSTOMS_FEE, 20_000)], True),
        # paid beyond the amount: met, the excess is a credit elsewhere
        ([state(K.VAT, 100, paid=150)], True),
    ],
)
def test_taxes_are_met_when_each_is_paid_or_guaranteed(
    states: list[ObligationState], met: bool
) -> None:
    assert taxes_met(states) is met


@pytest.mark.parametrize(
    ("day", "overdue"),
    [(date(2026, 11, 19), False), (REGISTERED, False), (date(2026, 11, 21), True)],
)
def test_an_obligation_is_overdue_the_day_after_its_deadline(day: date, overdue: bool) -> None:
    assert state(K.VAT, 100).overdue_on(day) is overdue
    assert state(K.VAT, 100, paid=100).overdue_on(day) is False


@pytest.mark.parametrize(
    ("amount", "outstanding", "shares", "excess"),
    [
        (100, [(1, 60), (2, 30)], [(1, 60), (2, 30)], 10),
        (70, [(1, 60), (2, 30)], [(1, 60), (2, 10)], 0),
        (60, [(1, 60), (2, 30)], [(1, 60)], 0),
        (50, [], [], 50),
        (50, [(1, 0), (2, 30)], [(2, 30)], 20),
    ],
)
def test_a_payment_settles_in_order_and_keeps_the_excess(
    amount: int, outstanding: list[tuple[int, int]], shares: list[tuple[int, int]], excess: int
) -> None:
    assert allocate(amount, outstanding) == (shares, excess)


@pytest.mark.parametrize(
    ("states", "after", "met"),
    [
        # paid in full, the amendment lowers a tax: still met
        ([state(K.IMPORT, 100, paid=100), state(K.VAT, 50, paid=50)], {K.IMPORT: 80}, True),
        # paid in full, the amendment raises a tax: the extra is owed
        ([state(K.IMPORT, 100, paid=100), state(K.VAT, 50, paid=50)], {K.VAT: 60}, False),
        # one falls by more than the other rises: the overpaid part covers the rise
        (
            [state(K.IMPORT, 100, paid=100), state(K.VAT, 50, paid=50)],
            {K.IMPORT: 80, K.VAT: 60},
            True,
        ),
        (
            [state(K.IMPORT, 100, paid=100), state(K.VAT, 50, paid=50)],
            {K.IMPORT: 95, K.VAT: 60},
            False,
        ),
        # a tax the amendment adds
        ([state(K.IMPORT, 100, paid=100)], {K.EXCISE: 10}, False),
        # nothing paid yet
        ([state(K.IMPORT, 100)], {K.IMPORT: 80}, False),
        # a guarantee covers the rise
        (
            [state(K.IMPORT, 100, paid=100), state(K.VAT, 50, paid=50, covered=20)],
            {K.VAT: 70},
            True,
        ),
    ],
)
def test_whether_an_amendment_leaves_the_taxes_met(
    states: list[ObligationState], after: dict[ObligationKind, int], met: bool
) -> None:
    assert met_after_amendment(states, after) is met
