"""A day at a land border gate, as a queue: when trucks arrive (with or without slot
booking), when each lane takes them, how long they wait. Pure: no I/O; the randomness is a
seeded `random.Random`, so a run can be repeated.

The services (`border.service.simulation`) push every truck's events through the real
booking and gate services; this module only decides the times.
"""

from __future__ import annotations

import heapq
import math
import random
import statistics
from dataclasses import dataclass
from datetime import datetime, timedelta

# Arrivals without booking by hour of the day (Vietnam time): the gate opens at 06:00 and
# closes at 22:00, trucks bunch up in the morning as drivers leave depots at dawn.
HOURLY_PROFILE: tuple[float, ...] = (
    (0,) * 6 + (6, 12, 14, 12, 9, 7, 6, 6, 7, 7, 6, 5, 4, 3, 2, 1) + (0,) * 2
)


@dataclass(frozen=True)
class Truck:
    number: int
    plate: str
    wanted: datetime  # when it would come unbooked
    slot: datetime | None  # its booked slot's start
    lane: int | None
    arrival: datetime
    service_minutes: float


@dataclass(frozen=True)
class Passage:
    truck: Truck
    lane: int
    start: datetime  # the lane takes it
    end: datetime  # gate-out

    @property
    def wait_minutes(self) -> float:
        return (self.start - self.truck.arrival).total_seconds() / 60

    @property
    def turn_minutes(self) -> float:
        return (self.end - self.truck.arrival).total_seconds() / 60


def wanted_times(count: int, day: datetime, rng: random.Random) -> list[datetime]:
    """When `count` trucks would arrive unbooked, by the hourly profile."""
    hours = rng.choices(range(24), weights=HOURLY_PROFILE, k=count)
    return sorted(day + timedelta(hours=h, seconds=rng.uniform(0, 3600)) for h in hours)


def service_time(mean_minutes: float, rng: random.Random) -> float:
    """Minutes a lane takes for one truck (plate and seal read, weighing, documents)."""
    return rng.triangular(0.5 * mean_minutes, 1.8 * mean_minutes, 0.7 * mean_minutes)


def slot_capacity(slot_minutes: int, mean_minutes: float) -> int:
    """Trucks a lane can take in a slot, at 90 % of its rate (a margin for slow trucks)."""
    return max(1, math.floor(0.9 * slot_minutes / mean_minutes))


def booked(
    wanted: list[datetime],
    *,
    day: datetime,
    lanes: int,
    slot_minutes: int,
    capacity: int,
    rng: random.Random,
) -> list[tuple[datetime | None, int | None, datetime]]:
    """(slot, lane, arrival) per truck: each books the first slot from the one it wants with
    a free place on some lane (unbooked when the day is full), and arrives within its slot;
    one truck in twenty is late by up to a slot."""
    taken: dict[tuple[datetime, int], int] = {}
    step = timedelta(minutes=slot_minutes)
    end = day + timedelta(days=1)
    chosen: list[tuple[datetime | None, int | None, datetime]] = []
    for want in wanted:
        slot = day + ((want - day) // step) * step
        found: tuple[datetime, int] | None = None
        while slot < end and found is None:
            for lane in range(1, lanes + 1):
                if taken.get((slot, lane), 0) < capacity:
                    found = (slot, lane)
                    break
            else:
                slot += step
        if found is None:
            chosen.append((None, None, want))
            continue
        taken[found] = taken.get(found, 0) + 1
        late = step * rng.random() if rng.random() < 0.05 else timedelta(0)
        chosen.append((found[0], found[1], found[0] + step * rng.random() + late))
    return chosen


def plan_day(
    count: int,
    *,
    day: datetime,
    lanes: int,
    slot_minutes: int,
    mean_minutes: float,
    booking: bool,
    seed: int,
    prefix: str = "S",
) -> list[Truck]:
    """The day's trucks, with or without slot booking (the same trucks either way)."""
    rng = random.Random(seed)
    wanted = wanted_times(count, day, rng)
    services = [service_time(mean_minutes, rng) for _ in wanted]
    plates = [f"{prefix}{seed % 100:02d}X{n:05d}" for n in range(count)]
    if not booking:
        slots: list[tuple[datetime | None, int | None, datetime]] = [
            (None, None, w) for w in wanted
        ]
    else:
        slots = booked(
            wanted,
            day=day,
            lanes=lanes,
            slot_minutes=slot_minutes,
            capacity=slot_capacity(slot_minutes, mean_minutes),
            rng=rng,
        )
    trucks = [
        Truck(n, plates[n], wanted[n], slot, lane, arrival, services[n])
        for n, (slot, lane, arrival) in enumerate(slots)
    ]
    return sorted(trucks, key=lambda t: t.arrival)


def serve(trucks: list[Truck], lanes: int) -> list[Passage]:
    """First come, first served over the lanes: each truck takes the lane free first."""
    if not trucks:
        return []
    opening = min(t.arrival for t in trucks)
    free = [(opening, lane) for lane in range(1, lanes + 1)]
    heapq.heapify(free)
    passages: list[Passage] = []
    for truck in sorted(trucks, key=lambda t: t.arrival):
        ready, lane = heapq.heappop(free)
        start = max(ready, truck.arrival)
        end = start + timedelta(minutes=truck.service_minutes)
        passages.append(Passage(truck, lane, start, end))
        heapq.heappush(free, (end, lane))
    return passages


@dataclass(frozen=True)
class DayFigures:
    trucks: int
    mean_wait: float
    p90_wait: float
    max_wait: float
    p90_turn: float
    over_90: float  # share of turn times over 90 minutes
    max_queue: int
    queue_by_hour: list[int]  # the longest queue in each hour
    arrivals_by_hour: list[int]


def _p90(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[math.ceil(0.9 * len(ordered)) - 1] if ordered else 0.0


def figures_of(passages: list[Passage], day: datetime) -> DayFigures:
    waits = [p.wait_minutes for p in passages]
    turns = [p.turn_minutes for p in passages]
    changes: list[tuple[datetime, int]] = []
    for p in passages:
        changes += [(p.truck.arrival, 1), (p.start, -1)]
    queue, longest, by_hour = 0, 0, [0] * 24
    for at, delta in sorted(changes, key=lambda c: (c[0], c[1])):
        queue += delta
        longest = max(longest, queue)
        hour = int((at - day).total_seconds() // 3600)
        if 0 <= hour < 24:
            by_hour[hour] = max(by_hour[hour], queue)
    arrivals = [0] * 24
    for p in passages:
        hour = int((p.truck.arrival - day).total_seconds() // 3600)
        if 0 <= hour < 24:
            arrivals[hour] += 1
    return DayFigures(
        trucks=len(passages),
        mean_wait=statistics.fmean(waits) if waits else 0.0,
        p90_wait=_p90(waits),
        max_wait=max(waits, default=0.0),
        p90_turn=_p90(turns),
        over_90=sum(t > 90 for t in turns) / len(turns) if turns else 0.0,
        max_queue=longest,
        queue_by_hour=by_hour,
        arrivals_by_hour=arrivals,
    )
