"""The daily statement: matched line by line, a lost callback recovered, every mismatch
listed for officers, nothing counted twice whatever arrives first."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from payments_support import Desk
from smartcustoms.kit.clock import customs_date
from smartcustoms.payments.gateway import StatementLine
from smartcustoms.payments.models import BankBooking, Settlement
from support import TEST_NOW, Users

TODAY = customs_date(TEST_NOW).isoformat()


def _reconcile(desk: Desk, users: Users) -> dict[str, Any]:
    response = desk.client.post(
        f"/api/v1/payments/banks/{desk.bank.name}/statements/{TODAY}/reconcile",
        headers=users.headers("hoa"),
    )
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    return answer


def _kinds(app_client: TestClient, users: Users) -> list[str]:
    listed = app_client.get("/api/v1/payments/exceptions", headers=users.headers("hoa")).json()
    return sorted(e["kind"]["code"] for e in listed)


def test_a_payment_whose_callback_was_lost_is_recovered_from_the_statement(
    desk: Desk, users: Users, app_client: TestClient
) -> None:
    lan = users.headers("lan")
    declaration_id = desk.file(lan)["declaration"]["id"]
    started = desk.start(declaration_id, lan)
    desk.bank.pay(started["reference"])  # booked by the bank; its notice never arrives

    assert desk.dues(declaration_id, lan)["taxes_met"] is False
    answer = _reconcile(desk, users)

    assert answer["recovered"] == 1
    assert desk.dues(declaration_id, lan)["taxes_met"] is True
    assert _kinds(app_client, users) == ["payment_without_callback"]


def test_the_late_callback_after_a_recovery_changes_nothing(
    desk: Desk, users: Users, session: Session
) -> None:
    lan = users.headers("lan")
    declaration_id = desk.file(lan)["declaration"]["id"]
    started = desk.start(declaration_id, lan)
    notice = desk.bank.pay(started["reference"])
    _reconcile(desk, users)

    late = desk.notify(notice)

    assert late.status_code == 200
    assert late.json()["booked"] is False
    assert session.scalar(select(func.count(BankBooking.id))) == 1
    assert session.scalar(select(func.sum(Settlement.amount_vnd))) == started["amount_vnd"]


def test_a_statement_imported_twice_changes_nothing_the_second_time(
    desk: Desk, users: Users, app_client: TestClient
) -> None:
    lan = users.headers("lan")
    declaration_id = desk.file(lan)["declaration"]["id"]
    desk.bank.pay(desk.start(declaration_id, lan)["reference"])

    first = _reconcile(desk, users)
    second = _reconcile(desk, users)

    assert first["new"] is True
    assert second["new"] is False
    assert _kinds(app_client, users) == ["payment_without_callback"]


def test_notified_payments_are_matched_and_every_mismatch_is_listed(
    desk: Desk, users: Users, app_client: TestClient
) -> None:
    lan = users.headers("lan")
    matched = desk.start(desk.file(lan)["declaration"]["id"], lan)
    unlisted = desk.start(desk.file(lan, invoice_number="INV-2")["declaration"]["id"], lan)
    desk.notify(desk.bank.pay(matched["reference"]))
    desk.notify(desk.bank.pay(unlisted["reference"], on_statement=False))
    desk.bank.lines.append(StatementLine("TXN-X", "SCPNOTOURS0000", 75_000, TEST_NOW, "0309876547"))

    answer = _reconcile(desk, users)

    assert answer["matched"] == 1
    assert _kinds(app_client, users) == [
        "callback_without_statement_line",
        "unknown_reference",
    ]


def test_a_statement_line_of_another_amount_than_the_notice_is_listed(
    desk: Desk, users: Users, app_client: TestClient
) -> None:
    lan = users.headers("lan")
    started = desk.start(desk.file(lan)["declaration"]["id"], lan)
    desk.notify(desk.bank.pay(started["reference"]))
    line = desk.bank.lines[-1]
    desk.bank.lines[-1] = StatementLine(
        line.bank_txn_id, line.reference, line.amount_vnd - 1, line.booked_at, line.payer_tax_code
    )

    _reconcile(desk, users)

    listed = app_client.get("/api/v1/payments/exceptions", headers=users.headers("hoa")).json()
    assert [(e["kind"]["code"], e["expected_vnd"], e["received_vnd"]) for e in listed] == [
        ("wrong_amount", started["amount_vnd"], started["amount_vnd"] - 1)
    ]


def test_an_officer_resolves_an_exception_with_a_note(
    desk: Desk, users: Users, app_client: TestClient
) -> None:
    desk.bank.lines.append(StatementLine("TXN-Y", "SCPUNKNOWN0000", 10_000, TEST_NOW, "0"))
    _reconcile(desk, users)
    hoa = users.headers("hoa")
    exception_id = app_client.get("/api/v1/payments/exceptions", headers=hoa).json()[0]["id"]

    resolved = app_client.post(
        f"/api/v1/payments/exceptions/{exception_id}/resolve",
        json={"note": "refunded to the payer by the bank"},
        headers=hoa,
    )
    again = app_client.post(
        f"/api/v1/payments/exceptions/{exception_id}/resolve", json={"note": "x"}, headers=hoa
    )

    assert resolved.status_code == 204
    assert again.status_code == 409
    assert app_client.get("/api/v1/payments/exceptions", headers=hoa).json() == []


def test_traders_cannot_reconcile_or_see_exceptions(
    desk: Desk, users: Users, app_client: TestClient
) -> None:
    lan = users.headers("lan")
    assert app_client.get("/api/v1/payments/exceptions", headers=lan).status_code == 403
    response = app_client.post(
        f"/api/v1/payments/banks/{desk.bank.name}/statements/{TODAY}/reconcile", headers=lan
    )
    assert response.status_code == 403
