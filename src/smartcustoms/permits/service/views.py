"""What the pages and the API show of applications: one clock per step and who holds the
file, an agency's queue by deadline, and what a declaration waits for from whom."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy.orm import Session

from smartcustoms.declarations import service as declarations
from smartcustoms.documents import service as documents
from smartcustoms.documents.ports import DocumentInfo
from smartcustoms.errors import NotFound
from smartcustoms.identity import service as identity
from smartcustoms.identity.rules import Actor
from smartcustoms.permits import repository
from smartcustoms.permits.messages import error
from smartcustoms.permits.models import Agency, Application, ApplicationStep
from smartcustoms.permits.rules import OPEN, Procedure, State, from_e4, who_acts
from smartcustoms.permits.service.agencies import AGENCY_ROLES, agency_of, procedures
from smartcustoms.permits.service.applications import application_number


@dataclass(frozen=True)
class StepView:
    state: State
    holder: str | None
    started_at: datetime
    deadline_at: datetime | None
    ended_at: datetime | None

    def late(self, at: datetime) -> bool:
        end = self.ended_at or at
        return self.deadline_at is not None and end > self.deadline_at


@dataclass(frozen=True)
class ApplicationView:
    id: int
    number: str
    procedure: Procedure
    agency: Agency
    enterprise_id: int
    hs_code: str
    goods: str
    origin_country: str
    quantity: Decimal
    unit: str
    balance: Decimal
    state: State
    holder: str | None  # who must act now: agency | trader | None (decided)
    state_since: datetime
    deadline_at: datetime | None
    sampled: bool
    sampling_reason: str
    sampling_rate: Decimal
    lab_passed: bool | None
    conditions: str
    note: str
    valid_from: date | None
    valid_until: date | None
    document_ids: tuple[int, ...]
    received_at: datetime
    decided_at: datetime | None
    steps: tuple[StepView, ...]

    def overdue(self, at: datetime) -> bool:
        return self.deadline_at is not None and at > self.deadline_at

    @property
    def open(self) -> bool:
        return self.state in OPEN


def _views(session: Session, apps: list[Application]) -> list[ApplicationView]:
    if not apps:
        return []
    by_code = {p.code: p for p in procedures(session)}
    agencies = {a.id: a for a in repository.agencies(session)}
    steps: dict[int, list[ApplicationStep]] = {}
    for step in repository.steps_of(session, [a.id for a in apps]):
        steps.setdefault(step.application_id, []).append(step)
    out = []
    for a in apps:
        definition = by_code[a.procedure_code]
        agency = agencies[a.agency_id]
        holder = who_acts(definition, State(a.state))
        out.append(
            ApplicationView(
                id=a.id,
                number=application_number(a, agency.code),
                procedure=definition,
                agency=agency,
                enterprise_id=a.enterprise_id,
                hs_code=a.hs_code,
                goods=a.goods,
                origin_country=a.origin_country,
                quantity=a.quantity,
                unit=a.unit,
                balance=from_e4(a.balance_e4),
                state=State(a.state),
                holder=None if holder is None else holder.value,
                state_since=a.state_since,
                deadline_at=a.deadline_at,
                sampled=a.sampled,
                sampling_reason=a.sampling_reason,
                sampling_rate=a.sampling_rate,
                lab_passed=a.lab_passed,
                conditions=a.conditions,
                note=a.note,
                valid_from=a.valid_from,
                valid_until=a.valid_until,
                document_ids=tuple(a.document_ids),
                received_at=a.received_at,
                decided_at=a.decided_at,
                steps=tuple(
                    StepView(State(s.state), s.holder, s.started_at, s.deadline_at, s.ended_at)
                    for s in steps.get(a.id, [])
                ),
            )
        )
    return out


def view_of(session: Session, application: Application) -> ApplicationView:
    return _views(session, [application])[0]


def get_application(session: Session, *, actor: Actor, application_id: int) -> ApplicationView:
    """An application its trader, its agency or a customs officer may see (others: not
    found, so ids cannot be probed)."""
    app = repository.application(session, application_id)
    if app is None or not _may_see(session, actor, app):
        raise error(NotFound, "application_not_found", application_id=application_id)
    return view_of(session, app)


def _may_see(session: Session, actor: Actor, app: Application) -> bool:
    if actor.may_declare_for(app.enterprise_id) or actor.is_customs:
        return True
    if actor.role in AGENCY_ROLES:
        return agency_of(session, actor).id == app.agency_id
    return False


def my_applications(session: Session, *, actor: Actor) -> list[ApplicationView]:
    """A trader's (or broker's) applications, the latest first."""
    return _views(session, repository.applications_of(session, actor.enterprise_ids))


def agency_queue(
    session: Session, *, actor: Actor, include_decided: bool = False
) -> list[ApplicationView]:
    """The agency's files, the nearest deadline first (open ones only, unless asked)."""
    agency = agency_of(session, actor)
    states = None if include_decided else {s.value for s in OPEN}
    return _views(session, repository.applications_for_agency(session, agency.id, states=states))


@dataclass(frozen=True)
class AwaitedView:
    """A declaration's line and the licence or result it waits for (or drew on)."""

    line: int
    application: ApplicationView
    since: datetime
    quantity: Decimal
    outcome: str | None  # None: waiting; granted, rejected, withdrawn, revoked, cancelled, amended


@dataclass(frozen=True)
class DeclarationPermits:
    waits: list[AwaitedView]
    attached: list[AwaitedView]

    @property
    def empty(self) -> bool:
        return not self.waits and not self.attached


def declaration_permits(
    session: Session, *, actor: Actor, declaration_id: int
) -> DeclarationPermits:
    """What the declaration waits for, from whom and since when, and the licences attached."""
    declarations.get_declaration(session, actor=actor, declaration_id=declaration_id)
    waits = repository.waits_of_declaration(session, declaration_id)
    draws = repository.drawdowns_of_declaration(session, declaration_id)
    views = {
        v.id: v for v in _views(session, list({a.id: a for _, a in [*waits, *draws]}.values()))
    }
    return DeclarationPermits(
        waits=[
            AwaitedView(w.line, views[a.id], w.since, w.quantity, w.outcome)
            for w, a in waits
            # Granted: shown as attached; amended: the amendment's own waits are its page's.
            if w.outcome not in ("granted", "amended")
        ],
        attached=[AwaitedView(d.line, views[a.id], d.at, d.quantity, "granted") for d, a in draws],
    )


def enterprise_names(session: Session, ids: list[int]) -> dict[int, str]:
    """The applicants' names, for an agency's queue."""
    return identity.organisation_names(session, ids)


def dossier_documents(session: Session, *, actor: Actor) -> list[DocumentInfo]:
    """The trader's dossier, from which an application takes its documents."""
    return documents.documents_on_file(session, actor=actor)
