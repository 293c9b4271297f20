"""A carrier cancels its slot booking: the place is free again on the board; another
carrier's booking, a used one or one whose window passed is refused with the reason; a
booking whose window passed without its truck is shown expired (no-show)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from border_support import BASE, GateDesk
from smartcustoms.audit.models import AuditRecord
from smartcustoms.border.models import SlotBooking
from smartcustoms.kit.clock import FixedClock
from support import TEST_NOW, Users, sign_in

SLOT = TEST_NOW + timedelta(hours=1)


def _book(client: TestClient, users: Users, plate: str, start: datetime = SLOT) -> Any:
    answer = client.post(
        f"{BASE}/slots",
        json={"gate": "HUU-NGHI-1", "lane": 1, "slot_start": start.isoformat(), "plate": plate},
        headers=users.headers("binh"),
    )
    assert answer.status_code == 201, answer.text
    return answer.json()


def _free(client: TestClient) -> int:
    board = client.get(f"{BASE}/gates/HUU-NGHI-1/board").json()
    (slot,) = [
        f
        for f in board["free"]
        if f["lane"] == 1 and f["start"].startswith(SLOT.strftime("%Y-%m-%dT%H:%M"))
    ]
    return int(slot["free"])


def test_a_cancelled_booking_frees_its_place_on_the_board(
    land_gate: GateDesk, app_client: TestClient, users: Users, session: Session
) -> None:
    booking = _book(app_client, users, "20C-111.11")
    _book(app_client, users, "20C-222.22")
    assert _free(app_client) == 0

    cancelled = app_client.delete(f"{BASE}/slots/{booking['id']}", headers=users.headers("binh"))

    assert cancelled.status_code == 204, cancelled.text
    assert _free(app_client) == 1
    assert [b.plate for b in session.scalars(select(SlotBooking))] == ["20C22222"]
    # The freed place can be booked again, by the same truck too.
    _book(app_client, users, "20C-111.11")
    assert _free(app_client) == 0
    recorded = session.scalar(
        select(func.count())
        .select_from(AuditRecord)
        .where(AuditRecord.action == "border.slot_cancelled")
    )
    assert recorded == 1


def test_another_carriers_booking_is_not_cancelled(
    land_gate: GateDesk, app_client: TestClient, users: Users, session: Session
) -> None:
    booking = _book(app_client, users, "20C-111.11")

    refused = app_client.delete(
        f"{BASE}/slots/{booking['id']}", headers={**users.headers("lan"), "Accept-Language": "vi"}
    )

    assert refused.status_code == 403
    assert refused.json()["code"] == "booking_not_yours"
    assert "thuộc hãng vận chuyển khác" in refused.json()["detail"]
    assert session.scalar(select(func.count(SlotBooking.id))) == 1
    unknown = app_client.delete(f"{BASE}/slots/999999", headers=users.headers("binh"))
    assert unknown.status_code == 404


def test_a_used_or_past_booking_is_not_cancelled_and_a_no_show_expires(
    land_gate: GateDesk, app_client: TestClient, users: Users, clock: FixedClock
) -> None:
    used = _book(app_client, users, "20C-111.11")
    missed = _book(app_client, users, "20C-222.22")
    clock.advance(timedelta(hours=1, minutes=5))
    assert land_gate.event("in", plate="20C11111").status_code == 201

    binh = users.headers("binh")
    refused_used = app_client.delete(f"{BASE}/slots/{used['id']}", headers=binh)
    clock.advance(timedelta(hours=1))
    binh = users.headers("binh")
    refused_past = app_client.delete(f"{BASE}/slots/{missed['id']}", headers=binh)

    assert [r.status_code for r in (refused_used, refused_past)] == [409, 409]
    assert [r.json()["reason"] for r in (refused_used, refused_past)] == [
        "booking_used",
        "booking_past",
    ]
    states = {b["plate"]: b["state"] for b in app_client.get(f"{BASE}/slots", headers=binh).json()}
    assert states == {"20C11111": "used", "20C22222": "expired"}


def test_a_carrier_cancels_a_booking_in_the_portal(
    land_gate: GateDesk, app_client: TestClient, users: Users, session: Session
) -> None:
    booking = _book(app_client, users, "20C-111.11")
    sign_in(app_client, "binh")
    page = app_client.get("/border/slots", headers={"Accept-Language": "vi"})
    assert "Hủy đặt chỗ" in page.text
    token = page.text.split('name="csrf_token" value="')[1].split('"')[0]

    cancelled = app_client.post(
        f"/border/slots/{booking['id']}/cancel",
        data={"csrf_token": token},
        headers={"Accept-Language": "vi"},
    )

    assert cancelled.status_code == 200, cancelled.text
    assert "Đã hủy đặt chỗ" in cancelled.text
    assert session.scalar(select(func.count(SlotBooking.id))) == 0
