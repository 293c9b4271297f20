"""The Time Release Study (WCO method) from the platform's own events. Pure: no I/O.

Each consignment (a bill of lading or air waybill) has milestones; an interval is measured
between two of them when both are known. Figures are grouped by office, channel and mode:
count, median and 90th percentile (nearest rank), in seconds.
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

MILESTONES = (
    "arrived",
    "lodged",
    "registered",
    "channel",
    "inspection_started",
    "inspection_ended",
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
    ("registration_to_payment", "registered", "paid"),
    ("registration_to_release", "registered", "released"),
    ("release_to_gate_out", "released", "gate_out"),
    ("arrival_to_release", "arrived", "released"),
    ("arrival_to_gate_out", "arrived", "gate_out"),
)
CUSTOMS_INTERVALS = frozenset({"registration_to_channel", "inspection", "registration_to_release"})


@dataclass(frozen=True)
class Consignment:
    document_number: str
    office_code: str
    mode: str
    channel: str | None
    times: dict[str, datetime | None]

    def interval(self, start: str, end: str) -> float | None:
        first, last = self.times.get(start), self.times.get(end)
        if first is None or last is None or last < first:
            return None
        return (last - first).total_seconds()


@dataclass(frozen=True)
class IntervalFigures:
    group: str  # "all", "office:03CC", "channel:green", "mode:sea"
    interval: str
    count: int
    median_seconds: float
    p90_seconds: float


def p90(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[math.ceil(0.9 * len(ordered)) - 1]


def figures(consignments: Iterable[Consignment]) -> list[IntervalFigures]:
    collected: dict[tuple[str, str], list[float]] = defaultdict(list)
    for c in consignments:
        groups = ["all", f"office:{c.office_code}", f"mode:{c.mode}"]
        if c.channel:
            groups.append(f"channel:{c.channel}")
        for name, start, end in INTERVALS:
            seconds = c.interval(start, end)
            if seconds is None:
                continue
            for group in groups:
                collected[(group, name)].append(seconds)
    order = {name: i for i, (name, _, _) in enumerate(INTERVALS)}
    return [
        IntervalFigures(group, name, len(values), statistics.median(values), p90(values))
        for (group, name), values in sorted(
            collected.items(), key=lambda kv: (kv[0][0] != "all", kv[0][0], order[kv[0][1]])
        )
    ]
