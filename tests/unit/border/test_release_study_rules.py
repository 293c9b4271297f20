"""The Time Release Study's arithmetic with the other agencies: their time, the customs'
time net of the waits for them, groups by agency, and the comparison."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from smartcustoms.border.rules import (
    AgencyWait,
    Consignment,
    agency_milestones,
    comparison,
    figures,
)

T0 = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)


def _hours(h: float) -> datetime:
    return T0 + timedelta(hours=h)


def _consignment(waits: tuple[AgencyWait, ...], released: float = 10) -> Consignment:
    times = {"registered": _hours(0), "released": _hours(released), **agency_milestones(waits)}
    return Consignment("B1", "03CC", "sea", "green", times, waits)


def test_customs_time_leaves_out_the_waits_for_other_agencies_counted_once() -> None:
    waits = (
        AgencyWait("PPD", _hours(1), _hours(4)),
        AgencyWait("VFA", _hours(3), _hours(6)),  # overlaps PPD's: 1 to 6 is waited once
        AgencyWait("PPD", _hours(-5), _hours(-2)),  # decided before registration
    )
    c = _consignment(waits)

    assert c.customs_seconds() == 5 * 3600
    assert c.agency_seconds() == 11 * 3600  # first received (-5) to last decided (6)
    assert c.agency_seconds("VFA") == 3 * 3600
    assert c.agency_seconds("PPD") == 9 * 3600


def test_an_agency_still_deciding_has_no_time_yet_and_its_wait_runs_to_the_release() -> None:
    c = _consignment((AgencyWait("PPD", _hours(2), None),))

    assert c.agency_seconds() is None
    assert c.times["agencies_decided"] is None
    assert c.customs_seconds() == 2 * 3600


def test_figures_are_grouped_by_agency_and_compared_with_customs_time() -> None:
    ppd = _consignment((AgencyWait("PPD", _hours(1), _hours(3)),))
    vfa = _consignment((AgencyWait("VFA", _hours(0), _hours(8)),), released=12)
    none = _consignment(())

    found = {(f.group, f.interval): f for f in figures([ppd, vfa, none])}

    assert found[("agency:PPD", "agencies_time")].median_seconds == 2 * 3600
    assert found[("agency:VFA", "agencies_time")].median_seconds == 8 * 3600
    assert found[("agency:VFA", "customs_time")].median_seconds == 4 * 3600
    assert found[("all", "customs_time")].count == 3
    assert found[("all", "customs_time")].median_seconds == 8 * 3600  # 8, 4, 10
    assert found[("all", "agencies_time")].count == 2
    compared = {c.group: c for c in comparison(found.values())}
    assert compared["all"].customs is not None
    assert compared["all"].agencies is not None
    assert compared["all"].agencies.p90_seconds == 8 * 3600
    assert compared["agency:PPD"].customs is not None
    assert compared["agency:PPD"].customs.median_seconds == 8 * 3600
