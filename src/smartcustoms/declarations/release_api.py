"""JSON API of clearance and release: where a declaration stands, an officer's release
decision, and the Time Release Study's figures. Thin: every decision is in the service."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi import APIRouter
from sqlalchemy.orm import Session

from smartcustoms.declarations import service
from smartcustoms.declarations.release_rules import TimeRelease
from smartcustoms.declarations.schemas import (
    ClearanceRead,
    ConditionRead,
    ReleaseDecisionWrite,
    ReleaseTimesRead,
    Texts,
    TimeReleaseRead,
)
from smartcustoms.deps import ApiActor, IdInPath, Now, ServicesDep, SessionDep, requires
from smartcustoms.identity import service as identity
from smartcustoms.identity.rules import Actor
from smartcustoms.kit.wire import IsoDate
from smartcustoms.openapi import AUTHENTICATED, OWNER_CHECKED, STATE_CHANGING, problems

router = APIRouter(prefix="/api/v1/declarations", tags=["clearance"], responses=AUTHENTICATED)


def _seconds(interval: timedelta | None) -> float | None:
    return None if interval is None else interval.total_seconds()


def time_release_model(session: Session, found: TimeRelease) -> TimeReleaseRead:
    return TimeReleaseRead(
        submitted_at=found.submitted_at,
        registered_at=found.registered_at,
        decided_at=found.decided_at,
        decided_by=found.decided_by,
        decided_by_name=(
            None if found.decided_by is None else identity.officer_name(session, found.decided_by)
        ),
        released_at=found.released_at,
        cleared_at=found.cleared_at,
        registration_to_release_seconds=_seconds(found.registration_to_release),
        registration_to_decision_seconds=_seconds(found.registration_to_decision),
        decision_to_release_seconds=_seconds(found.decision_to_release),
        registration_to_clearance_seconds=_seconds(found.registration_to_clearance),
    )


def clearance_model(session: Session, actor: Actor, clearance: service.Clearance) -> ClearanceRead:
    declaration = clearance.declaration
    return ClearanceRead(
        declaration_id=declaration.id,
        status=declaration.status,
        conditions=[
            ConditionRead(
                name=e.name,
                kind=e.kind,
                met=e.outcome.met,
                code=e.outcome.code,
                message_en=e.outcome.message_en,
                message_vi=e.outcome.message_vi,
                officer_decides=e.outcome.officer_decides,
            )
            for e in clearance.evaluated
        ],
        officer_decision_awaited=clearance.officer_awaited,
        waiting_for=[Texts(message_en=w.en, message_vi=w.vi) for w in clearance.waiting_for],
        decisions=service.offered_decisions(actor, clearance),
        time_release=time_release_model(
            session, service.time_release_of(session, actor=actor, declaration_id=declaration.id)
        ),
    )


@router.get(
    "/{declaration_id:int}/clearance",
    response_model=ClearanceRead,
    responses=OWNER_CHECKED,
    dependencies=[requires("declarations.read")],
)
def declaration_clearance(
    declaration_id: IdInPath, actor: ApiActor, session: SessionDep, services: ServicesDep, now: Now
) -> Any:
    """The clearance conditions (met or awaited), whether an officer's release decision is
    awaited, the decisions the caller may make, and the Time Release Study's milestones."""
    clearance = service.clearance_of(
        session, actor=actor, declaration_id=declaration_id, setup=services.clearance, at=now
    )
    return clearance_model(session, actor, clearance)


@router.post(
    "/{declaration_id:int}/release",
    response_model=ClearanceRead,
    responses={**STATE_CHANGING, **problems(422)},
    dependencies=[requires("declarations.release")],
)
def decide_release(
    declaration_id: IdInPath,
    body: ReleaseDecisionWrite,
    actor: ApiActor,
    session: SessionDep,
    services: ServicesDep,
    now: Now,
) -> Any:
    """An officer of the declaration's office decides on its goods (the trader is told by
    the `declaration.approved`, `.stored`, `.released` or `.cleared` event and on the
    declaration's page). 409 `release_refused` when the procedure does not allow it yet."""
    clearance = service.decide_release(
        session,
        actor=actor,
        declaration_id=declaration_id,
        decision=body.decision,
        note=body.note,
        setup=services.clearance,
        at=now,
    )
    return clearance_model(session, actor, clearance)


@router.get(
    "/release-times",
    response_model=ReleaseTimesRead,
    responses=problems(401, 403),
    dependencies=[requires("declarations.release_times")],
)
def release_times(
    actor: ApiActor, session: SessionDep, first_day: IsoDate, last_day: IsoDate
) -> Any:
    """Registration-to-release times (count, median, 95th percentile) of the declarations
    first released from `first_day` to `last_day` (customs days, both included): an
    officer's office's, every office's for an administrator."""
    found = service.release_times_on_days(
        session, actor=actor, first_day=first_day, last_day=last_day
    )
    return ReleaseTimesRead(
        start=found.start,
        end=found.end,
        count=found.count,
        median_seconds=found.median_seconds,
        p95_seconds=found.p95_seconds,
    )
