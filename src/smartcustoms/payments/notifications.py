"""Notifications to an enterprise's users: "balance too low" and "duty due" / "overdue".

Events go through the outbox: a debit that takes an account below its warning level emits
`payments.low_balance` (accounts.py); `remind` (the `smartcustoms payments remind` job, by
the clock it is given) emits `payments.duty_due` or `payments.duty_overdue` for each
declaration with duty unpaid near or past its deadline. `deliver` is the worker: it turns
those events into stored notifications, each once only (its key is unique), and marks them
delivered, so a redelivered event or a job run twice adds nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from smartcustoms.declarations import service as declarations
from smartcustoms.identity.rules import Actor
from smartcustoms.kit.bilingual import Both
from smartcustoms.kit.clock import customs_date
from smartcustoms.outbox import service as outbox
from smartcustoms.outbox.service import OutboxEvent
from smartcustoms.payments import repository
from smartcustoms.payments.access import require_customs, require_sees
from smartcustoms.payments.messages import day, name, texts, vnd
from smartcustoms.payments.models import Notification
from smartcustoms.payments.repository import notices
from smartcustoms.payments.rules.notices import (
    REMIND_DAYS_BEFORE,
    TOPICS,
    NoticeKind,
    event_key,
    reminder_for,
    reminder_key,
)

# The most notifications a list shows (newest first).
LIST_LIMIT = 50


@dataclass(frozen=True)
class Reminders:
    due: int  # duty-due events emitted
    overdue: int  # duty-overdue events emitted


def remind(session: Session, *, at: datetime) -> Reminders:
    """Emit a reminder for each declaration with duty unpaid whose earliest open deadline is
    at most REMIND_DAYS_BEFORE days away or past; none already sent for that deadline."""
    on = customs_date(at)
    horizon = on + timedelta(days=REMIND_DAYS_BEFORE + 1)
    rows = repository.overdue_enterprise_obligations(session, due_before=horizon)
    found: dict[int, tuple[int, date, int]] = {}  # chain -> enterprise, deadline, unpaid
    for row in rows:
        unpaid = row.obligation.amount_vnd - row.paid_vnd
        chain = row.obligation.chain_id
        enterprise, due_on, total = found.get(chain, (row.obligation.enterprise_id, date.max, 0))
        found[chain] = (enterprise, min(due_on, row.obligation.due_on), total + unpaid)
    planned: dict[str, tuple[NoticeKind, int, int, date, int]] = {}
    for chain, (enterprise, due_on, unpaid) in found.items():
        kind = reminder_for(due_on, on)
        if kind is not None and unpaid > 0:
            key = reminder_key(kind, chain_id=chain, due_on=due_on)
            planned[key] = (kind, enterprise, chain, due_on, unpaid)
    sent = notices.known_keys(session, planned)
    counts = {NoticeKind.DUTY_DUE: 0, NoticeKind.DUTY_OVERDUE: 0}
    for key, (kind, enterprise, chain, due_on, unpaid) in planned.items():
        if key in sent:
            continue
        outbox.emit(
            session,
            topic=TOPICS[kind],
            aggregate_type="organisation",
            aggregate_id=enterprise,
            payload={
                "key": key,
                "chain_id": chain,
                "due_on": due_on.isoformat(),
                "outstanding_vnd": unpaid,
            },
            at=at,
        )
        counts[kind] += 1
    session.flush()
    return Reminders(due=counts[NoticeKind.DUTY_DUE], overdue=counts[NoticeKind.DUTY_OVERDUE])


@dataclass(frozen=True)
class ReminderRun:
    reminders: Reminders
    notifications: int  # new notifications stored


def run_reminders(
    session: Session, *, actor: Actor, at: datetime, also: Sequence[outbox.Handler] = ()
) -> ReminderRun:
    """The reminder job on demand (officers), as `smartcustoms payments remind` runs it."""
    require_customs(actor)
    return ReminderRun(remind(session, at=at), deliver(session, at=at, also=also))


def deliver(
    session: Session, *, at: datetime, limit: int = 500, also: Sequence[outbox.Handler] = ()
) -> int:
    """The worker's pass: the pending events become notifications; how many were new.

    `also`: the platform's other handlers (the trader notifications, a relay), which must see
    these events too, as they are marked delivered here (smartcustoms/worker.py lists them).
    """
    made: list[bool] = []

    def store(session: Session, events: Sequence[OutboxEvent], at: datetime) -> None:
        made.extend(store_notices(session, events, at=at))

    mine = outbox.Handler("payments.notices", frozenset(TOPICS.values()), store)
    outbox.dispatch(session, [mine, *also], at=at, limit=limit)
    session.flush()
    return sum(made)


def store_notices(session: Session, events: Sequence[OutboxEvent], *, at: datetime) -> list[bool]:
    """The handler: each payments notice event as a stored notification (True: a new one)."""
    kinds = {topic: kind for kind, topic in TOPICS.items()}
    made: list[bool] = []
    for event in events:
        kind = kinds[event.topic]
        payload = event.payload
        if kind is NoticeKind.LOW_BALANCE:
            notification = Notification(
                enterprise_id=int(event.aggregate_id),
                kind=kind.value,
                key=event_key(kind, event.id),
                account_kind=str(payload["account"]),
                amount_vnd=int(payload["available_vnd"]),
                threshold_vnd=_int_or_none(payload.get("threshold_vnd")),
                created_at=at,
            )
        else:
            notification = Notification(
                enterprise_id=int(event.aggregate_id),
                kind=kind.value,
                key=str(payload["key"]),
                amount_vnd=int(payload["outstanding_vnd"]),
                chain_id=int(payload["chain_id"]),
                due_on=date.fromisoformat(str(payload["due_on"])),
                created_at=at,
            )
        made.append(notices.add_once(session, notification))
    return made


def _int_or_none(value: object) -> int | None:
    return None if value is None else int(str(value))


@dataclass(frozen=True)
class NotificationView:
    id: int
    kind: NoticeKind
    title: Both
    text: Both
    created_at: datetime
    declaration_id: int | None  # the declaration (its first version) a reminder is about


def notifications_of(
    session: Session, *, actor: Actor, enterprise_id: int
) -> list[NotificationView]:
    """An enterprise's notifications, newest first, for whoever may see its money."""
    require_sees(actor, enterprise_id)
    found = notices.of_enterprise(session, enterprise_id, limit=LIST_LIMIT)
    numbers = declarations.declaration_numbers(
        session, declaration_ids={n.chain_id for n in found if n.chain_id is not None}
    )
    return [_view(n, numbers) for n in found]


def _view(found: Notification, numbers: Mapping[int, str | None]) -> NotificationView:
    kind = NoticeKind(found.kind)
    if kind is NoticeKind.LOW_BALANCE:
        text = texts(
            "notice_text.low_balance",
            account=name("account", found.account_kind or "cash"),
            available=vnd(found.amount_vnd or 0),
            threshold=vnd(found.threshold_vnd or 0),
        )
    else:
        number = numbers.get(found.chain_id or 0) or str(found.chain_id)
        text = texts(
            f"notice_text.{kind.value}",
            outstanding=vnd(found.amount_vnd or 0),
            number=number,
            due_on=day(found.due_on or date.min),
        )
    return NotificationView(
        found.id, kind, name("notice", kind.value), text, found.created_at, found.chain_id
    )
