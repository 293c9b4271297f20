"""The Time Release Study (WCO method) from the platform's own events. Pure: no I/O.

Each consignment (a bill of lading or air waybill) has milestones; an interval is measured
between two of them when both are known. Two intervals are measured otherwise:

- `agencies_time`: the other agencies' (licences, specialised inspections through the single
  window), from the first application received to the last decision, once every one is
  decided; in an agency's own group (`agency:PPD`), that agency's applications only;
- `customs_time`: registered to released, less the time within it the declaration waited
  for another agency (an application received and not yet decided): the customs' own time,
  set against the other agencies' in the study's comparison.

Figures are grouped by office, channel, mode and agency: count, median and 90th percentile
(nearest rank), in seconds.
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

MILESTONES = (
    "arrived",
    "lodged",
    "registered",
    "channel",
    "inspection_started",
    "inspection_ended",
    "agencies_applied",
    "agencies_decided",
    "paid",
    "released",
    "gate_out",
)
# The intervals the study reports, each from one milestone to a later one.
INTERVALS: tuple[tuple[str, str, str], ...] = (
    ("arrival_to_lodgement", "arrived", "lodged"),
    ("lodgement_to_registration", "lodged", "registered"),
    ("registration_to_channel", "registered", "channel"),
    ("inspection", "inspection_started", "inspection_ended"),
    ("agencies_time", "agencies_applied", "agencies_decided"),
    ("registration_to_payment", "registered", "paid"),
    ("registration_to_release", "registered", "released"),
    ("release_to_gate_out", "released", "gate_out"),
    ("arrival_to_release", "arrived", "released"),
    ("arrival_to_gate_out", "arrived", "gate_out"),
)
CUSTOMS_TIME = "customs_time"
AGENCIES_TIME = "agencies_time"
INTERVAL_NAMES = (*(name for name, _, _ in INTERVALS), CUSTOMS_TIME)
CUSTOMS_INTERVALS = frozenset(
    {"registration_to_channel", "inspection", "registration_to_release", CUSTOMS_TIME}
)


@dataclass(frozen=True)
class AgencyWait:
    """One application of another agency the consignment's declaration needed."""

    agency: str
    received_at: datetime
    decided_at: datetime | None


def _span(waits: Sequence[AgencyWait]) -> tuple[datetime, datetime] | None:
    """From the first received to the last decided; None while one is undecided."""
    if not waits or any(w.decided_at is None for w in waits):
        return None
    return min(w.received_at for w in waits), max(w.decided_at for w in waits if w.decided_at)


def agency_milestones(waits: Sequence[AgencyWait]) -> dict[str, datetime | None]:
    span = _span(waits)
    return {
        "agencies_applied": min((w.received_at for w in waits), default=None),
        "agencies_decided": span[1] if span else None,
    }


@dataclass(frozen=True)
class Consignment:
    document_number: str
    office_code: str
    mode: str
    channel: str | None
    times: dict[str, datetime | None]
    agencies: tuple[AgencyWait, ...] = field(default=())

    def interval(self, start: str, end: str) -> float | None:
        first, last = self.times.get(start), self.times.get(end)
        if first is None or last is None or last < first:
            return None
        return (last - first).total_seconds()

    def agency_seconds(self, agency: str | None = None) -> float | None:
        """The other agencies' time (one agency's, when named)."""
        span = _span([w for w in self.agencies if agency is None or w.agency == agency])
        return None if span is None else (span[1] - span[0]).total_seconds()

    def customs_seconds(self) -> float | None:
        """Registered to released, less the time within it spent waiting for another agency
        (the union of the applications' pending windows)."""
        start, end = self.times.get("registered"), self.times.get("released")
        if start is None or end is None or end < start:
            return None
        waited = timedelta(0)
        reached = start
        windows = sorted((w.received_at, w.decided_at or end) for w in self.agencies)
        for opened, closed in windows:
            opened, closed = max(opened, reached), min(closed, end)
            if closed > opened:
                waited += closed - opened
                reached = closed
        return (end - start - waited).total_seconds()


@dataclass(frozen=True)
class IntervalFigures:
    group: str  # "all", "office:03CC", "channel:green", "mode:sea", "agency:PPD"
    interval: str
    count: int
    median_seconds: float
    p90_seconds: float


@dataclass(frozen=True)
class Comparison:
    """Within a group: the customs' own time against the other agencies' (medians, p90)."""

    group: str
    customs: IntervalFigures | None
    agencies: IntervalFigures | None


def p90(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[math.ceil(0.9 * len(ordered)) - 1]


def _measures(c: Consignment, agency: str | None) -> Iterable[tuple[str, float | None]]:
    for name, start, end in INTERVALS:
        if name == AGENCIES_TIME:
            yield name, c.agency_seconds(agency)
        else:
            yield name, c.interval(start, end)
    yield CUSTOMS_TIME, c.customs_seconds()


def figures(consignments: Iterable[Consignment]) -> list[IntervalFigures]:
    collected: dict[tuple[str, str], list[float]] = defaultdict(list)
    for c in consignments:
        groups = ["all", f"office:{c.office_code}", f"mode:{c.mode}"]
        if c.channel:
            groups.append(f"channel:{c.channel}")
        for name, seconds in _measures(c, None):
            if seconds is not None:
                for group in groups:
                    collected[(group, name)].append(seconds)
        for agency in sorted({w.agency for w in c.agencies}):
            for name, seconds in _measures(c, agency):
                if seconds is not None:
                    collected[(f"agency:{agency}", name)].append(seconds)
    order = {name: i for i, name in enumerate(INTERVAL_NAMES)}
    return [
        IntervalFigures(group, name, len(values), statistics.median(values), p90(values))
        for (group, name), values in sorted(
            collected.items(), key=lambda kv: (kv[0][0] != "all", kv[0][0], order[kv[0][1]])
        )
    ]


def comparison(found: Iterable[IntervalFigures]) -> list[Comparison]:
    """Each group's customs time beside its other agencies' time, groups in figures' order."""
    by_group: dict[str, dict[str, IntervalFigures]] = {}
    for f in found:
        by_group.setdefault(f.group, {})[f.interval] = f
    return [
        Comparison(group, named.get(CUSTOMS_TIME), named.get(AGENCIES_TIME))
        for group, named in by_group.items()
        if CUSTOMS_TIME in named or AGENCIES_TIME in named
    ]
