"""The border API: cargo reports (JSON, CUSCAR), the pre-arrival hold list, gates and their
events, slot bookings and the board, the Time Release Study. Thin: the service decides."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Annotated, Any, Final

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from smartcustoms.border import service
from smartcustoms.border.messages import error
from smartcustoms.border.models import (
    DeclarationLink,
    Gate,
    ManifestContainer,
    ManifestLine,
    SlotBooking,
)
from smartcustoms.border.rules import BookingState, ManifestInput, UnsupportedContent
from smartcustoms.border.schemas import (
    BoardRead,
    ComparisonRead,
    ContainerRead,
    FreeSlotRead,
    GateCreate,
    GateEventCreate,
    GateEventRead,
    GateRead,
    IntervalRead,
    LineRead,
    LinkRead,
    ManifestCreate,
    ManifestRead,
    QueuedRead,
    SlotBookingCreate,
    SlotBookingRead,
    StudyRead,
)
from smartcustoms.deps import ApiActor, IdInPath, Now, ServicesDep, SessionDep, requires
from smartcustoms.identity.rules import Actor
from smartcustoms.kit.wire import IsoDateTime
from smartcustoms.openapi import OWNER_CHECKED, problems

router = APIRouter(prefix="/api/v1/border", tags=["border"], responses=OWNER_CHECKED)

EDIFACT_TYPES: Final = ("application/edifact", "text/plain")


def _line_read(
    line: ManifestLine,
    containers: Sequence[ManifestContainer] = (),
    links: Sequence[DeclarationLink] = (),
) -> LineRead:
    return LineRead(
        id=line.id,
        line_no=line.line_no,
        document_number=line.document_number,
        consignee_name=line.consignee_name,
        consignee_tax_code=line.consignee_tax_code,
        packages=line.packages,
        gross_weight=line.gross_weight,
        hs_code=line.hs_code,
        risk_channel=line.risk_channel,
        risk_score=line.risk_score,
        containers=[
            ContainerRead(
                number=c.container_number,
                seal=c.seal_number,
                gated_in_at=c.gated_in_at,
                gated_out_at=c.gated_out_at,
            )
            for c in containers
        ],
        declarations=[
            LinkRead(
                declaration_id=k.declaration_id, discrepancies=list(k.discrepancies), late=k.late
            )
            for k in links
        ],
    )


def manifest_read(view: service.ManifestView) -> ManifestRead:
    m = view.manifest
    return ManifestRead(
        id=m.id,
        mode=m.mode,
        transport_id=m.transport_id,
        voyage=m.voyage,
        office_code=m.office_code,
        arrival_at=m.arrival_at,
        deadline_at=m.deadline_at,
        filed_at=m.filed_at,
        late=m.late,
        source=m.source,
        lines=[_line_read(v.line, v.containers, v.links) for v in view.lines],
    )


def _filed(
    session: Session,
    actor: Actor,
    services: ServicesDep,
    now: datetime,
    manifest: ManifestInput,
    source: str,
) -> ManifestRead:
    view = service.file_manifest(
        session,
        actor=actor,
        manifest=manifest,
        source=source,
        models_dir=service.models_dir(services.settings.var_dir),
        at=now,
    )
    return manifest_read(view)


@router.post(
    "/manifests",
    status_code=201,
    response_model=ManifestRead,
    responses=problems(401, 403, 409, 422),
    summary="File a cargo report (e-manifest) as JSON",
    dependencies=[requires("border.manifests.file")],
)
def file_manifest(
    body: ManifestCreate, actor: ApiActor, session: SessionDep, services: ServicesDep, now: Now
) -> Any:
    """Checked whole (422 with every error); a bill of lading or air waybill number reported
    before is refused (409); past its mode's deadline it is filed and flagged `late`.
    Declarations registered before it that state one of its bills are linked to them."""
    return _filed(session, actor, services, now, body.to_input(), "json")


@router.post(
    "/manifests/cuscar",
    status_code=201,
    response_model=ManifestRead,
    responses=problems(401, 403, 409, 415, 422),
    summary="File a cargo report as UN/EDIFACT CUSCAR (D 95B)",
    openapi_extra={
        "requestBody": {
            "required": True,
            "description": "A CUSCAR interchange (also taken as application/edifact).",
            "content": {"text/plain": {"schema": {"type": "string"}}},
        }
    },
    dependencies=[requires("border.manifests.file")],
)
async def file_cuscar(
    request: Request, actor: ApiActor, session: SessionDep, services: ServicesDep, now: Now
) -> Any:
    """The profile read is in `border/cuscar.py`; every fault, of the envelope or of the
    content, answers 422 with its segment's tag, position in the interchange and line."""
    given = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if given not in EDIFACT_TYPES:
        raise error(UnsupportedContent, "unsupported_content")
    text = (await request.body()).decode("utf-8", errors="replace")
    return _filed(session, actor, services, now, service.read_cuscar(text), "cuscar")


