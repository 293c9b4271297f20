"""The smart gate: gates and their machine accounts, gate-in and gate-out events sent by
the gates' camera and RFID systems, the decision whether goods may leave, gate passes."""

from __future__ import annotations

import io
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import segno
from sqlalchemy.orm import Session

from smartcustoms.audit import service as audit
from smartcustoms.border import repository
from smartcustoms.border.messages import error, field_error
from smartcustoms.border.models import Gate, GateEvent
from smartcustoms.border.rules import (
    Covering,
    DeclarationState,
    GateConfigInvalid,
    GateDecision,
    GateSetup,
    GateUnknown,
    arrival_status,
    container_problem,
    gate_out_decision,
    gate_out_refused,
    is_plate,
    normalise_container,
    normalise_plate,
)
from smartcustoms.declarations import service as declarations
from smartcustoms.errors import Conflict, FieldError, NotFound, PermissionDenied, ValidationFailed
from smartcustoms.identity import policy
from smartcustoms.identity import service as identity
from smartcustoms.identity.rules import Actor, Role

# A truck's arrival is held against its booking up to 6 hours before or after the slot;
# farther, the booking is taken for another trip.
BOOKING_REACH = timedelta(hours=6)


@dataclass(frozen=True)
class GateInput:
    code: str
    name: str
    office_code: str
    kind: str
    lanes: int = 1
    slot_minutes: int = 30
    capacity: int = 10
    machine_username: str | None = None


def setup_of(gate: Gate) -> GateSetup:
    return GateSetup(gate.code, gate.kind, gate.lanes, gate.slot_minutes, gate.capacity)


def register_gate(session: Session, *, actor: Actor, gate: GateInput, at: datetime) -> Gate:
    """An administrator or supervisor registers a gate and the machine account of its system."""
    if not policy.allowed(actor, "border.gates.manage").allowed:
        raise error(PermissionDenied, "gate_admin_only")
    problems: list[FieldError] = []
    if gate.kind not in ("sea", "air", "land"):
        problems.append(field_error("kind", "mode_unknown", given=gate.kind))
    for name, value, high in (
        ("lanes", gate.lanes, 50),
        ("slot_minutes", gate.slot_minutes, 240),
        ("capacity", gate.capacity, 1000),
    ):
        if not 1 <= value <= high:
            problems.append(field_error(name, "not_positive"))
    machine_id = None
    if gate.machine_username:
        user = identity.find_user(session, username=gate.machine_username)
        if user is None or user.role != Role.GATE_SYSTEM:
            problems.append(field_error("machine_username", "gate_system_only"))
        else:
            machine_id = user.id
    if problems:
        raise GateConfigInvalid(
            message_en=problems[0].message_en, message_vi=problems[0].message_vi, errors=problems
        )
    if repository.gate_by_code(session, gate.code) is not None:
        raise error(Conflict, "gate_code_taken", gate=gate.code)
    row = Gate(
        code=gate.code,
        name=gate.name,
        office_code=gate.office_code,
        kind=gate.kind,
        lanes=gate.lanes,
        slot_minutes=gate.slot_minutes,
        capacity=gate.capacity,
        machine_user_id=machine_id,
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        action="gate.registered",
        object_type="gate",
        object_id=row.code,
        at=at,
        actor_id=actor.user_id,
        details={"office": row.office_code, "kind": row.kind, "machine_user_id": machine_id},
    )
    return row


def gate_for(session: Session, code: str, *, lock: bool = False) -> Gate:
    gate = repository.gate_by_code(session, code, lock=lock)
    if gate is None:
        raise error(GateUnknown, "gate_unknown", gate=code)
    return gate


def list_gates(session: Session) -> list[Gate]:
    return repository.gates(session)


def _machine_gate(session: Session, actor: Actor, code: str) -> Gate:
    gate = gate_for(session, code)
    if not policy.allowed(actor, "border.gate_event").allowed:
        raise error(PermissionDenied, "gate_system_only")
    if gate.machine_user_id != actor.user_id:
        raise error(PermissionDenied, "gate_not_for_you", gate=code)
    return gate


@dataclass(frozen=True)
class Subject:
    container: str | None
    plate: str | None

    @property
    def text(self) -> str:
        return self.container or self.plate or ""


def subject_of(container: str | None, plate: str | None) -> Subject:
    """The container (ISO 6346 checked) or the vehicle the event is about, one of them."""
    container = (container or "").strip() or None
    plate = (plate or "").strip() or None
    if (container is None) == (plate is None):
        raise error(ValidationFailed, "subject_required")
    if container is not None:
        problem = container_problem(container)
        if problem is not None:
            wrong = (
                field_error("container_number", "container_invalid", number=problem.number)
                if problem.expected is None
                else field_error(
                    "container_number",
                    "check_digit_wrong",
                    number=problem.number,
                    expected=problem.expected,
                    given=problem.given,
                )
            )
            raise ValidationFailed(
                message_en=wrong.message_en, message_vi=wrong.message_vi, errors=[wrong]
            )
        return Subject(normalise_container(container), None)
    assert plate is not None
    if not is_plate(plate):
        wrong = field_error("plate", "plate_invalid", plate=plate)
        raise ValidationFailed(
            message_en=wrong.message_en, message_vi=wrong.message_vi, errors=[wrong]
        )
    return Subject(None, normalise_plate(plate))


