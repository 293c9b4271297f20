"""Every single-window query. Rows come back as the domain's models or typed rows."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, delete, insert, select, update
from sqlalchemy.orm import Session

from smartcustoms.permits.models import (
    Agency,
    AgencyMessage,
    Application,
    ApplicationStep,
    Control,
    ProcedureDefinition,
    RegistryVersion,
)

# The queries about declarations' lines live in `lines`; callers find them here too.
from smartcustoms.permits.repository.lines import (
    Candidate,
    Earlier,
    add_drawdown,
    add_drawdowns,
    add_waits,
    agency_times_of,
    applications_for_lines,
    candidates_and_version,
    draw,
    drawdowns_of_declaration,
    earlier_holdings,
    end_earlier,
    give_back,
    open_waits_of_application,
    take_in_batch,
    unmet_waits,
    waits_of_chain,
    waits_of_declaration,
)
from smartcustoms.permits.rules import ControlEntry

# ---------------------------------------------------------------- agencies and procedures


def agencies(session: Session) -> list[Agency]:
    return list(session.scalars(select(Agency).order_by(Agency.code)))


def agency_by_code(session: Session, code: str) -> Agency | None:
    return session.scalar(select(Agency).where(Agency.code == code))


def agency_by_id(session: Session, agency_id: int) -> Agency | None:
    return session.get(Agency, agency_id)


def agency_by_organisation(session: Session, organisation_id: int) -> Agency | None:
    return session.scalar(select(Agency).where(Agency.organisation_id == organisation_id))


def add(session: Session, row: Any) -> None:
    session.add(row)
    session.flush()


def procedure(session: Session, code: str) -> ProcedureDefinition | None:
    return session.get(ProcedureDefinition, code)


def procedures(session: Session) -> list[ProcedureDefinition]:
    return list(session.scalars(select(ProcedureDefinition).order_by(ProcedureDefinition.code)))


# ---------------------------------------------------------------- the registry


@dataclass(frozen=True)
class ControlRow:
    id: int
    entry: ControlEntry
    agency_id: int
    release_for_storage: bool
    source: str


def _control_rows(session: Session, where: Any = None) -> list[ControlRow]:
    query = (
        select(Control, Agency.code, ProcedureDefinition.release_for_storage)
        .join(Agency, Agency.id == Control.agency_id)
        .join(ProcedureDefinition, ProcedureDefinition.code == Control.procedure_code)
        .order_by(Control.key)
    )
    if where is not None:
        query = query.where(where)
    return [
        ControlRow(
            id=c.id,
            entry=ControlEntry(
                key=c.key,
                hs_prefix=c.hs_prefix,
                kind=c.kind,
                procedure=c.procedure_code,
                agency=agency_code,
                direction=c.direction,
                type_codes=frozenset(c.type_codes.split()),
                origins=frozenset(c.origins.split()),
                base_sampling_percent=c.base_sampling_percent,
                floor_sampling_percent=c.floor_sampling_percent,
                priority_exempt=c.priority_exempt,
            ),
            agency_id=c.agency_id,
            release_for_storage=storage,
            source=c.source,
        )
        for c, agency_code, storage in session.execute(query)
    ]


def controls(session: Session) -> list[ControlRow]:
    return _control_rows(session)


def controls_by_prefixes(session: Session, prefixes: Collection[str]) -> list[ControlRow]:
    """The entries whose prefix is one of these (one indexed read at registration)."""
    return _control_rows(session, Control.hs_prefix.in_(sorted(prefixes)))


def clear_controls(session: Session) -> None:
    session.execute(delete(Control))


_VERSION = cast(Table, RegistryVersion.__table__)
_READ_VERSION = select(_VERSION.c.version).where(_VERSION.c.id == 1)


def registry_version(session: Session) -> int:
    """The registry's version number (one primary-key read, no ORM)."""
    return int(session.connection().execute(_READ_VERSION).scalar() or 0)


