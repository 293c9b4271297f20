"""Which reminder an unpaid obligation gets, over the whole table of days."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from smartcustoms.payments.rules.notices import NoticeKind, reminder_for, reminder_key

DUE = date(2026, 12, 10)


@pytest.mark.parametrize(
    ("days_before", "expected"),
    [
        (30, None),
        (4, None),
        (3, NoticeKind.DUTY_DUE),
        (1, NoticeKind.DUTY_DUE),
        (0, NoticeKind.DUTY_DUE),
        (-1, NoticeKind.DUTY_OVERDUE),
        (-90, NoticeKind.DUTY_OVERDUE),
    ],
)
def test_duty_is_recalled_three_days_ahead_and_once_overdue(
    days_before: int, expected: NoticeKind | None
) -> None:
    assert reminder_for(DUE, DUE - timedelta(days=days_before)) is expected


def test_a_reminder_is_keyed_by_declaration_kind_and_deadline() -> None:
    due = reminder_key(NoticeKind.DUTY_DUE, chain_id=7, due_on=DUE)
    assert due == reminder_key(NoticeKind.DUTY_DUE, chain_id=7, due_on=DUE)
    assert due != reminder_key(NoticeKind.DUTY_OVERDUE, chain_id=7, due_on=DUE)
    assert due != reminder_key(NoticeKind.DUTY_DUE, chain_id=7, due_on=DUE + timedelta(days=1))
