"""Paying online: the bank's signed notices, booked once whatever their order; forged,
replayed and wrong-amount notices; paying twice."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from payments_support import Desk, cash
from smartcustoms.payments.gateway import BookingStatus
from smartcustoms.payments.models import BankBooking, Settlement
from support import Users


def _exceptions(app_client: TestClient, users: Users) -> list[dict[str, Any]]:
    response = app_client.get("/api/v1/payments/exceptions", headers=users.headers("hoa"))
    assert response.status_code == 200
    listed: list[dict[str, Any]] = response.json()
    return listed


def test_paying_online_meets_the_taxes_once_the_bank_confirms(desk: Desk, users: Users) -> None:
    lan = users.headers("lan")
    declaration_id = desk.file(lan)["declaration"]["id"]
    owed = desk.dues(declaration_id, lan)["outstanding_vnd"]

    started = desk.start(declaration_id, lan)
    assert started["amount_vnd"] == owed
    assert started["redirect_url"].startswith("https://bank.test/pay/")
    assert desk.dues(declaration_id, lan)["taxes_met"] is False  # ordered is not paid

    answer = desk.notify(desk.bank.pay(started["reference"]))

    assert answer.status_code == 200, answer.text
    assert answer.json() == {"new": True, "status": "booked", "booked": True}
    dues = desk.dues(declaration_id, lan)
    assert dues["taxes_met"] is True
    assert dues["outstanding_vnd"] == 0


def test_a_replayed_notice_is_counted_once(
    desk: Desk, users: Users, session: Session, enterprise_a: int
) -> None:
    lan = users.headers("lan")
    declaration_id = desk.file(lan)["declaration"]["id"]
    started = desk.start(declaration_id, lan)
    notice = desk.bank.pay(started["reference"])

    first = desk.notify(notice)
    again = desk.notify(notice)

    assert first.json()["new"] is True
    assert again.status_code == 200
    assert again.json() == {"new": False, "status": "booked", "booked": False}
    paid = session.scalar(select(func.sum(Settlement.amount_vnd)))
    assert paid == started["amount_vnd"]
    assert cash(desk.accounts(enterprise_a, lan)) == 0


@pytest.mark.parametrize(
    "order", list(itertools.permutations(["booked", "rejected", "booked_again"]))
)
def test_notices_in_any_order_leave_the_same_state(
    desk: Desk, users: Users, session: Session, order: tuple[str, ...]
) -> None:
    lan = users.headers("lan")
    declaration_id = desk.file(lan)["declaration"]["id"]
    started = desk.start(declaration_id, lan)
    booked = desk.bank.pay(started["reference"], txn="T1")
    notices = {
        "booked": booked,
        "rejected": desk.bank.pay(started["reference"], status=BookingStatus.REJECTED, txn="T1"),
        "booked_again": booked,
    }
    for name in order:
        assert desk.notify(notices[name]).status_code == 200

    dues = desk.dues(declaration_id, lan)
    assert dues["taxes_met"] is True
    assert session.scalar(select(func.count(BankBooking.id))) == 1
    assert session.scalar(select(func.sum(Settlement.amount_vnd))) == started["amount_vnd"]


def test_a_forged_notice_is_rejected_and_changes_nothing(
    desk: Desk, users: Users, session: Session
) -> None:
    lan = users.headers("lan")
    declaration_id = desk.file(lan)["declaration"]["id"]
    started = desk.start(declaration_id, lan)
    headers, body = desk.bank.pay(started["reference"])
    forged_headers, _ = desk.bank.sign({}, key=b"x" * 32)
    tampered = body.replace(b'"amount_vnd": ', b'"amount_vnd": 1')

    for notice in ((forged_headers, body), (headers, tampered)):
        answer = desk.notify(notice)
        assert answer.status_code == 400
        assert answer.json()["code"] == "callback_rejected"
    assert desk.dues(declaration_id, lan)["taxes_met"] is False
    assert session.scalar(select(func.count(BankBooking.id))) == 0


def test_a_notice_for_an_unknown_bank_is_not_found(
    desk: Desk, users: Users, app_client: TestClient
) -> None:
    answer = app_client.post("/api/v1/payments/banks/nobank/notices", content=b"{}")
    assert answer.status_code == 404


def test_more_than_ordered_settles_the_taxes_and_keeps_the_excess_as_credit(
    desk: Desk, users: Users, app_client: TestClient, enterprise_a: int
) -> None:
    lan = users.headers("lan")
    declaration_id = desk.file(lan)["declaration"]["id"]
    started = desk.start(declaration_id, lan)

    desk.notify(desk.bank.pay(started["reference"], amount_vnd=started["amount_vnd"] + 500_000))

    assert desk.dues(declaration_id, lan)["outstanding_vnd"] == 0
    assert cash(desk.accounts(enterprise_a, lan)) == 500_000
    wrong = [e for e in _exceptions(app_client, users) if e["kind"]["code"] == "wrong_amount"]
    assert [(e["expected_vnd"], e["received_vnd"]) for e in wrong] == [
        (started["amount_vnd"], started["amount_vnd"] + 500_000)
    ]


def test_less_than_ordered_leaves_the_rest_owed(desk: Desk, users: Users) -> None:
    lan = users.headers("lan")
    declaration_id = desk.file(lan)["declaration"]["id"]
    started = desk.start(declaration_id, lan)

    desk.notify(desk.bank.pay(started["reference"], amount_vnd=1_000))

    dues = desk.dues(declaration_id, lan)
    assert dues["outstanding_vnd"] == started["amount_vnd"] - 1_000
    assert dues["taxes_met"] is False


def test_paying_twice_keeps_the_second_payment_as_credit(
    desk: Desk, users: Users, enterprise_a: int
) -> None:
    lan = users.headers("lan")
    declaration_id = desk.file(lan)["declaration"]["id"]
    started = desk.start(declaration_id, lan)

    desk.notify(desk.bank.pay(started["reference"]))
    desk.notify(desk.bank.pay(started["reference"]))  # the payer confirmed twice: two bookings

    assert desk.dues(declaration_id, lan)["outstanding_vnd"] == 0
    assert cash(desk.accounts(enterprise_a, lan)) == started["amount_vnd"]


def test_a_paid_declaration_cannot_be_ordered_again(
    desk: Desk, users: Users, app_client: TestClient
) -> None:
    lan = users.headers("lan")
    declaration_id = desk.file(lan)["declaration"]["id"]
    desk.notify(desk.bank.pay(desk.start(declaration_id, lan)["reference"]))

    again = app_client.post(
        f"/api/v1/payments/declarations/{declaration_id}/online-payments",
        json={"bank": desk.bank.name},
        headers=lan,
    )
    assert again.status_code == 409
    assert again.json()["code"] == "nothing_to_pay"


def test_a_broker_with_a_mandate_may_pay_online_for_the_enterprise(
    desk: Desk, users: Users
) -> None:
    declaration_id = desk.file(users.headers("lan"))["declaration"]["id"]
    started = desk.start(declaration_id, users.headers("minh"))
    desk.notify(desk.bank.pay(started["reference"]))
    assert desk.dues(declaration_id, users.headers("minh"))["taxes_met"] is True


def test_the_order_page_shows_the_status_after_the_bank(
    desk: Desk, users: Users, app_client: TestClient
) -> None:
    from support import sign_in

    lan = users.headers("lan")
    declaration_id = desk.file(lan)["declaration"]["id"]
    started = desk.start(declaration_id, lan)
    desk.notify(desk.bank.pay(started["reference"]))
    sign_in(app_client, "lan")
    page = app_client.get(f"/payments/orders/{started['reference']}?lang=vi")
    assert page.status_code == 200
    assert "đã nộp" in page.text
