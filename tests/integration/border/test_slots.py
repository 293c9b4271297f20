"""Slot booking at a land border gate: capacity per lane and slot, double booking refused,
arrivals checked against bookings, the public board of queue and free slots."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from border_support import BASE, GateDesk
from smartcustoms.border.models import SlotBooking
from smartcustoms.kit.clock import VIETNAM, FixedClock
from support import TEST_NOW, Users, sign_in

# 09:30 Hanoi time: a slot of the land gate (30 minutes), an hour after the tests' now.
SLOT = TEST_NOW + timedelta(hours=1)


def _book(
    client: TestClient, users: Users, plate: str, *, lane: int = 1, start: datetime = SLOT
) -> Any:
    return client.post(
        f"{BASE}/slots",
        json={"gate": "HUU-NGHI-1", "lane": lane, "slot_start": start.isoformat(), "plate": plate},
        headers=users.headers("binh"),
    )


def _bookings(session: Session) -> int:
    return int(session.scalar(select(func.count(SlotBooking.id))) or 0)


def test_a_lane_takes_as_many_trucks_a_slot_as_its_capacity(
    land_gate: GateDesk, app_client: TestClient, users: Users, session: Session
) -> None:
    assert _book(app_client, users, "20C-111.11").status_code == 201
    assert _book(app_client, users, "20C-222.22").status_code == 201

    full = _book(app_client, users, "20C-333.33")

    assert full.status_code == 409
    assert full.json()["reason"] == "slot_full"
    assert _bookings(session) == 2
    assert _book(app_client, users, "20C-333.33", lane=2).status_code == 201


def test_a_truck_booking_the_same_slot_twice_is_refused_and_nothing_changes(
    land_gate: GateDesk, app_client: TestClient, users: Users, session: Session
) -> None:
    first = _book(app_client, users, "20C-111.11")

    again = _book(app_client, users, "20c 11111", lane=2)

    assert again.status_code == 409
    assert again.json()["code"] == "double_booking"
    assert again.json()["booking_id"] == first.json()["id"]
    assert _bookings(session) == 1


def test_a_slot_off_the_grid_past_or_at_a_sea_gate_is_refused(
    land_gate: GateDesk, sea_gate: GateDesk, app_client: TestClient, users: Users
) -> None:
    misaligned = _book(app_client, users, "20C-111.11", start=SLOT + timedelta(minutes=10))
    past = _book(app_client, users, "20C-111.11", start=TEST_NOW - timedelta(hours=1))
    sea = app_client.post(
        f"{BASE}/slots",
        json={
            "gate": sea_gate.code,
            "lane": 1,
            "slot_start": SLOT.isoformat(),
            "plate": "20C11111",
        },
        headers=users.headers("binh"),
    )

    assert [r.status_code for r in (misaligned, past, sea)] == [409, 409, 409]
    assert [r.json()["reason"] for r in (misaligned, past, sea)] == [
        "slot_misaligned",
        "slot_past",
        "not_land_gate",
    ]


def test_arrivals_are_checked_against_their_bookings(
    land_gate: GateDesk, app_client: TestClient, users: Users, clock: FixedClock
) -> None:
    _book(app_client, users, "20C-111.11")
    _book(app_client, users, "20C-222.22")
    clock.advance(timedelta(hours=1, minutes=5))

    on_time = land_gate.event("in", plate="20C11111")
    unbooked = land_gate.event("in", plate="29H99999")
    clock.advance(timedelta(hours=2))
    late = land_gate.event("in", plate="20C22222")

    assert [e.json()["arrival"] for e in (on_time, unbooked, late)] == [
        "on_time",
        "unbooked",
        "late",
    ]


def test_the_public_board_shows_the_queue_and_the_free_slots(
    land_gate: GateDesk, app_client: TestClient, users: Users
) -> None:
    _book(app_client, users, "20C-111.11")
    land_gate.event("in", plate="29H99999")

    board = app_client.get(f"{BASE}/gates/HUU-NGHI-1/board").json()

    assert [q["plate"] for q in board["queue"]] == ["29H99999"]
    slot = [f for f in board["free"] if f["start"].startswith(SLOT.strftime("%Y-%m-%dT%H:%M"))]
    assert [(f["lane"], f["free"]) for f in slot] == [(1, 1), (2, 2)]
    page = app_client.get("/border/gates/HUU-NGHI-1/board", headers={"Accept-Language": "vi"})
    assert page.status_code == 200
    assert "Đang trong khu vực" in page.text
    assert 'hx-trigger="every 10s"' in page.text
    live = app_client.get("/border/gates/HUU-NGHI-1/board/live")
    assert "29H99999" in live.text


def test_a_carrier_books_a_slot_in_the_portal(
    land_gate: GateDesk, app_client: TestClient, session: Session
) -> None:
    sign_in(app_client, "binh")
    page = app_client.get("/border/slots")
    token = page.text.split('name="csrf_token" value="')[1].split('"')[0]
    start = SLOT.astimezone(VIETNAM)

    booked = app_client.post(
        "/border/slots",
        data={
            "csrf_token": token,
            "gate": "HUU-NGHI-1",
            "lane": "1",
            "slot_start": start.strftime("%Y-%m-%dT%H:%M"),
            "plate": "20C-111.11",
        },
    )

    assert booked.status_code == 200, booked.text
    assert "20C11111" in booked.text
    assert _bookings(session) == 1
