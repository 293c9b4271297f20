"""Notifications to an enterprise's users (as UK CDS's "deferment balance too low" and
"duty due"): which to send, and the key that makes each one once only."""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

# SAMPLE: duty is recalled this many days before its deadline (and again once overdue).
REMIND_DAYS_BEFORE = 3


class NoticeKind(StrEnum):
    LOW_BALANCE = "low_balance"  # an account's available balance fell below its warning level
    DUTY_DUE = "duty_due"  # an unpaid obligation's deadline is near
    DUTY_OVERDUE = "duty_overdue"  # an unpaid obligation's deadline has passed


# The outbox topics the notification worker turns into notifications.
TOPICS = {kind: f"payments.{kind.value}" for kind in NoticeKind}


def reminder_for(due_on: date, on: date) -> NoticeKind | None:
    """Duty unpaid on `on` with deadline `due_on`: due soon, overdue, or nothing to say yet."""
    if on > due_on:
        return NoticeKind.DUTY_OVERDUE
    if due_on - on <= timedelta(days=REMIND_DAYS_BEFORE):
        return NoticeKind.DUTY_DUE
    return None


def reminder_key(kind: NoticeKind, *, chain_id: int, due_on: date) -> str:
    """One reminder of each kind per declaration and deadline, however often the job runs."""
    return f"{kind.value}:{chain_id}:{due_on.isoformat()}"


def event_key(kind: NoticeKind, event_id: int) -> str:
    """A notification made from one outbox event: once, however often it is delivered."""
    return f"{kind.value}:event:{event_id}"
