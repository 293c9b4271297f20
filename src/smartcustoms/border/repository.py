"""Every query of the border domain."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import cast

from sqlalchemy import Table, func, select, update
from sqlalchemy.orm import Session

from smartcustoms.border.models import (
    DeclarationLink,
    Gate,
    GateEvent,
    Manifest,
    ManifestContainer,
    ManifestLine,
    SlotBooking,
)

# ---------------------------------------------------------------------------- manifests


def reused_documents(session: Session, keys: Collection[str]) -> dict[str, int]:
    """Bills already reported, by number: the manifest that reported each."""
    if not keys:
        return {}
    query = select(ManifestLine.document_number, ManifestLine.manifest_id).where(
        ManifestLine.document_number.in_(keys)
    )
    return {row[0]: row[1] for row in session.execute(query)}


def manifest(session: Session, manifest_id: int) -> Manifest | None:
    return session.get(Manifest, manifest_id)


def lines_of(session: Session, manifest_ids: Collection[int]) -> list[ManifestLine]:
    query = (
        select(ManifestLine)
        .where(ManifestLine.manifest_id.in_(manifest_ids))
        .order_by(ManifestLine.manifest_id, ManifestLine.line_no)
    )
    return list(session.scalars(query))


def containers_of(session: Session, line_ids: Collection[int]) -> list[ManifestContainer]:
    if not line_ids:
        return []
    query = (
        select(ManifestContainer)
        .where(ManifestContainer.line_id.in_(line_ids))
        .order_by(ManifestContainer.id)
    )
    return list(session.scalars(query))


def manifests(
    session: Session, *, carrier_ids: Collection[int] | None, office_code: str | None, limit: int
) -> list[Manifest]:
    query = select(Manifest).order_by(Manifest.arrival_at.desc(), Manifest.id.desc()).limit(limit)
    if carrier_ids is not None:
        query = query.where(Manifest.carrier_id.in_(carrier_ids))
    if office_code is not None:
        query = query.where(Manifest.office_code == office_code)
    return list(session.scalars(query))


def line_by_document(session: Session, key: str) -> ManifestLine | None:
    query = select(ManifestLine).where(ManifestLine.document_number == key)
    return session.scalars(query).first()


@dataclass(frozen=True)
class HeldLine:
    line: ManifestLine
    manifest: Manifest


def lines_to_hold(
    session: Session, *, office_code: str | None, arriving_after: datetime, limit: int
) -> list[HeldLine]:
    """Bills scored yellow or red whose vessel, flight or truck has not arrived long ago."""
    query = (
        select(ManifestLine, Manifest)
        .join(Manifest, Manifest.id == ManifestLine.manifest_id)
        .where(
            ManifestLine.risk_channel.in_(("yellow", "red")),
            Manifest.arrival_at >= arriving_after,
        )
        .order_by(Manifest.arrival_at, ManifestLine.risk_score.desc(), ManifestLine.id)
        .limit(limit)
    )
    if office_code is not None:
        query = query.where(Manifest.office_code == office_code)
    return [HeldLine(row[0], row[1]) for row in session.execute(query)]


# ---------------------------------------------------------------------------- links


def link_row(
    line_id: int, declaration_id: int, found: list[str], at: datetime, *, late: bool = False
) -> dict[str, object]:
    return {
        "line_id": line_id,
        "declaration_id": declaration_id,
        "discrepancies": found,
        "linked_at": at,
        "late": late,
    }


LINKS = cast(Table, DeclarationLink.__table__)


def links_of_lines(session: Session, line_ids: Collection[int]) -> list[DeclarationLink]:
    if not line_ids:
        return []
    query = select(DeclarationLink).where(DeclarationLink.line_id.in_(line_ids))
    return list(session.scalars(query.order_by(DeclarationLink.id)))


def links_of_declaration(session: Session, declaration_id: int) -> list[DeclarationLink]:
    query = select(DeclarationLink).where(DeclarationLink.declaration_id == declaration_id)
    return list(session.scalars(query))


# ---------------------------------------------------------------------------- gates


def gate_by_code(session: Session, code: str, *, lock: bool = False) -> Gate | None:
    query = select(Gate).where(Gate.code == code)
    if lock:
        query = query.with_for_update()
    return session.scalars(query).first()


def gate_by_id(session: Session, gate_id: int) -> Gate:
    gate = session.get(Gate, gate_id)
    if gate is None:
        raise LookupError(f"gate {gate_id}")
    return gate


def gates(session: Session) -> list[Gate]:
    return list(session.scalars(select(Gate).order_by(Gate.code)))


def open_containers(session: Session, number: str) -> list[tuple[ManifestContainer, ManifestLine]]:
    query = (
        select(ManifestContainer, ManifestLine)
        .join(ManifestLine, ManifestLine.id == ManifestContainer.line_id)
        .where(
            ManifestContainer.container_number == number,
            ManifestContainer.gated_out_at.is_(None),
        )
    )
    return [(row[0], row[1]) for row in session.execute(query)]


@dataclass(frozen=True)
class CoverRow:
    """One open container (or road manifest) of the subject, a bill covering it, and one
    declaration linked to that bill (None: none yet)."""

    holder_id: int  # the container's id, or the road manifest's
    document_number: str
    declaration_id: int | None


def container_coverage(session: Session, number: str) -> list[CoverRow]:
    """The open containers of this number, their bills and the bills' declarations, in one
    statement (the gate's decision)."""
    query = (
        select(ManifestContainer.id, ManifestLine.document_number, DeclarationLink.declaration_id)
        .join(ManifestLine, ManifestLine.id == ManifestContainer.line_id)
        .outerjoin(DeclarationLink, DeclarationLink.line_id == ManifestLine.id)
        .where(
            ManifestContainer.container_number == number,
            ManifestContainer.gated_out_at.is_(None),
        )
    )
    return [CoverRow(row[0], row[1], row[2]) for row in session.execute(query)]


def vehicle_coverage(session: Session, plate: str) -> list[CoverRow]:
    """The open road manifests of this vehicle, their bills and declarations, in one statement."""
    query = (
        select(Manifest.id, ManifestLine.document_number, DeclarationLink.declaration_id)
        .join(ManifestLine, ManifestLine.manifest_id == Manifest.id)
        .outerjoin(DeclarationLink, DeclarationLink.line_id == ManifestLine.id)
        .where(
            Manifest.transport_key == plate,
            Manifest.mode == "road",
            Manifest.closed_at.is_(None),
        )
    )
    return [CoverRow(row[0], row[1], row[2]) for row in session.execute(query)]


def close_manifests(session: Session, ids: Collection[int], at: datetime) -> None:
    session.execute(update(Manifest).where(Manifest.id.in_(ids)).values(closed_at=at))


def open_road_manifests(session: Session, plate: str) -> list[Manifest]:
    query = select(Manifest).where(
        Manifest.transport_key == plate, Manifest.mode == "road", Manifest.closed_at.is_(None)
    )
    return list(session.scalars(query))


def close_containers(session: Session, ids: Collection[int], at: datetime) -> None:
    session.execute(
        update(ManifestContainer).where(ManifestContainer.id.in_(ids)).values(gated_out_at=at)
    )


def arrive_containers(session: Session, ids: Collection[int], at: datetime) -> None:
    session.execute(
        update(ManifestContainer)
        .where(ManifestContainer.id.in_(ids), ManifestContainer.gated_in_at.is_(None))
        .values(gated_in_at=at)
    )


def add_event(session: Session, event: GateEvent) -> GateEvent:
    session.add(event)
    session.flush()
    return event


def event_by_pass(session: Session, code: str) -> GateEvent | None:
    return session.scalars(select(GateEvent).where(GateEvent.pass_code == code)).first()


def in_area(session: Session, gate_id: int) -> list[GateEvent]:
    """Gate-ins at this gate of vehicles or containers not gated out since (the queue)."""
    ins = list(
        session.scalars(
            select(GateEvent)
            .where(GateEvent.gate_id == gate_id, GateEvent.direction == "in")
            .order_by(GateEvent.at)
        )
    )
    outs = session.execute(
        select(GateEvent.plate, GateEvent.container_number, func.max(GateEvent.at))
        .where(GateEvent.gate_id == gate_id, GateEvent.direction == "out")
        .group_by(GateEvent.plate, GateEvent.container_number)
    ).all()
    last_out = {(row[0], row[1]): row[2] for row in outs}
    return [
        e for e in ins if (out := last_out.get((e.plate, e.container_number))) is None or out < e.at
    ]


def events_for(
    session: Session, *, containers: Collection[str], plates: Collection[str]
) -> list[GateEvent]:
    query = select(GateEvent).where(
        GateEvent.container_number.in_(containers) | GateEvent.plate.in_(plates)
    )
    return list(session.scalars(query.order_by(GateEvent.at)))


# ---------------------------------------------------------------------------- slots


def taken(session: Session, gate_id: int, start: datetime, lane: int) -> int:
    query = select(func.count(SlotBooking.id)).where(
        SlotBooking.gate_id == gate_id, SlotBooking.slot_start == start, SlotBooking.lane == lane
    )
    return int(session.scalar(query) or 0)


def booking_of_plate(session: Session, gate_id: int, start: datetime, plate: str) -> int | None:
    query = select(SlotBooking.id).where(
        SlotBooking.gate_id == gate_id, SlotBooking.slot_start == start, SlotBooking.plate == plate
    )
    return session.scalar(query)


def booking_by_id(session: Session, booking_id: int) -> SlotBooking | None:
    return session.get(SlotBooking, booking_id)


def delete_booking(session: Session, booking: SlotBooking) -> None:
    session.delete(booking)
    session.flush()


def add_booking(session: Session, booking: SlotBooking) -> SlotBooking:
    session.add(booking)
    session.flush()
    return booking


def taken_between(
    session: Session, gate_id: int, start: datetime, end: datetime
) -> dict[tuple[datetime, int], int]:
    query = (
        select(SlotBooking.slot_start, SlotBooking.lane, func.count(SlotBooking.id))
        .where(
            SlotBooking.gate_id == gate_id,
            SlotBooking.slot_start >= start,
            SlotBooking.slot_start < end,
        )
        .group_by(SlotBooking.slot_start, SlotBooking.lane)
    )
    return {(row[0], row[1]): int(row[2]) for row in session.execute(query)}


def bookings_near(
    session: Session, gate_id: int, plate: str, start: datetime, end: datetime
) -> list[SlotBooking]:
    """The plate's unused bookings at the gate whose slot starts in [start, end)."""
    query = (
        select(SlotBooking)
        .where(
            SlotBooking.gate_id == gate_id,
            SlotBooking.plate == plate,
            SlotBooking.arrived_at.is_(None),
            SlotBooking.slot_start >= start,
            SlotBooking.slot_start < end,
        )
        .order_by(SlotBooking.slot_start)
    )
    return list(session.scalars(query))


def bookings_of(
    session: Session, carrier_ids: Collection[int], since: datetime
) -> list[SlotBooking]:
    query = (
        select(SlotBooking)
        .where(SlotBooking.carrier_id.in_(carrier_ids), SlotBooking.slot_start >= since)
        .order_by(SlotBooking.slot_start, SlotBooking.id)
    )
    return list(session.scalars(query))
