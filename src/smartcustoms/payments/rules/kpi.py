"""Figures for the KPI dashboard from plain counts and durations. Pure: no I/O."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass


def share(part: int, whole: int) -> float | None:
    """part / whole, or None when there is nothing to count (not 0 %, not 100 %)."""
    return part / whole if whole else None


def percentile(values: Sequence[float], fraction: float) -> float | None:
    """Nearest-rank percentile (p50: fraction 0.5): always one of the values measured."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


@dataclass(frozen=True)
class Durations:
    """Seconds between two events, over the cases where both happened."""

    count: int
    p50_seconds: float | None
    p95_seconds: float | None

    @classmethod
    def of(cls, seconds: Sequence[float]) -> Durations:
        return cls(len(seconds), percentile(seconds, 0.5), percentile(seconds, 0.95))
