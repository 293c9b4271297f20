"""Notifications to an enterprise's users: "balance too low" after a debit below the warning
level, "duty due" and "duty overdue" from the reminder job driven by the clock; each once."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient

from payments_support import Desk
from smartcustoms.kit.clock import FixedClock
from support import Users, sign_in


def _notifications(client: TestClient, headers: dict[str, str], **query: Any) -> list[Any]:
    answer = client.get("/api/v1/payments/notifications", params=query, headers=headers)
    assert answer.status_code == 200, answer.text
    found: list[Any] = answer.json()
    return found


def _remind(client: TestClient, users: Users) -> dict[str, int]:
    answer = client.post("/api/v1/payments/reminders", headers=users.headers("hoa"))
    assert answer.status_code == 200, answer.text
    done: dict[str, int] = answer.json()
    return done


def _about(found: list[Any], declaration_id: int) -> list[str]:
    return [n["kind"]["code"] for n in found if n["declaration_id"] == declaration_id]


def test_duty_due_then_overdue_is_told_once_each_as_the_clock_moves(
    desk: Desk, users: Users, app_client: TestClient, clock: FixedClock
) -> None:
    lan = users.headers("lan")
    declaration_id = desk.file(lan)["declaration"]["id"]
    obligations = desk.dues(declaration_id, lan)["obligations"]
    first_deadline = min(o["due_on"] for o in obligations)
    # The taxes, due the day of registration and unpaid (the fee is due next month).
    owed = sum(o["outstanding_vnd"] for o in obligations if o["due_on"] == first_deadline)
    assert owed > 0

    _remind(app_client, users)
    found = _notifications(app_client, lan)
    assert _about(found, declaration_id) == ["duty_due"]
    due = next(n for n in found if n["declaration_id"] == declaration_id)
    assert due["kind"]["en"] == "Duty due"
    assert due["kind"]["vi"] == "Sắp đến hạn nộp thuế"
    assert f"{owed:,} VND" in due["text"]["en"]
    assert f"{owed:,}".replace(",", ".") + " đồng" in due["text"]["vi"]

    _remind(app_client, users)  # run again the same day: nothing new
    assert _about(_notifications(app_client, lan), declaration_id) == ["duty_due"]

    clock.advance(timedelta(days=1))
    lan = users.headers("lan")  # a fresh sign-in: yesterday's token has expired
    _remind(app_client, users)
    _remind(app_client, users)
    found = _notifications(app_client, lan)
    assert _about(found, declaration_id) == ["duty_overdue", "duty_due"]  # newest first
    overdue = found[0]
    assert "late-payment interest" in overdue["text"]["en"]
    assert "tiền chậm nộp" in overdue["text"]["vi"]


def test_a_paid_declaration_is_not_reminded(
    desk: Desk, users: Users, app_client: TestClient, enterprise_a: int
) -> None:
    lan = users.headers("lan")
    declaration_id = desk.file(lan)["declaration"]["id"]
    owed = desk.dues(declaration_id, lan)["outstanding_vnd"]
    desk.top_up(enterprise_a, owed, lan)
    paid = app_client.post(
        f"/api/v1/payments/declarations/{declaration_id}/account-payments",
        json={"account": "cash"},
        headers=lan,
    )
    assert paid.status_code == 200, paid.text
    assert paid.json()["outstanding_vnd"] == 0
    _remind(app_client, users)
    assert _about(_notifications(app_client, lan), declaration_id) == []


def test_a_debit_below_the_warning_level_becomes_a_notification_once(
    desk: Desk, users: Users, app_client: TestClient, enterprise_a: int
) -> None:
    lan = users.headers("lan")
    declaration_id = desk.file(lan)["declaration"]["id"]
    owed = desk.dues(declaration_id, lan)["outstanding_vnd"]
    desk.top_up(enterprise_a, owed + 1_000, lan)
    warning = app_client.put(
        f"/api/v1/payments/enterprises/{enterprise_a}/accounts/cash/warning",
        json={"threshold_vnd": 5_000},
        headers=lan,
    )
    assert warning.status_code == 200, warning.text
    paid = app_client.post(
        f"/api/v1/payments/declarations/{declaration_id}/account-payments",
        json={"account": "cash"},
        headers=lan,
    )
    assert paid.status_code == 200, paid.text

    assert _remind(app_client, users)["notifications"] >= 1
    _remind(app_client, users)  # the event is delivered: nothing more
    lows = [n for n in _notifications(app_client, lan) if n["kind"]["code"] == "low_balance"]
    assert len(lows) == 1
    assert lows[0]["kind"]["en"] == "Balance too low"
    assert "cash account's available balance is 1,000 VND" in lows[0]["text"]["en"]
    assert "5,000 VND" in lows[0]["text"]["en"]
    assert "còn 1.000 đồng" in lows[0]["text"]["vi"]
    assert "5.000 đồng" in lows[0]["text"]["vi"]


def test_notifications_are_the_enterprise_s_own_and_the_job_is_customs_only(
    users: Users, app_client: TestClient, enterprise_a: int
) -> None:
    binh = users.headers("binh")
    other = app_client.get(
        "/api/v1/payments/notifications", params={"enterprise_id": enterprise_a}, headers=binh
    )
    assert other.status_code == 404
    refused = app_client.post("/api/v1/payments/reminders", headers=users.headers("lan"))
    assert refused.status_code == 403
    officer = app_client.get(
        "/api/v1/payments/notifications",
        params={"enterprise_id": enterprise_a},
        headers=users.headers("hoa"),
    )
    assert officer.status_code == 200


def test_the_payments_pages_show_the_notifications_in_both_languages(
    desk: Desk, users: Users, app_client: TestClient
) -> None:
    lan = users.headers("lan")
    desk.file(lan)
    sign_in(app_client, "lan")
    assert "notices-banner" not in app_client.get("/payments?lang=en").text
    empty = app_client.get("/payments/notifications?lang=en")
    assert empty.status_code == 200
    assert "No notifications." in empty.text

    _remind(app_client, users)

    owe = app_client.get("/payments?lang=en")
    assert 'id="notices-banner"' in owe.text
    assert "Duty due" in owe.text
    assert "All notifications" in owe.text
    accounts = app_client.get("/payments/accounts?lang=vi")
    assert "Sắp đến hạn nộp thuế" in accounts.text
    listed = app_client.get("/payments/notifications?lang=vi")
    assert listed.status_code == 200
    assert "Thông báo" in listed.text
    assert "phải nộp chậm nhất ngày" in listed.text


def test_a_priority_enterprise_owes_its_taxes_by_the_10th_of_the_next_month(
    desk: Desk, users: Users, app_client: TestClient, clock: FixedClock, enterprise_a: int
) -> None:
    lan = users.headers("lan")
    ordinary = desk.dues(desk.file(lan)["declaration"]["id"], lan)
    ordinary_taxes = [o for o in ordinary["obligations"] if o["kind"]["code"] != "customs_fee"]
    assert {(o["due_on"], o["basis"]) for o in ordinary_taxes} == {
        ("2026-11-20", "before_clearance")
    }
    granted = app_client.put(
        f"/api/v1/risk/traders/{enterprise_a}/priority",
        json={"priority": True},
        headers=users.headers("son"),
    )
    assert granted.status_code == 200, granted.text

    declaration_id = desk.file(lan)["declaration"]["id"]
    dues = desk.dues(declaration_id, lan)
    taxes = [o for o in dues["obligations"] if o["kind"]["code"] != "customs_fee"]
    assert taxes
    assert {(o["due_on"], o["basis"]) for o in taxes} == {("2026-12-10", "priority")}
    assert dues["overdue"] is False

    _remind(app_client, users)  # 20 days ahead: nothing to say yet
    assert _about(_notifications(app_client, lan), declaration_id) == []
    clock.advance(timedelta(days=16))  # 2026-12-06: four days ahead
    _remind(app_client, users)
    assert _about(_notifications(app_client, users.headers("lan")), declaration_id) == []
    clock.advance(timedelta(days=1))  # 2026-12-07: three days ahead
    _remind(app_client, users)
    assert _about(_notifications(app_client, users.headers("lan")), declaration_id) == ["duty_due"]
