"""The smart gate: events from the gate's own machine account, the ISO 6346 check digit,
gate-out allowed only when every declaration covering the container is released; from
cargo report to gate pass through a real payment."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from border_support import BASE, CONTAINER, GateDesk, manifest_payload
from payments_support import Desk
from risk_support import Desk as RiskDesk
from smartcustoms.border.models import GateEvent, ManifestContainer
from support import Users


def _events(session: Session) -> int:
    return int(session.scalar(select(func.count(GateEvent.id))) or 0)


def _open(session: Session) -> list[str]:
    query = select(ManifestContainer.container_number).where(
        ManifestContainer.gated_out_at.is_(None)
    )
    return list(session.scalars(query))


def test_from_manifest_to_gate_out_through_declaration_payment_and_release(
    sea_gate: GateDesk, desk: Desk, users: Users, app_client: TestClient, session: Session
) -> None:
    RiskDesk(app_client, users).without_random_selection()
    assert sea_gate.file(users.headers("binh")).status_code == 201
    entered = sea_gate.event("in", container_number="CSQU 305438-3")
    assert entered.status_code == 201, entered.text
    assert entered.json()["container_number"] == CONTAINER

    not_declared = sea_gate.event("out", container_number=CONTAINER)
    assert not_declared.status_code == 409
    assert not_declared.json()["reason"] == "not_declared"

    lan = users.headers("lan")
    declaration = desk.file(lan)["declaration"]
    held = sea_gate.event("out", container_number=CONTAINER)
    assert held.status_code == 409
    assert held.json()["reason"] == "not_released"
    assert held.json()["about"]["status"] == "registered"
    assert _open(session) == [CONTAINER]

    desk.notify(desk.bank.pay(desk.start(declaration["id"], lan)["reference"]))
    left = sea_gate.event("out", container_number=CONTAINER)

    assert left.status_code == 201, left.text
    gate_pass = left.json()
    assert gate_pass["pass_code"]
    assert _open(session) == []
    page = app_client.get(gate_pass["pass_url"], headers={"Accept-Language": "vi"})
    assert page.status_code == 200
    assert CONTAINER in page.text
    qr = app_client.get(f"{BASE}/passes/{gate_pass['pass_code']}.svg")
    assert qr.headers["content-type"].startswith("image/svg+xml")
    assert "<svg" in qr.text
    # Gone: a second gate-out finds it on no open manifest.
    again = sea_gate.event("out", container_number=CONTAINER)
    assert again.status_code == 409
    assert again.json()["reason"] == "unknown_container"


def test_a_container_number_with_a_wrong_check_digit_is_refused_and_nothing_recorded(
    sea_gate: GateDesk, users: Users, session: Session
) -> None:
    sea_gate.file(users.headers("binh"))

    answer = sea_gate.event("in", container_number="CSQU3054384")

    assert answer.status_code == 422
    assert answer.json()["errors"][0]["code"] == "check_digit_wrong"
    assert _events(session) == 0


def test_an_event_from_an_unknown_gate_is_refused(
    sea_gate: GateDesk, app_client: TestClient, session: Session
) -> None:
    answer = app_client.post(
        f"{BASE}/gates/NO-SUCH-GATE/in",
        json={"container_number": CONTAINER},
        headers=sea_gate.machine,
    )

    assert answer.status_code == 404
    assert answer.json()["code"] == "gate_unknown"
    assert _events(session) == 0


def test_only_the_gates_own_machine_account_may_send_its_events(
    sea_gate: GateDesk, land_gate: GateDesk, users: Users, app_client: TestClient
) -> None:
    url = f"{BASE}/gates/{sea_gate.code}/in"
    body = {"container_number": CONTAINER}

    assert app_client.post(url, json=body, headers=land_gate.machine).status_code == 403
    assert app_client.post(url, json=body, headers=users.headers("hoa")).status_code == 403
    assert app_client.post(url, json=body).status_code == 401


def test_an_event_names_a_container_or_a_plate_not_both(sea_gate: GateDesk) -> None:
    both = sea_gate.event("in", container_number=CONTAINER, plate="29C12345")
    neither = sea_gate.event("in")

    assert (both.status_code, neither.status_code) == (422, 422)


def test_a_truck_leaves_a_land_gate_once_the_declaration_of_its_road_manifest_is_released(
    land_gate: GateDesk, desk: Desk, users: Users, app_client: TestClient
) -> None:
    RiskDesk(app_client, users).without_random_selection()
    road = manifest_payload(mode="road", transport_id="20C-123.45", office_code="20BC")
    road["lines"][0]["containers"] = []
    assert land_gate.file(users.headers("binh"), **road).status_code == 201
    assert land_gate.event("in", plate="20C12345").json()["arrival"] == "unbooked"

    lan = users.headers("lan")
    declaration = desk.file(lan)["declaration"]
    refused = land_gate.event("out", plate="20C-123.45")
    assert refused.json()["reason"] == "not_released"

    desk.notify(desk.bank.pay(desk.start(declaration["id"], lan)["reference"]))
    assert land_gate.event("out", plate="20C12345").status_code == 201
