"""Slot booking at land border gates, and the public board: the queue and the free slots."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from smartcustoms.audit import service as audit
from smartcustoms.border import repository
from smartcustoms.border.messages import error, field_error
from smartcustoms.border.models import Gate, GateEvent, SlotBooking
from smartcustoms.border.rules import (
    FreeSlot,
    booking_state,
    check_booking,
    check_cancellation,
    free_slots,
    is_plate,
    next_starts,
    normalise_plate,
)
from smartcustoms.border.service.gates import gate_for, setup_of
from smartcustoms.errors import NotFound, PermissionDenied, ValidationFailed
from smartcustoms.identity.rules import Actor

BOARD_SLOTS = 8


def book_slot(
    session: Session,
    *,
    actor: Actor,
    gate_code: str,
    lane: int,
    start: datetime,
    plate: str,
    at: datetime,
) -> SlotBooking:
    """A carrier books a slot for a truck: refused when the lane is full for that slot or the
    truck holds that slot already. The gate's row is locked first (PostgreSQL), so two
    bookings for the last place are decided one after the other."""
    if not actor.is_trade or actor.organisation_id is None:
        raise error(PermissionDenied, "carrier_only")
    if not is_plate(plate):
        wrong = field_error("plate", "plate_invalid", plate=plate)
        raise ValidationFailed(
            message_en=wrong.message_en, message_vi=wrong.message_vi, errors=[wrong]
        )
    key = normalise_plate(plate)
    gate = gate_for(session, gate_code, lock=True)
    check_booking(
        setup_of(gate),
        lane=lane,
        start=start,
        at=at,
        taken=repository.taken(session, gate.id, start, lane),
        same_plate_booking=repository.booking_of_plate(session, gate.id, start, key),
        plate=key,
    )
    audit.record(
        session,
        action="gate.slot_booked",
        object_type="gate",
        object_id=gate.code,
        at=at,
        actor_id=actor.user_id,
        on_behalf_of=actor.organisation_id,
        details={"plate": key, "lane": lane, "slot_start": audit.instant(start)},
    )
    return repository.add_booking(
        session,
        SlotBooking(
            gate_id=gate.id,
            lane=lane,
            slot_start=start,
            plate=key,
            carrier_id=actor.organisation_id,
            booked_by_id=actor.user_id,
            booked_at=at,
        ),
    )


def cancel_booking(session: Session, *, actor: Actor, booking_id: int, at: datetime) -> SlotBooking:
    """A carrier cancels its booking before its slot is over: the place is free again (the
    row goes, the board counts what is left). Another carrier's booking, a used one or one
    whose window passed is refused with the reason; the gate is locked as for a booking."""
    if not actor.is_trade or actor.organisation_id is None:
        raise error(PermissionDenied, "carrier_only")
    booking = repository.booking_by_id(session, booking_id)
    if booking is None:
        raise error(NotFound, "booking_not_found", booking_id=booking_id)
    gate = repository.gate_by_id(session, booking.gate_id)
    gate_for(session, gate.code, lock=True)
    check_cancellation(
        carrier_id=actor.organisation_id,
        booking_carrier_id=booking.carrier_id,
        slot_start=booking.slot_start,
        minutes=gate.slot_minutes,
        arrived_at=booking.arrived_at,
        at=at,
    )
    audit.record(
        session,
        action="border.slot_cancelled",
        object_type="slot_booking",
        object_id=booking.id,
        at=at,
        actor_id=actor.user_id,
        on_behalf_of=booking.carrier_id,
        details={
            "gate": gate.code,
            "lane": booking.lane,
            "slot_start": booking.slot_start.isoformat(),
            "plate": booking.plate,
        },
    )
    repository.delete_booking(session, booking)
    return booking


@dataclass(frozen=True)
class BookingView:
    booking: SlotBooking
    state: str  # rules.BookingState


def my_bookings(session: Session, *, actor: Actor, at: datetime) -> list[BookingView]:
    """The carrier's bookings from yesterday on, each with its state (booked, used, or
    expired: the no-show policy)."""
    if not actor.is_trade or actor.organisation_id is None:
        raise error(PermissionDenied, "carrier_only")
    found = repository.bookings_of(session, [actor.organisation_id], at - timedelta(days=1))
    minutes = {g.id: g.slot_minutes for g in repository.gates(session)}
    return [
        BookingView(
            b,
            booking_state(
                slot_start=b.slot_start,
                minutes=minutes[b.gate_id],
                arrived_at=b.arrived_at,
                at=at,
            ),
        )
        for b in found
    ]


@dataclass(frozen=True)
class Board:
    gate: Gate
    queue: list[GateEvent]
    free: list[FreeSlot]

    def waiting_minutes(self, at: datetime) -> list[int]:
        return [int((at - e.at).total_seconds() // 60) for e in self.queue]


def board(session: Session, *, gate_code: str, at: datetime) -> Board:
    """What the public sees at a gate: who is in the area now, and the places left in the
    next slots per lane."""
    gate = gate_for(session, gate_code)
    starts = next_starts(at, gate.slot_minutes, BOARD_SLOTS)
    end = starts[-1] + timedelta(minutes=gate.slot_minutes)
    taken = repository.taken_between(session, gate.id, starts[0], end)
    return Board(
        gate,
        repository.in_area(session, gate.id),
        free_slots(setup_of(gate), starts=starts, taken=taken),
    )
