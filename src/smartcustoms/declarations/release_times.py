"""The Time Release Study's reads: a declaration's milestones, and registration-to-release
times over a period (median, 95th percentile) for the KPI dashboard."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy.orm import Session

from smartcustoms.declarations import repository
from smartcustoms.declarations.access import history
from smartcustoms.declarations.messages import error
from smartcustoms.declarations.release_rules import (
    Change,
    ReleaseTimes,
    TimeRelease,
    officer_only,
    release_times,
    time_release,
)
from smartcustoms.errors import ValidationFailed
from smartcustoms.identity.rules import Actor, Role
from smartcustoms.kit.clock import VIETNAM


def time_release_of(session: Session, *, actor: Actor, declaration_id: int) -> TimeRelease:
    """The declaration's milestones (submitted, registered, the officer's decision, released,
    cleared) over all the versions of its number the actor may see."""
    found = history(session, actor=actor, declaration_id=declaration_id)
    return time_release(Change(c.to_status, c.at, c.actor_id) for c in found.changes)


def release_times_between(
    session: Session, *, actor: Actor, start: datetime, end: datetime
) -> ReleaseTimes:
    """Registration-to-release times of the declarations first released in [start, end):
    an officer's office's, or every office's for an administrator."""
    if actor.role == Role.ADMIN:
        office_code = None
    elif actor.is_customs and actor.office_code is not None:
        office_code = actor.office_code
    else:
        raise officer_only()
    pairs = repository.registrations_released_between(
        session, office_code=office_code, start=start, end=end
    )
    return release_times(released - registered for registered, released in pairs)


@dataclass(frozen=True)
class PeriodReleaseTimes(ReleaseTimes):
    start: datetime
    end: datetime


# Days a period may cover: the platform's records start after 2000; past 2999 is a typo.
_FIRST_DAY, _LAST_DAY = date(2000, 1, 1), date(2999, 12, 31)


def day_start(day: date) -> datetime:
    """The instant a customs day (Vietnam time) starts."""
    return datetime.combine(day, time(0), tzinfo=VIETNAM).astimezone(UTC)


def release_times_on_days(
    session: Session, *, actor: Actor, first_day: date, last_day: date
) -> PeriodReleaseTimes:
    """`release_times_between` over customs days (Vietnam time), both included."""
    if not _FIRST_DAY <= first_day <= last_day <= _LAST_DAY:
        raise error(ValidationFailed, "period_invalid", first=_FIRST_DAY, last=_LAST_DAY)
    start, end = day_start(first_day), day_start(last_day + timedelta(days=1))
    found = release_times_between(session, actor=actor, start=start, end=end)
    return PeriodReleaseTimes(found.count, found.median_seconds, found.p95_seconds, start, end)