@dataclass(frozen=True)
class Coverage:
    decision: GateDecision
    container_ids: list[int]
    manifest_ids: list[int]


def decide_gate_out(session: Session, subject: Subject) -> Coverage:
    """May it leave? Two statements: what covers it (border), the declarations' statuses in
    force (declarations); nothing written."""
    vehicle = subject.container is None
    rows = (
        repository.vehicle_coverage(session, subject.text)
        if vehicle
        else repository.container_coverage(session, subject.text)
    )
    linked = sorted({r.declaration_id for r in rows if r.declaration_id is not None})
    states = declarations.states_in_force(session, declaration_ids=linked)
    bills: dict[str, list[DeclarationState]] = {}
    for row in rows:
        found = bills.setdefault(row.document_number, [])
        if row.declaration_id is not None and row.declaration_id in states:
            found.append(DeclarationState(row.declaration_id, *states[row.declaration_id]))
    covering = [Covering(bill, tuple(found)) for bill, found in bills.items()]
    decision = gate_out_decision(subject.text, vehicle=vehicle, covering=covering)
    holders = sorted({r.holder_id for r in rows})
    return Coverage(decision, [] if vehicle else holders, holders if vehicle else [])


@dataclass(frozen=True)
class GateOutcome:
    event: GateEvent
    gate: Gate
    decision: GateDecision | None  # gate-out's; None for a gate-in


def gate_in(
    session: Session,
    *,
    actor: Actor,
    gate_code: str,
    container: str | None = None,
    plate: str | None = None,
    at: datetime,
) -> GateOutcome:
    """A container or vehicle entered the area: its arrival, and at a land gate how it stands
    against its slot booking."""
    gate = _machine_gate(session, actor, gate_code)
    subject = subject_of(container, plate)
    arrival = None
    if subject.container is not None:
        found = repository.open_containers(session, subject.container)
        repository.arrive_containers(session, [c.id for c, _ in found], at)
    else:
        for manifest in repository.open_road_manifests(session, subject.text):
            if manifest.arrived_at is None:
                manifest.arrived_at = at
        if gate.kind == "land":
            near = repository.bookings_near(
                session, gate.id, subject.text, at - BOOKING_REACH, at + BOOKING_REACH
            )
            booking = min(near, key=lambda b: abs(b.slot_start - at), default=None)
            start = None
            if booking is not None:
                booking.arrived_at = at
                start = booking.slot_start
            arrival = arrival_status(at, start, gate.slot_minutes)
    event = GateEvent(
        gate_id=gate.id,
        direction="in",
        container_number=subject.container,
        plate=subject.plate,
        at=at,
        reported_by_id=actor.user_id,
        arrival=arrival,
    )
    _record_passage(session, "gate.in", gate, subject, actor, at)
    return GateOutcome(repository.add_event(session, event), gate, None)


def _record_passage(
    session: Session, action: str, gate: Gate, subject: Subject, actor: Actor, at: datetime
) -> None:
    audit.record(
        session,
        action=action,
        object_type="gate",
        object_id=gate.code,
        at=at,
        actor_id=actor.user_id,
        details={"container": subject.container, "plate": subject.plate},
    )


def gate_out(
    session: Session,
    *,
    actor: Actor,
    gate_code: str,
    container: str | None = None,
    plate: str | None = None,
    at: datetime,
) -> GateOutcome:
    """Let the container or vehicle out when every declaration covering it is released, with
    a gate pass for the driver; refuse with the reason otherwise, writing nothing."""
    gate = _machine_gate(session, actor, gate_code)
    subject = subject_of(container, plate)
    coverage = decide_gate_out(session, subject)
    decision = coverage.decision
    if not decision.allowed:
        raise gate_out_refused(decision.reason, **decision.params)
    repository.close_containers(session, coverage.container_ids, at)
    repository.close_manifests(session, coverage.manifest_ids, at)
    event = GateEvent(
        gate_id=gate.id,
        direction="out",
        container_number=subject.container,
        plate=subject.plate,
        at=at,
        reported_by_id=actor.user_id,
        pass_code=secrets.token_urlsafe(12),
    )
    _record_passage(session, "gate.out", gate, subject, actor, at)
    return GateOutcome(repository.add_event(session, event), gate, decision)


def gate_pass(session: Session, *, code: str) -> GateOutcome:
    """A gate pass by its code (public: the code is the secret printed in the QR)."""
    event = repository.event_by_pass(session, code)
    if event is None:
        raise error(NotFound, "pass_not_found", code=code[:30])
    gate = repository.gate_by_id(session, event.gate_id)
    return GateOutcome(event, gate, GateDecision(True, "released"))


def qr_svg(url: str) -> str:
    """The gate pass's QR code (SVG) pointing at its public page, for the driver's phone."""
    buffer = io.BytesIO()
    segno.make(url, error="m", micro=False).save(buffer, kind="svg", scale=6, border=2)
    return buffer.getvalue().decode("utf-8")
