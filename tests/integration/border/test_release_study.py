"""The Time Release Study from the platform's own events: a consignment's arrival at the
gate, its declaration lodged and registered, its channel, the payment, the release and the
gate-out, with medians and 90th percentiles by office, channel and mode."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient

from border_support import BASE, CONTAINER, GateDesk
from payments_support import Desk
from permits_support import Window, apples_payload
from risk_support import Desk as RiskDesk
from smartcustoms.kit.clock import FixedClock
from support import TEST_NOW, Users, sign_in


def _study(client: TestClient, users: Users) -> Any:
    """The study of the three days from the tests' now, as Hoa (office 03CC) asks it."""
    return client.get(
        f"{BASE}/release-study",
        params={"start": TEST_NOW.isoformat(), "end": (TEST_NOW + timedelta(days=3)).isoformat()},
        headers=users.headers("hoa"),
    )


def test_the_study_times_a_consignment_from_arrival_to_gate_out(
    sea_gate: GateDesk, desk: Desk, users: Users, app_client: TestClient, clock: FixedClock
) -> None:
    RiskDesk(app_client, users).without_random_selection()
    sea_gate.file(users.headers("binh"), arrival_at=(TEST_NOW + timedelta(hours=30)).isoformat())
    clock.advance(timedelta(hours=30))
    assert sea_gate.event("in", container_number=CONTAINER).status_code == 201
    clock.advance(timedelta(hours=2))
    lan = users.headers("lan")
    declaration = desk.file(lan)["declaration"]
    clock.advance(timedelta(minutes=45))
    lan = users.headers("lan")  # access tokens last 15 minutes
    desk.notify(desk.bank.pay(desk.start(declaration["id"], lan)["reference"]))
    clock.advance(timedelta(minutes=20))
    assert sea_gate.event("out", container_number=CONTAINER).status_code == 201

    study = _study(app_client, users)

    assert study.status_code == 200, study.text
    found = {(f["group"], f["interval"]): f for f in study.json()["figures"]}
    assert study.json()["consignments"] == 1
    assert found[("all", "arrival_to_lodgement")]["median_seconds"] == 2 * 3600
    assert found[("all", "registration_to_payment")]["median_seconds"] == 45 * 60
    assert found[("all", "registration_to_release")]["median_seconds"] == 45 * 60
    assert found[("all", "release_to_gate_out")]["median_seconds"] == 20 * 60
    assert found[("channel:green", "arrival_to_gate_out")]["p90_seconds"] == (2 * 3600 + 65 * 60)
    assert ("mode:sea", "arrival_to_release") in found
    assert ("office:03CC", "registration_to_channel") in found
    sign_in(app_client, "hoa")
    page = app_client.get("/border/release-study", headers={"Accept-Language": "vi"})
    assert page.status_code == 200
    assert "Đăng ký → giải phóng hàng" in page.text


def test_traders_do_not_see_the_study(app_client: TestClient, users: Users) -> None:
    assert app_client.get(f"{BASE}/release-study", headers=users.headers("lan")).status_code == 403


def test_a_period_ending_before_it_starts_is_refused(app_client: TestClient, users: Users) -> None:
    answer = app_client.get(
        f"{BASE}/release-study",
        params={"start": TEST_NOW.isoformat(), "end": (TEST_NOW - timedelta(days=1)).isoformat()},
        headers=users.headers("hoa"),
    )
    assert answer.status_code == 422
    assert answer.json()["code"] == "validation_failed"


def test_the_study_sets_the_other_agencies_time_against_the_customs_time(
    sea_gate: GateDesk, desk: Desk, users: Users, app_client: TestClient, clock: FixedClock
) -> None:
    RiskDesk(app_client, users).without_random_selection()
    window = Window(app_client, users)
    sea_gate.file(users.headers("binh"), arrival_at=(TEST_NOW + timedelta(hours=30)).isoformat())
    clock.advance(timedelta(hours=30))
    assert sea_gate.event("in", container_number=CONTAINER).status_code == 201
    application = window.apply()  # the plant quarantine licence, asked of PPD
    clock.advance(timedelta(hours=3))
    window.tokens.clear()  # access tokens last 15 minutes
    window.grant(application["id"])
    clock.advance(timedelta(hours=1))
    window.tokens.clear()
    declaration = window.file(apples_payload())  # registered, drawing on the licence
    clock.advance(timedelta(minutes=30))
    lan = users.headers("lan")
    desk.notify(desk.bank.pay(desk.start(declaration["id"], lan)["reference"]))

    study = _study(app_client, users)

    assert study.status_code == 200, study.text
    found = {(f["group"], f["interval"]): f for f in study.json()["figures"]}
    assert found[("agency:PPD", "agencies_time")]["median_seconds"] == 3 * 3600
    assert found[("all", "agencies_time")]["count"] == 1
    assert found[("all", "customs_time")]["median_seconds"] == 30 * 60
    assert found[("agency:PPD", "registration_to_release")]["median_seconds"] == 30 * 60
    compared = {c["group"]: c for c in study.json()["comparison"]}
    assert compared["all"]["customs"]["median_seconds"] == 30 * 60
    assert compared["all"]["agencies"]["median_seconds"] == 3 * 3600
    sign_in(app_client, "hoa")
    page = app_client.get("/border/release-study", headers={"Accept-Language": "vi"})
    assert page.status_code == 200
    assert "Thời gian của hải quan so với thời gian của các cơ quan khác" in page.text
    assert "Cơ quan Cục Bảo vệ thực vật" in page.text


def test_the_study_times_the_check_from_the_channel_to_its_result(
    sea_gate: GateDesk, desk: Desk, users: Users, app_client: TestClient, clock: FixedClock
) -> None:
    risk = RiskDesk(app_client, users)
    risk.without_random_selection()
    risk.rule(code="PHONES-RED", criteria={"hs_prefixes": ["8517"]}, forced_channel="red")
    sea_gate.file(users.headers("binh"), arrival_at=(TEST_NOW + timedelta(hours=30)).isoformat())
    clock.advance(timedelta(hours=30))
    assert sea_gate.event("in", container_number=CONTAINER).status_code == 201
    declaration = desk.file(users.headers("lan"))["declaration"]
    clock.advance(timedelta(minutes=90))

    inspected = app_client.post(
        f"/api/v1/risk/inspections/{declaration['id']}",
        json={"kind": "physical", "findings": False},
        headers=users.headers("hoa"),
    )

    assert inspected.status_code == 201, inspected.text
    study = _study(app_client, users).json()
    found = {(f["group"], f["interval"]): f for f in study["figures"]}
    assert found[("all", "inspection")]["median_seconds"] == 90 * 60
    assert found[("channel:red", "inspection")]["count"] == 1
    assert ("all", "agencies_time") not in found
