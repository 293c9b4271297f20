"""Clearance's condition "taxes paid or guaranteed": a green import waits for its payment
and is cleared in the payment's transaction; a guarantee clears it too; a declaration that
owes no tax is cleared as it registers."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from payments_support import Desk
from risk_support import Desk as RiskDesk
from smartcustoms.kit.clock import customs_date
from support import TEST_NOW, Users

BASE = "/api/v1/declarations"


def _clearance(client: TestClient, declaration_id: int, headers: dict[str, str]) -> dict[str, Any]:
    answer = client.get(f"{BASE}/{declaration_id}/clearance", headers=headers)
    assert answer.status_code == 200, answer.text
    found: dict[str, Any] = answer.json()
    return found


def _quiet(app_client: TestClient, users: Users) -> None:
    RiskDesk(app_client, users).without_random_selection()  # green unless a rule says so


def test_a_green_import_waits_for_its_taxes_and_is_cleared_when_the_bank_confirms(
    desk: Desk, users: Users, app_client: TestClient
) -> None:
    _quiet(app_client, users)
    lan = users.headers("lan")
    filed = desk.file(lan)["declaration"]
    assert filed["status"] == "registered"
    held = _clearance(app_client, filed["id"], lan)
    assert [(c["code"], c["met"]) for c in held["conditions"]] == [
        ("green", True),
        ("no_controls", True),
        ("taxes_unpaid", False),
    ]
    assert [w["message_vi"] for w in held["waiting_for"]] == ["nộp thuế"]

    desk.notify(desk.bank.pay(desk.start(filed["id"], lan)["reference"]))

    cleared = _clearance(app_client, filed["id"], lan)
    assert cleared["status"] == "cleared"
    assert cleared["time_release"]["registration_to_release_seconds"] == 0


def test_a_bank_guarantee_clears_the_goods_before_payment(
    desk: Desk, users: Users, app_client: TestClient, enterprise_a: int
) -> None:
    _quiet(app_client, users)
    lan = users.headers("lan")
    declaration_id = desk.file(lan)["declaration"]["id"]
    today = customs_date(TEST_NOW)
    recorded = app_client.post(
        f"/api/v1/payments/enterprises/{enterprise_a}/guarantees",
        json={
            "issuer": "BIDV",
            "reference": "BL-77",
            "amount_vnd": 10**9,
            "valid_from": today.isoformat(),
            "valid_to": today.replace(day=28).isoformat(),
        },
        headers=users.headers("hoa"),
    )
    guarantee_id = recorded.json()["guarantees"][0]["id"]

    covered = app_client.post(
        f"/api/v1/payments/declarations/{declaration_id}/guarantee-covers",
        json={"guarantee_id": guarantee_id},
        headers=lan,
    )

    assert covered.status_code == 200, covered.text
    seen = _clearance(app_client, declaration_id, lan)
    assert seen["status"] == "cleared"


def test_a_yellow_import_released_by_the_officer_waits_for_its_taxes(
    desk: Desk, users: Users, app_client: TestClient, session: Session
) -> None:
    risk = RiskDesk(app_client, users)
    risk.without_random_selection()
    risk.rule(code="ALL-HP", criteria={"offices": ["03CC"]}, forced_channel="yellow")
    lan, hoa = users.headers("lan"), users.headers("hoa")
    declaration_id = desk.file(lan)["declaration"]["id"]
    app_client.post(
        f"/api/v1/risk/inspections/{declaration_id}",
        json={"kind": "document_check", "findings": False},
        headers=hoa,
    )
    approved = app_client.post(
        f"{BASE}/{declaration_id}/release", json={"decision": "release"}, headers=hoa
    )
    assert approved.json()["status"] == "approved", approved.text

    desk.notify(desk.bank.pay(desk.start(declaration_id, lan)["reference"]))

    assert _clearance(app_client, declaration_id, lan)["status"] == "cleared"


def test_a_declaration_that_owes_no_tax_is_cleared_as_it_registers(
    desk: Desk, users: Users, app_client: TestClient
) -> None:
    _quiet(app_client, users)
    lan = users.headers("lan")
    exported = desk.file(
        lan,
        type_code="B11",
        foreign_party_country="JP",
        country_of_export="VN",
        port_of_loading="VNHPH",
        port_of_discharge="JPTYO",
        departure_date="2026-11-21",
        arrival_date="2026-11-28",
    )

    step = next(s for s in exported["steps"] if s["step"] == "payments")
    assert step["taxes_met"] is True
    assert step["owed_vnd"] == 20_000  # the fee alone, paid monthly
    assert exported["declaration"]["status"] == "cleared"
    conditions = _clearance(app_client, exported["declaration"]["id"], lan)
    assert conditions["waiting_for"] == []
