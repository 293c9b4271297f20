"""The KPI figures per agency and procedure."""

from __future__ import annotations

from decimal import Decimal

from smartcustoms.permits.rules import Decided, figures
from smartcustoms.permits.rules.figures import median, percentile


def test_median_and_nearest_rank_p90() -> None:
    hours = [float(h) for h in range(1, 11)]
    assert median(hours) == 5.5
    assert percentile(hours, 90) == 9.0
    assert percentile([3.0], 90) == 3.0


def test_figures_per_agency_and_procedure() -> None:
    rows = [
        Decided("PPD", "pq", 10.0, True, True, False),
        Decided("PPD", "pq", 30.0, False, False, True),
        Decided("PPD", "pq", 20.0, True, False, False),
        Decided("VFA", "fs", 5.0, True, True, False),
    ]
    ppd, vfa = figures(rows)
    assert (ppd.agency, ppd.procedure, ppd.decided) == ("PPD", "pq", 3)
    assert ppd.median_hours == 20.0
    assert ppd.p90_hours == 30.0
    assert ppd.within_deadline_share == Decimal("0.667")
    assert ppd.sampled_share == Decimal("0.333")
    assert ppd.mutual_recognition_share == Decimal("0.333")
    assert vfa.decided == 1
    assert vfa.sampled_share == Decimal("1.000")
    assert figures([]) == []
