"""The KPI dashboard's figures for the single window, per agency and procedure. Pure."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal


@dataclass(frozen=True)
class Decided:
    """One decided application as the figures count it."""

    agency: str
    procedure: str
    hours: float  # from receipt to decision
    within_deadline: bool
    sampled: bool
    mutual_recognition: bool


@dataclass(frozen=True)
class ProcedureFigures:
    agency: str
    procedure: str
    decided: int
    median_hours: float
    p90_hours: float
    within_deadline_share: Decimal
    sampled_share: Decimal
    mutual_recognition_share: Decimal


def percentile(values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile (0 < p ≤ 100) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def median(values: Sequence[float]) -> float:
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def _share(count: int, total: int) -> Decimal:
    return (Decimal(count) / Decimal(total)).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)


def figures(decided: Sequence[Decided]) -> list[ProcedureFigures]:
    """One row per agency and procedure that decided anything, sorted by both."""
    groups: dict[tuple[str, str], list[Decided]] = {}
    for row in decided:
        groups.setdefault((row.agency, row.procedure), []).append(row)
    out = []
    for (agency, procedure), rows in sorted(groups.items()):
        hours = [r.hours for r in rows]
        out.append(
            ProcedureFigures(
                agency=agency,
                procedure=procedure,
                decided=len(rows),
                median_hours=round(median(hours), 2),
                p90_hours=round(percentile(hours, 90), 2),
                within_deadline_share=_share(sum(r.within_deadline for r in rows), len(rows)),
                sampled_share=_share(sum(r.sampled for r in rows), len(rows)),
                mutual_recognition_share=_share(sum(r.mutual_recognition for r in rows), len(rows)),
            )
        )
    return out