def raise_registry_version(session: Session, at: datetime) -> None:
    """Every change to the registry raises its version (the row locked until the commit, so
    two changes at once are serialised)."""
    raised = session.connection().execute(
        update(_VERSION)
        .where(_VERSION.c.id == 1)
        .values(version=_VERSION.c.version + 1, changed_at=at)
    )
    if not getattr(raised, "rowcount", 0):
        session.connection().execute(insert(_VERSION).values(id=1, version=1, changed_at=at))


# ---------------------------------------------------------------- applications


def application(
    session: Session, application_id: int, *, for_update: bool = False
) -> Application | None:
    query = select(Application).where(Application.id == application_id)
    if for_update:
        query = query.with_for_update()
    return session.scalar(query)


def applications_of(session: Session, enterprise_ids: Collection[int]) -> list[Application]:
    return list(
        session.scalars(
            select(Application)
            .where(Application.enterprise_id.in_(sorted(enterprise_ids)))
            .order_by(Application.id.desc())
        )
    )


def applications_for_agency(
    session: Session, agency_id: int, *, states: Collection[str] | None = None
) -> list[Application]:
    query = select(Application).where(Application.agency_id == agency_id)
    if states is not None:
        query = query.where(Application.state.in_(sorted(states)))
    return list(session.scalars(query.order_by(Application.deadline_at, Application.id)))


def record_of(
    session: Session, *, enterprise_id: int, agency_id: int, hs_prefix: str, since: datetime
) -> list[bool]:
    """The lab results (passed or not) of the enterprise's lots of this agency and
    commodity decided since `since`, oldest first."""
    return [
        bool(passed)
        for passed in session.scalars(
            select(Application.lab_passed)
            .where(
                Application.enterprise_id == enterprise_id,
                Application.agency_id == agency_id,
                Application.hs_code.startswith(hs_prefix),
                Application.lab_passed.is_not(None),
                Application.decided_at >= since,
            )
            .order_by(Application.decided_at, Application.id)
        )
    ]


def decided(
    session: Session, *, agency_id: int | None, since: datetime
) -> list[tuple[Application, str]]:
    """Applications decided since `since`, with their agency's code (the KPI figures)."""
    query = (
        select(Application, Agency.code)
        .join(Agency, Agency.id == Application.agency_id)
        .where(Application.decided_at.is_not(None), Application.decided_at >= since)
    )
    if agency_id is not None:
        query = query.where(Application.agency_id == agency_id)
    return [(a, code) for a, code in session.execute(query)]


# ---------------------------------------------------------------- steps and messages


def steps_of(session: Session, application_ids: Collection[int]) -> list[ApplicationStep]:
    return list(
        session.scalars(
            select(ApplicationStep)
            .where(ApplicationStep.application_id.in_(sorted(application_ids)))
            .order_by(ApplicationStep.application_id, ApplicationStep.id)
        )
    )


def open_step(session: Session, application_id: int) -> ApplicationStep | None:
    return session.scalar(
        select(ApplicationStep)
        .where(ApplicationStep.application_id == application_id, ApplicationStep.ended_at.is_(None))
        .order_by(ApplicationStep.id.desc())
        .limit(1)
    )


def message(session: Session, agency_id: int, message_id: str) -> AgencyMessage | None:
    return session.scalar(
        select(AgencyMessage).where(
            AgencyMessage.agency_id == agency_id, AgencyMessage.message_id == message_id
        )
    )


# Re-exported from `lines` (the names defined here are this module's own).
__all__ = [
    "Candidate",
    "Earlier",
    "add_drawdown",
    "add_drawdowns",
    "add_waits",
    "agency_times_of",
    "applications_for_lines",
    "candidates_and_version",
    "draw",
    "drawdowns_of_declaration",
    "earlier_holdings",
    "end_earlier",
    "give_back",
    "open_waits_of_application",
    "take_in_batch",
    "unmet_waits",
    "waits_of_chain",
    "waits_of_declaration",
]
