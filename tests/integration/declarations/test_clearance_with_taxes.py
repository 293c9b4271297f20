"""Clearance with the platform's conditions as they are (the channel's checks and the
payments domain's taxes), through the API and on the declaration's page, on SQLite and
PostgreSQL: what the goods wait for is said truthfully, and a guarantee that meets the taxes
releases them in its own transaction."""

from __future__ import annotations

import html
import re
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from risk_support import PHONES_RED, Desk
from smartcustoms.kit.clock import FixedClock, customs_date
from support import TEST_NOW, Users, export_payload, import_payload, sign_in

BASE = "/api/v1/declarations"


@pytest.fixture
def desk(app_client: TestClient, users: Users) -> Desk:
    desk = Desk(app_client, users)
    desk.without_random_selection()  # the channel depends on the rules each test sets up
    return desk


def file(desk: Desk, payload: dict[str, object]) -> dict[str, Any]:
    filed = desk.post("lan", f"{BASE}/submit", json=payload)
    assert filed.status_code == 201, filed.text
    return dict(filed.json()["declaration"])


def guarantee_taxes(desk: Desk, users: Users, declaration_id: int) -> None:
    """Hoa records a bank's guarantee for Lan's enterprise; Lan covers the taxes with it."""
    enterprise_id = users.actor("lan").organisation_id
    today = customs_date(TEST_NOW)
    recorded = desk.post(
        "hoa",
        f"/api/v1/payments/enterprises/{enterprise_id}/guarantees",
        json={
            "issuer": "Vietcombank",
            "reference": f"BL-{declaration_id}",
            "amount_vnd": 500_000_000,
            "valid_from": today.isoformat(),
            "valid_to": (today + timedelta(days=60)).isoformat(),
        },
    )
    assert recorded.status_code == 201, recorded.text
    guarantee_id = next(
        g["id"] for g in recorded.json()["guarantees"] if g["reference"] == f"BL-{declaration_id}"
    )
    covered = desk.post(
        "lan",
        f"/api/v1/payments/declarations/{declaration_id}/guarantee-covers",
        json={"guarantee_id": guarantee_id},
    )
    assert covered.status_code == 200, covered.text


def clearance(desk: Desk, declaration_id: int) -> dict[str, Any]:
    answer = desk.get("lan", f"{BASE}/{declaration_id}/clearance")
    assert answer.status_code == 200, answer.text
    return dict(answer.json())


def conditions(client: TestClient, declaration_id: int, lang: str) -> str:
    """The clearance panel's sentence on the declaration's page, as a reader sees it."""
    page = client.get(f"/declarations/{declaration_id}", params={"lang": lang})
    assert page.status_code == 200, page.text
    found = re.search(r'<p id="clearance-conditions">(.*?)</p>', page.text, re.S)
    assert found, "no clearance conditions on the page"
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", found.group(1))).strip())


def test_a_green_export_owing_no_tax_is_cleared_as_it_registers(desk: Desk) -> None:
    declaration = file(desk, export_payload())

    assert declaration["status"] == "cleared"
    assert (
        clearance(desk, declaration["id"])["time_release"]["registration_to_release_seconds"] == 0
    )


def test_a_green_import_says_it_waits_for_its_taxes_and_is_cleared_once_they_are_guaranteed(
    desk: Desk, users: Users, clock: FixedClock
) -> None:
    declaration_id = file(desk, import_payload())["id"]
    client = desk.client
    sign_in(client, "lan")

    assert conditions(client, declaration_id, "en") == (
        "Green channel: no check. No licence or specialised inspection needed. "
        "Waiting for: payment of taxes."
    )
    assert conditions(client, declaration_id, "vi") == (
        "Luồng xanh: miễn kiểm tra. Không thuộc diện cấp phép, kiểm tra chuyên ngành. "
        "Đang chờ: nộp thuế."
    )
    assert clearance(desk, declaration_id)["status"] == "registered"

    clock.advance(timedelta(minutes=10))
    guarantee_taxes(desk, users, declaration_id)

    seen = clearance(desk, declaration_id)
    assert seen["status"] == "cleared"
    assert seen["time_release"]["registration_to_release_seconds"] == 600
    page = client.get(f"/declarations/{declaration_id}", params={"lang": "en"}).text
    assert "Cleared: the goods are released." in page


def test_an_officers_release_while_taxes_are_due_waits_for_them(desk: Desk, users: Users) -> None:
    desk.rule(**PHONES_RED)
    declaration_id = file(desk, import_payload())["id"]
    inspected = desk.post(
        "hoa",
        f"/api/v1/risk/inspections/{declaration_id}",
        json={"kind": "physical", "findings": False},
    )
    assert inspected.status_code == 201, inspected.text
    released = desk.post("hoa", f"{BASE}/{declaration_id}/release", json={"decision": "release"})
    assert released.status_code == 200, released.text
    assert released.json()["status"] == "approved"
    client = desk.client
    sign_in(client, "lan")
    assert conditions(client, declaration_id, "en") == (
        "Red channel: physical inspection done, no findings. No licence or specialised "
        "inspection needed. Waiting for: payment of taxes."
    )

    guarantee_taxes(desk, users, declaration_id)

    assert clearance(desk, declaration_id)["status"] == "cleared"
    history = desk.get("lan", f"{BASE}/{declaration_id}/history").json()["changes"]
    assert [(c["from_status"], c["to_status"]) for c in history[-2:]] == [
        ("registered", "approved"),
        ("approved", "cleared"),
    ]