@router.get(
    "/manifests",
    response_model=list[ManifestRead],
    dependencies=[requires("border.manifests.read")],
)
def manifests(actor: ApiActor, session: SessionDep) -> Any:
    rows = service.list_manifests(session, actor=actor)
    return [
        manifest_read(service.get_manifest(session, actor=actor, manifest_id=m.id)) for m in rows
    ]


@router.get(
    "/manifests/{manifest_id:int}",
    response_model=ManifestRead,
    dependencies=[requires("border.manifests.read")],
)
def manifest(manifest_id: IdInPath, actor: ApiActor, session: SessionDep) -> Any:
    return manifest_read(service.get_manifest(session, actor=actor, manifest_id=manifest_id))


@router.get(
    "/pre-arrival/holds",
    response_model=list[LineRead],
    responses=problems(401, 403),
    dependencies=[requires("border.holds")],
)
def holds(actor: ApiActor, session: SessionDep, now: Now) -> Any:
    """Bills the rules in force would check (yellow, red), arriving soon or lately arrived."""
    return [_line_read(h.line) for h in service.hold_list(session, actor=actor, at=now)]


# ---------------------------------------------------------------------------- gates


def _gate_read(gate: Gate) -> GateRead:
    return GateRead.model_validate(gate, from_attributes=True)


@router.post(
    "/gates",
    status_code=201,
    response_model=GateRead,
    responses=problems(403, 409, 422),
    dependencies=[requires("border.gates.manage")],
)
def register_gate(body: GateCreate, actor: ApiActor, session: SessionDep, now: Now) -> Any:
    gate = service.register_gate(
        session, actor=actor, gate=service.GateInput(**body.model_dump()), at=now
    )
    return _gate_read(gate)


@router.get("/gates", response_model=list[GateRead])
def gates(session: SessionDep) -> Any:
    return [_gate_read(g) for g in service.list_gates(session)]


def _reported(
    report: Callable[..., service.GateOutcome],
    gate: str,
    body: GateEventCreate,
    actor: Actor,
    session: Session,
    now: datetime,
) -> GateEventRead:
    """A gate system's event (in or out) through the service, and how it is answered."""
    outcome = report(
        session,
        actor=actor,
        gate_code=gate,
        container=body.container_number,
        plate=body.plate,
        at=now,
    )
    event = outcome.event
    return GateEventRead(
        id=event.id,
        gate=outcome.gate.code,
        direction=event.direction,
        container_number=event.container_number,
        plate=event.plate,
        at=event.at,
        arrival=event.arrival,
        pass_code=event.pass_code,
        pass_url=f"/border/passes/{event.pass_code}" if event.pass_code else None,
    )


@router.post(
    "/gates/{gate}/in",
    status_code=201,
    response_model=GateEventRead,
    responses=problems(401, 403, 404, 422),
    summary="A gate system reports a container or vehicle entering",
    dependencies=[requires("border.gate_event")],
)
def gate_in(
    gate: str, body: GateEventCreate, actor: ApiActor, session: SessionDep, now: Now
) -> Any:
    return _reported(service.gate_in, gate, body, actor, session, now)


