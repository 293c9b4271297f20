"""The KPI dashboard's single-window figures: per agency and procedure, processing time
(median, p90, hours from receipt to decision), the share decided within the legal
deadline, sampled, and accepted by mutual recognition."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from smartcustoms.errors import PermissionDenied
from smartcustoms.identity.rules import Actor, Role
from smartcustoms.permits import repository
from smartcustoms.permits.messages import error
from smartcustoms.permits.rules import Decided, ProcedureFigures, SamplingReason, figures
from smartcustoms.permits.service.agencies import AGENCY_ROLES, agency_of


def permit_figures(session: Session, *, actor: Actor, since: datetime) -> list[ProcedureFigures]:
    """Customs and administrators see every agency's; an agency its own."""
    agency_id = None
    if actor.role in AGENCY_ROLES:
        agency_id = agency_of(session, actor).id
    elif not (actor.is_customs or actor.role == Role.ADMIN):
        raise error(PermissionDenied, "agency_only")
    rows = repository.decided(session, agency_id=agency_id, since=since)
    return figures(
        [
            Decided(
                agency=code,
                procedure=a.procedure_code,
                hours=((a.decided_at or a.received_at) - a.received_at).total_seconds() / 3600,
                within_deadline=a.within_deadline,
                sampled=a.sampled,
                mutual_recognition=a.sampling_reason == SamplingReason.MUTUAL_RECOGNITION,
            )
            for a, code in rows
        ]
    )


@dataclass(frozen=True)
class AgencyTime:
    """An application a declaration waited for or drew on: its agency, when the agency
    received it and when it decided (None: not yet)."""

    agency_code: str
    received_at: datetime
    decided_at: datetime | None


def agency_times_of(
    session: Session, *, declaration_ids: Collection[int]
) -> dict[int, list[AgencyTime]]:
    """The other agencies' times by declaration, for the Time Release Study another domain
    computes (the caller has checked who may see it)."""
    found: dict[int, list[AgencyTime]] = {}
    for declaration_id, code, received, decided in repository.agency_times_of(
        session, declaration_ids
    ):
        found.setdefault(declaration_id, []).append(AgencyTime(code, received, decided))
    return found
