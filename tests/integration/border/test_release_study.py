"""The Time Release Study from the platform's own events: a consignment's arrival at the
gate, its declaration lodged and registered, its channel, the payment, the release and the
gate-out, with medians and 90th percentiles by office, channel and mode."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient

from border_support import BASE, CONTAINER, GateDesk
from payments_support import Desk
from risk_support import Desk as RiskDesk
from smartcustoms.kit.clock import FixedClock
from support import TEST_NOW, Users, sign_in


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

    study = app_client.get(
        f"{BASE}/release-study",
        params={"start": TEST_NOW.isoformat(), "end": (TEST_NOW + timedelta(days=3)).isoformat()},
        headers=users.headers("hoa"),
    )

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
