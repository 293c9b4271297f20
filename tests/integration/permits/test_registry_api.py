"""The control registry: the SAMPLE loaded with the demo, and one commodity, one agency."""

from __future__ import annotations

from fastapi.testclient import TestClient

from permits_support import API
from support import Users

NEW_ENTRY = {
    "key": "FS-APPLES",
    "hs_prefix": "080810",
    "kind": "quarantine",
    "procedure": "food_safety_import",
    "agency": "VFA",
    "direction": "import",
}


def test_the_sample_registry_names_one_agency_per_commodity(
    app_client: TestClient, users: Users
) -> None:
    found = app_client.get(f"{API}/registry", headers=users.headers("lan")).json()
    apples = next(e for e in found if e["key"] == "SAMPLE-PQ-0808")
    assert apples["agency"] == "PPD"
    assert apples["procedure"] == "plant_quarantine_import"
    assert apples["release_for_storage"] is True
    assert apples["source"].startswith("SAMPLE")


def test_a_second_agency_on_the_same_commodity_is_refused_naming_the_entry(
    app_client: TestClient, users: Users
) -> None:
    refused = app_client.post(f"{API}/registry", json=NEW_ENTRY, headers=users.headers("admin"))
    assert refused.status_code == 409
    assert "SAMPLE-PQ-0808" in refused.json()["detail"]
    assert "PPD" in refused.json()["detail"]
    keys = [
        e["key"] for e in app_client.get(f"{API}/registry", headers=users.headers("admin")).json()
    ]
    assert "FS-APPLES" not in keys


def test_another_kind_of_control_on_the_commodity_is_accepted(
    app_client: TestClient, users: Users
) -> None:
    entry = {**NEW_ENTRY, "kind": "food_safety"}
    added = app_client.post(f"{API}/registry", json=entry, headers=users.headers("admin"))
    assert added.status_code == 201, added.text
    assert added.json()["agency"] == "VFA"


def test_only_an_administrator_changes_the_registry(app_client: TestClient, users: Users) -> None:
    entry = {**NEW_ENTRY, "kind": "food_safety"}
    for name in ("lan", "thu", "hoa"):
        assert (
            app_client.post(f"{API}/registry", json=entry, headers=users.headers(name)).status_code
            == 403
        )


def test_a_procedure_of_another_agency_is_refused(app_client: TestClient, users: Users) -> None:
    entry = {**NEW_ENTRY, "kind": "food_safety", "agency": "PPD"}
    refused = app_client.post(f"{API}/registry", json=entry, headers=users.headers("admin"))
    assert refused.status_code == 422
