"""Late-payment interest: 0.03 % a day, from the day after the deadline to the day before
the money is received (Law 38/2019/QH14, Art. 59)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from smartcustoms.payments.rules import late_days, late_interest

DUE = date(2026, 11, 20)


@pytest.mark.parametrize(
    ("paid_on", "days"),
    [
        (date(2026, 11, 19), 0),
        (DUE, 0),
        (date(2026, 11, 21), 0),  # received the day after: no day between
        (date(2026, 11, 22), 1),
        (date(2026, 12, 20), 29),
        (DUE + timedelta(days=366), 365),
    ],
)
def test_days_of_interest(paid_on: date, days: int) -> None:
    assert late_days(DUE, paid_on) == days


@pytest.mark.parametrize(
    ("amount", "payments", "on", "interest"),
    [
        # nothing late
        (10_000_000, [], DUE, 0),
        (10_000_000, [(DUE, 10_000_000)], date(2027, 1, 1), 0),
        # ten days late on ten million: 10,000,000 x 0.0003 x 10
        (10_000_000, [], DUE + timedelta(days=11), 30_000),
        (10_000_000, [(DUE + timedelta(days=11), 10_000_000)], date(2027, 6, 1), 30_000),
        # half paid on time, half ten days late
        (
            10_000_000,
            [(DUE, 5_000_000), (DUE + timedelta(days=11), 5_000_000)],
            date(2027, 1, 1),
            15_000,
        ),
        # half paid five days late, the rest still owed ten days late
        (10_000_000, [(DUE + timedelta(days=6), 5_000_000)], DUE + timedelta(days=11), 22_500),
        # payments count in the order received, whatever order they are listed in
        (
            10_000_000,
            [(DUE + timedelta(days=11), 5_000_000), (DUE, 5_000_000)],
            date(2027, 1, 1),
            15_000,
        ),
        # an overpayment earns no negative interest
        (100, [(DUE, 1_000)], date(2027, 1, 1), 0),
        # rounded once, half up: 1,667 x 0.0003 x 1 = 0.5001 -> 1; 1,666 -> 0.4998 -> 0
        (1_667, [], DUE + timedelta(days=2), 1),
        (1_666, [], DUE + timedelta(days=2), 0),
    ],
)
def test_interest_is_three_hundredths_of_a_percent_a_day(
    amount: int, payments: list[tuple[date, int]], on: date, interest: int
) -> None:
    assert late_interest(amount, DUE, payments, on=on) == interest