@router.post(
    "/gates/{gate}/out",
    status_code=201,
    response_model=GateEventRead,
    responses=problems(401, 403, 404, 409, 422),
    summary="A gate system asks to let a container or vehicle out",
    dependencies=[requires("border.gate_event")],
)
def gate_out(
    gate: str, body: GateEventCreate, actor: ApiActor, session: SessionDep, now: Now
) -> Any:
    """Allowed (201, with a gate pass) when every declaration covering it is released;
    refused (409) with the reason otherwise, and nothing is recorded."""
    return _reported(service.gate_out, gate, body, actor, session, now)


@router.get("/passes/{code}.svg", response_class=Response, summary="A gate pass's QR code")
def pass_qr(code: str, session: SessionDep, request: Request) -> Response:
    outcome = service.gate_pass(session, code=code)
    url = str(request.base_url).rstrip("/") + f"/border/passes/{outcome.event.pass_code}"
    return Response(service.qr_svg(url), media_type="image/svg+xml")


# ---------------------------------------------------------------------------- slots


def _booking_read(booking: SlotBooking, state: str = BookingState.BOOKED) -> SlotBookingRead:
    return SlotBookingRead.model_validate(
        {**{k: getattr(booking, k) for k in SlotBookingRead.model_fields if k != "state"}}
        | {"state": state}
    )


@router.post(
    "/slots",
    status_code=201,
    response_model=SlotBookingRead,
    responses=problems(401, 403, 404, 409, 422),
    summary="A carrier books a slot at a land border gate",
    dependencies=[requires("border.slots")],
)
def book_slot(body: SlotBookingCreate, actor: ApiActor, session: SessionDep, now: Now) -> Any:
    booking = service.book_slot(
        session,
        actor=actor,
        gate_code=body.gate,
        lane=body.lane,
        start=body.slot_start,
        plate=body.plate,
        at=now,
    )
    return _booking_read(booking)


@router.get("/slots", response_model=list[SlotBookingRead], dependencies=[requires("border.slots")])
def my_bookings(actor: ApiActor, session: SessionDep, now: Now) -> Any:
    """The carrier's bookings from yesterday on; `expired`: the slot passed without its truck."""
    return [
        _booking_read(v.booking, v.state) for v in service.my_bookings(session, actor=actor, at=now)
    ]


@router.delete(
    "/slots/{booking_id}",
    status_code=204,
    responses=problems(401, 403, 404, 409),
    summary="A carrier cancels its slot booking",
    dependencies=[requires("border.slots")],
)
def cancel_booking(
    booking_id: IdInPath, actor: ApiActor, session: SessionDep, now: Now
) -> Response:
    """The place is free again at once (the board shows it). Another carrier's booking
    (403), a used one or one whose slot is over (409) is refused with the reason."""
    service.cancel_booking(session, actor=actor, booking_id=booking_id, at=now)
    return Response(status_code=204)


@router.get("/gates/{gate}/board", response_model=BoardRead, summary="Queue and free slots")
def board(gate: str, session: SessionDep, now: Now) -> Any:
    found = service.board(session, gate_code=gate, at=now)
    return BoardRead(
        gate=found.gate.code,
        queue=[
            QueuedRead(container_number=e.container_number, plate=e.plate, since=e.at)
            for e in found.queue
        ],
        free=[FreeSlotRead(start=f.start, lane=f.lane, free=f.free) for f in found.free],
    )


# ---------------------------------------------------------------------------- the study


@router.get(
    "/release-study",
    response_model=StudyRead,
    responses=problems(401, 403, 422),
    dependencies=[requires("border.release_study")],
)
def release_study(
    actor: ApiActor,
    session: SessionDep,
    now: Now,
    start: Annotated[IsoDateTime | None, Query()] = None,
    end: Annotated[IsoDateTime | None, Query()] = None,
) -> Any:
    """Medians and 90th percentiles of each interval, over consignments arrived in
    [start, end) (31 days back by default), by office, channel, mode and other agency; the
    customs' time against the other agencies'."""
    study = service.release_study(session, actor=actor, start=start, end=end or now)
    return StudyRead(
        start=study.start,
        end=study.end,
        consignments=len(study.consignments),
        figures=[IntervalRead.model_validate(f, from_attributes=True) for f in study.figures],
        comparison=[
            ComparisonRead.model_validate(c, from_attributes=True) for c in study.comparison
        ],
    )
