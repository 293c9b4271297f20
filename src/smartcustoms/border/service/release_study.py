"""The Time Release Study computed from the platform's own events, per consignment (a bill
of lading or air waybill): arrival (its containers' or vehicle's gate-in), the declaration
lodged, registered, its channel decided (risk), the check asked for and its result recorded
(risk), the other agencies' applications received and decided (permits, the single window),
paid (payments), released (declarations), gate-out (the gate)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from smartcustoms.border import repository
from smartcustoms.border.messages import error
from smartcustoms.border.models import Manifest
from smartcustoms.border.rules import (
    AgencyWait,
    Comparison,
    Consignment,
    IntervalFigures,
    agency_milestones,
    comparison,
    figures,
)
from smartcustoms.declarations import service as declarations
from smartcustoms.declarations.release_rules import Change, time_release
from smartcustoms.errors import PermissionDenied, ValidationFailed
from smartcustoms.identity import policy
from smartcustoms.identity.rules import Actor, Role
from smartcustoms.payments import service as payments
from smartcustoms.permits import service as permits
from smartcustoms.risk import service as risk

MAX_PERIOD = timedelta(days=366)
MAX_MANIFESTS = 5000


@dataclass(frozen=True)
class Study:
    start: datetime
    end: datetime
    consignments: list[Consignment]
    figures: list[IntervalFigures]
    comparison: list[Comparison]


def _first(*values: datetime | None) -> datetime | None:
    known = [v for v in values if v is not None]
    return min(known) if known else None


DEFAULT_PERIOD = timedelta(days=31)


def release_study(
    session: Session, *, actor: Actor, start: datetime | None, end: datetime
) -> Study:
    """Consignments whose vessel, flight or truck arrived (as reported) in [start, end) (31
    days by default): an officer's office's, every office's for an administrator."""
    if not policy.allowed(actor, "border.release_study").allowed:
        raise error(PermissionDenied, "customs_only")
    if start is None:
        if end.year < 2000:
            raise error(ValidationFailed, "period_invalid")
        start = end - DEFAULT_PERIOD
    if not timedelta(0) < end - start <= MAX_PERIOD:
        raise error(ValidationFailed, "period_invalid")
    office = None if actor.role == Role.ADMIN else actor.office_code
    manifests: list[Manifest] = [
        m
        for m in repository.manifests(
            session, carrier_ids=None, office_code=office, limit=MAX_MANIFESTS
        )
        if start <= m.arrival_at < end
    ]
    by_id = {m.id: m for m in manifests}
    lines = repository.lines_of(session, list(by_id))
    line_ids = [line.id for line in lines]
    containers = repository.containers_of(session, line_ids)
    links = repository.links_of_lines(session, line_ids)
    declaration_ids = sorted({k.declaration_id for k in links})
    histories = declarations.milestones_of(session, declaration_ids=declaration_ids)
    channels = risk.channels_of(session, declaration_ids=declaration_ids)
    paid = payments.paid_at(session, declaration_ids=declaration_ids)
    agencies = permits.agency_times_of(session, declaration_ids=declaration_ids)
    inspections = risk.inspection_times_of(session, declaration_ids=declaration_ids)
    consignments: list[Consignment] = []
    for line in lines:
        manifest = by_id[line.manifest_id]
        boxes = [c for c in containers if c.line_id == line.id]
        arrived = _first(*(c.gated_in_at for c in boxes), manifest.arrived_at)
        gate_out = (
            max((c.gated_out_at for c in boxes if c.gated_out_at), default=None)
            if boxes and all(c.gated_out_at for c in boxes)
            else manifest.closed_at
        )
        linked = [k.declaration_id for k in links if k.line_id == line.id]
        declaration_id = linked[0] if linked else None
        times: dict[str, datetime | None] = {"arrived": arrived, "gate_out": gate_out}
        channel = None
        waits: tuple[AgencyWait, ...] = ()
        if declaration_id is not None:
            milestones = time_release(
                Change(c.to_status, c.at, c.actor_id) for c in histories.get(declaration_id, [])
            )
            decided = channels.get(declaration_id)
            channel = decided[0] if decided else None
            started, ended = inspections.get(declaration_id, (None, None))
            waits = tuple(
                AgencyWait(a.agency_code, a.received_at, a.decided_at)
                for a in agencies.get(declaration_id, [])
            )
            times.update(agency_milestones(waits))
            times.update(
                lodged=milestones.submitted_at,
                registered=milestones.registered_at,
                channel=decided[1] if decided else None,
                inspection_started=started,
                inspection_ended=ended,
                paid=paid.get(declaration_id),
                released=milestones.released_at,
            )
        consignments.append(
            Consignment(
                line.document_number, manifest.office_code, manifest.mode, channel, times, waits
            )
        )
    found = figures(consignments)
    return Study(start, end, consignments, found, comparison(found))
