"""The KPI dashboard's payment figures."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient

from payments_support import Desk
from smartcustoms.kit.clock import FixedClock
from smartcustoms.payments.gateway import StatementLine
from support import TEST_NOW, Users


def test_figures_count_what_was_payable_and_paid_online_and_how_fast(
    desk: Desk, users: Users, app_client: TestClient, clock: FixedClock, enterprise_a: int
) -> None:
    lan = users.headers("lan")
    online = desk.file(lan)["declaration"]["id"]
    from_cash = desk.file(lan, invoice_number="INV-2")["declaration"]["id"]
    desk.file(lan, invoice_number="INV-3")  # left unpaid
    clock.advance(timedelta(minutes=30))
    lan = users.headers("lan")
    owed = desk.dues(online, lan)["outstanding_vnd"]
    desk.notify(desk.bank.pay(desk.start(online, lan)["reference"]))
    desk.top_up(enterprise_a, owed, lan)
    paid = app_client.post(
        f"/api/v1/payments/declarations/{from_cash}/account-payments",
        json={"account": "cash"},
        headers=lan,
    )
    assert paid.status_code == 200
    desk.bank.lines.append(StatementLine("TXN-Z", "SCPOUTSIDE0000", 5_000, clock.now(), "0"))
    hoa = users.headers("hoa")
    desk.client.post(
        f"/api/v1/payments/banks/{desk.bank.name}/statements/2026-11-20/reconcile", headers=hoa
    )

    figures = app_client.get(
        "/api/v1/payments/figures",
        params={"since": (TEST_NOW - timedelta(days=1)).isoformat()},
        headers=hoa,
    ).json()

    assert figures["obligations"] == 3 * 3  # each declaration: two taxes and the fee
    assert figures["share_payable_online"] == 1.0
    assert figures["settled_vnd"] == 2 * owed
    assert figures["share_paid_online"] == 0.5  # one by bank, one from the cash account
    assert figures["bank_payments"] == 2  # the declaration's and the top-up
    assert figures["payments_outside_platform"] == 1
    assert figures["share_transactions_online"] == 2 / 3
    assert figures["registration_to_payment"]["count"] == 2
    assert figures["registration_to_payment"]["p50_seconds"] == 30 * 60
    assert figures["bank_to_platform"]["p95_seconds"] == 0.0


def test_only_customs_reads_the_figures(users: Users, app_client: TestClient) -> None:
    response = app_client.get("/api/v1/payments/figures", headers=users.headers("lan"))
    assert response.status_code == 403
