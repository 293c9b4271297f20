"""The KPI figures per agency and procedure, from what the agencies decided."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from fastapi.testclient import TestClient

from permits_support import API, Window
from smartcustoms.kit.clock import FixedClock


def test_processing_time_and_shares_per_agency_and_procedure(
    window: Window, clock: FixedClock, app_client: TestClient
) -> None:
    fast = window.apply()
    late = window.apply(certificate_country=None)
    clock.advance(timedelta(hours=2))
    window.grant(fast["id"])
    window.act("thu", late["id"], "accept")
    clock.advance(timedelta(hours=30))  # past the review's 24 hours
    window.tokens.clear()  # signed in again: the tokens of the day before expired
    window.act("thu", late["id"], "reject")

    (row,) = window.get(f"{API}/figures", username="hoa")
    assert (row["agency"], row["procedure"], row["decided"]) == (
        "PPD",
        "plant_quarantine_import",
        2,
    )
    assert row["median_hours"] == 17.0  # 2 h and 32 h
    assert row["p90_hours"] == 32.0
    assert row["within_deadline_share"] == "0.5"
    assert row["mutual_recognition_share"] == "0.5"  # the first offered a NZ certificate
    assert window.get(f"{API}/figures", username="thu") == [row]
    assert window.get(f"{API}/figures", username="khoa") == []
    refused = app_client.get(f"{API}/figures", headers=window.headers("lan"))
    assert refused.status_code == 403


def test_the_sampled_share_counts_the_lots_drawn_and_since_leaves_out_earlier_decisions(
    window: Window, clock: FixedClock
) -> None:
    started = clock.now()
    recognised = window.apply()  # a NZ certificate: accepted, never sampled
    drawn = [window.apply(certificate_country=None) for _ in range(3)]
    clock.advance(timedelta(minutes=30))
    window.tokens.clear()  # signed in again: tokens are short-lived
    window.grant(recognised["id"])
    clock.advance(timedelta(minutes=30))
    window.tokens.clear()
    for index, filed in enumerate(drawn):
        window.act("thu", filed["id"], "accept")
        # The draw's lots are sampled; the agency samples the first of its own choice too.
        if filed["sampled"] or index == 0:
            window.act("thu", filed["id"], "take_sample")
            window.act("thu", filed["id"], "record_lab_result", lab_passed=True)
        window.act("thu", filed["id"], "approve")

    (row,) = window.get(f"{API}/figures", username="hoa")
    sampled = sum(bool(f["sampled"]) or i == 0 for i, f in enumerate(drawn))
    assert recognised["sampled"] is False
    assert row["decided"] == 4
    assert Decimal(row["sampled_share"]) == Decimal(sampled) / 4
    assert row["mutual_recognition_share"] == "0.25"
    assert (row["median_hours"], row["p90_hours"]) == (1.0, 1.0)  # 0.5 h, then 1 h thrice

    since = (started + timedelta(minutes=45)).isoformat().replace("+00:00", "Z")
    (later,) = window.get(f"{API}/figures?since={since}", username="hoa")
    assert later["decided"] == 3
    assert Decimal(later["mutual_recognition_share"]) == 0
    assert Decimal(later["sampled_share"]) == (Decimal(sampled) / 3).quantize(Decimal("0.001"))
    (first,) = [window.get(f"{API}/applications/{drawn[0]['id']}")]
    assert first["sampled"] is True
    assert window.get(f"{API}/figures?since=2099-01-01T00:00:00Z", username="hoa") == []
