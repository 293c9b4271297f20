"""Slot booking at land border gates: capacity per lane and slot, arrivals against
bookings. Pure: no I/O."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from smartcustoms.border.messages import texts
from smartcustoms.border.rules.errors import BookingNotYours, DoubleBooking, slot_refused

BOOKING_HORIZON = timedelta(days=7)
# An arrival within 15 minutes of its slot counts as in it (queues and roads vary).
ARRIVAL_GRACE = timedelta(minutes=15)


@dataclass(frozen=True)
class GateSetup:
    code: str
    kind: str  # sea, air, land
    lanes: int
    slot_minutes: int
    capacity: int  # trucks per lane per slot


def slot_start(instant: datetime, minutes: int) -> datetime:
    """The start of the slot an instant falls in (slots count from midnight UTC)."""
    instant = instant.astimezone(UTC)
    midnight = instant.replace(hour=0, minute=0, second=0, microsecond=0)
    elapsed = (instant - midnight) // timedelta(minutes=minutes)
    return midnight + elapsed * timedelta(minutes=minutes)


def check_booking(
    gate: GateSetup,
    *,
    lane: int,
    start: datetime,
    at: datetime,
    taken: int,
    same_plate_booking: int | None,
    plate: str,
) -> None:
    """Refuse a booking the gate cannot take (SlotRefused, DoubleBooking)."""
    if gate.kind != "land":
        raise slot_refused("not_land_gate")
    if not 1 <= lane <= gate.lanes:
        raise slot_refused("lane_unknown", gate=gate.code, lanes=gate.lanes)
    if start - at > BOOKING_HORIZON:
        raise slot_refused("slot_too_far", days=BOOKING_HORIZON.days)
    if slot_start(start, gate.slot_minutes) != start.astimezone(UTC):
        raise slot_refused("slot_misaligned", gate=gate.code, minutes=gate.slot_minutes)
    if start + timedelta(minutes=gate.slot_minutes) <= at:
        raise slot_refused("slot_past")
    if same_plate_booking is not None:
        en, vi = texts("double_booking", plate=plate, booking_id=same_plate_booking)
        raise DoubleBooking(
            message_en=en, message_vi=vi, details={"booking_id": same_plate_booking}
        )
    if taken >= gate.capacity:
        raise slot_refused("slot_full", lane=lane, capacity=gate.capacity)


class BookingState:
    BOOKED = "booked"  # its slot is ahead or running, no truck yet
    USED = "used"  # its truck came in
    EXPIRED = "expired"  # its window (and the grace after it) passed without the truck: no-show


def booking_state(
    *, slot_start: datetime, minutes: int, arrived_at: datetime | None, at: datetime
) -> str:
    """Where a booking stands at `at`: the no-show policy expires it once its slot and the
    grace after it are over without its truck."""
    if arrived_at is not None:
        return BookingState.USED
    if at > slot_start + timedelta(minutes=minutes) + ARRIVAL_GRACE:
        return BookingState.EXPIRED
    return BookingState.BOOKED


def check_cancellation(
    *,
    carrier_id: int,
    booking_carrier_id: int,
    slot_start: datetime,
    minutes: int,
    arrived_at: datetime | None,
    at: datetime,
) -> None:
    """Refuse cancelling another carrier's booking, a used one or one whose window passed
    (SlotRefused; the reason's code in its details)."""
    if carrier_id != booking_carrier_id:
        en, vi = texts("booking_not_yours")
        raise BookingNotYours(message_en=en, message_vi=vi, details={"reason": "booking_not_yours"})
    state = booking_state(slot_start=slot_start, minutes=minutes, arrived_at=arrived_at, at=at)
    if state == BookingState.USED:
        raise slot_refused("booking_used")
    if state == BookingState.EXPIRED or slot_start + timedelta(minutes=minutes) <= at:
        raise slot_refused("booking_past")


class Arrival:
    ON_TIME = "on_time"
    EARLY = "early"
    LATE = "late"
    UNBOOKED = "unbooked"


def arrival_status(arrived_at: datetime, start: datetime | None, minutes: int) -> str:
    """How a truck's arrival stands against its booking's slot (None: no booking)."""
    if start is None:
        return Arrival.UNBOOKED
    if arrived_at < start - ARRIVAL_GRACE:
        return Arrival.EARLY
    if arrived_at > start + timedelta(minutes=minutes) + ARRIVAL_GRACE:
        return Arrival.LATE
    return Arrival.ON_TIME


@dataclass(frozen=True)
class FreeSlot:
    start: datetime
    lane: int
    free: int


def free_slots(
    gate: GateSetup, *, starts: list[datetime], taken: Mapping[tuple[datetime, int], int]
) -> list[FreeSlot]:
    """The places left per slot and lane (full ones included, with 0)."""
    return [
        FreeSlot(start, lane, max(0, gate.capacity - taken.get((start, lane), 0)))
        for start in starts
        for lane in range(1, gate.lanes + 1)
    ]


def next_starts(at: datetime, minutes: int, count: int) -> list[datetime]:
    first = slot_start(at, minutes)
    return [first + timedelta(minutes=minutes * i) for i in range(count)]
