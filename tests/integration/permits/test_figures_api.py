"""The KPI figures per agency and procedure, from what the agencies decided."""

from __future__ import annotations

from datetime import timedelta

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
