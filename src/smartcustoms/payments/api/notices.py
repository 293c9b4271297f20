"""Notifications ("balance too low", "duty due") and the reminder job on demand."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from smartcustoms.deps import ApiActor, Now, ServicesDep, SessionDep, requires
from smartcustoms.openapi import OWNER_CHECKED, STATE_CHANGING, problems
from smartcustoms.payments import service
from smartcustoms.payments.rules import invalid
from smartcustoms.payments.schemas import Named, NotificationRead, RemindersRead

router = APIRouter()


@router.get(
    "/notifications",
    response_model=list[NotificationRead],
    responses=OWNER_CHECKED,
    dependencies=[requires("payments.read")],
)
def notifications(
    actor: ApiActor,
    session: SessionDep,
    enterprise_id: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
) -> Any:
    """An enterprise's notifications, newest first (50 at most): its account fell below the
    warning level, duty is due within 3 days, duty is overdue. Defaults to your company."""
    chosen = enterprise_id or actor.organisation_id
    if chosen is None:
        raise invalid("enterprise_id", "enterprise_required")
    return [
        NotificationRead(
            id=n.id,
            kind=Named(code=n.kind.value, en=n.title.en, vi=n.title.vi),
            text=Named(code=n.kind.value, en=n.text.en, vi=n.text.vi),
            created_at=n.created_at,
            declaration_id=n.declaration_id,
        )
        for n in service.notifications_of(session, actor=actor, enterprise_id=chosen)
    ]


@router.post(
    "/reminders",
    response_model=RemindersRead,
    responses=STATE_CHANGING | problems(403),
    dependencies=[requires("payments.office")],
)
def reminders(actor: ApiActor, session: SessionDep, services: ServicesDep, now: Now) -> Any:
    """Run the reminder job now (officers; `smartcustoms payments remind` runs it on a
    schedule): remind of duty due or overdue, and store the notifications waiting."""
    done = service.run_reminders(
        session, actor=actor, at=now, also=services.payments.event_handlers
    )
    return RemindersRead(
        duty_due=done.reminders.due,
        duty_overdue=done.reminders.overdue,
        notifications=done.notifications,
    )
