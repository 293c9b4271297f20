"""What an amendment changes in what is owed, and overdue debt in the trader's standing."""

from __future__ import annotations

import copy
from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient

from payments_support import Desk, cash
from smartcustoms.kit.clock import FixedClock, customs_date
from support import TEST_NOW, Users, import_payload


def _with_phones(quantity: int) -> dict[str, Any]:
    """The test import with another quantity of its first item (same unit price)."""
    payload = import_payload()
    items = copy.deepcopy(payload["items"])
    assert isinstance(items, list)
    items[0]["quantity"] = str(quantity)
    items[0]["invoice_value"] = f"{quantity * 200}.00"
    total = quantity * 200 + 2500
    return {**payload, "items": items, "invoice_amount": f"{total}.00"}


def _amend(
    app_client: TestClient, declaration_id: int, body: dict[str, Any], lan: dict[str, str]
) -> dict[str, Any]:
    draft = app_client.post(f"/api/v1/declarations/{declaration_id}/amend", headers=lan)
    assert draft.status_code == 201, draft.text
    v2 = draft.json()["id"]
    assert app_client.put(f"/api/v1/declarations/{v2}", json=body, headers=lan).status_code == 200
    submitted = app_client.post(f"/api/v1/declarations/{v2}/submit", headers=lan)
    assert submitted.status_code == 200, submitted.text
    answer: dict[str, Any] = submitted.json()
    # Registered; a version whose goods were cleared passes the clearance on to it (the
    # goods are gone: what changes is what is owed).
    assert answer["declaration"]["status"] in {"registered", "cleared"}, answer
    return answer


def _taxes(dues: dict[str, Any]) -> int:
    return sum(o["amount_vnd"] for o in dues["obligations"] if o["kind"]["code"] != "customs_fee")


def test_an_amendment_that_adds_tax_leaves_the_difference_owed_from_the_first_deadline(
    desk: Desk, users: Users, app_client: TestClient, clock: FixedClock, enterprise_a: int
) -> None:
    lan = users.headers("lan")
    v1 = desk.file(lan, **_with_phones(50))["declaration"]["id"]
    paid = desk.start(v1, lan)
    desk.notify(desk.bank.pay(paid["reference"]))
    before = _taxes(desk.dues(v1, lan))
    clock.advance(timedelta(days=3))
    lan = users.headers("lan")

    v2 = _amend(app_client, v1, _with_phones(60), lan)

    changes = next(s for s in v2["steps"] if s["step"] == "payments")["changes"]
    dues = desk.dues(v2["declaration"]["id"], lan)
    assert dues["declaration_id"] == v2["declaration"]["id"]
    assert dues["first_version_id"] == v1
    assert _taxes(dues) > before
    # taxes move each on its own (freight is shared out anew), what one paid beyond its new
    # amount is set against another's extra: only the net difference is owed
    assert len(changes) >= 1
    assert dues["outstanding_vnd"] == _taxes(dues) - before
    assert cash(desk.accounts(enterprise_a, lan)) == 0
    assert dues["taxes_met"] is False
    # the extra keeps the original deadline, so interest runs from it
    assert {o["due_on"] for o in dues["obligations"] if o["kind"]["code"] != "customs_fee"} == {
        customs_date(TEST_NOW).isoformat()
    }
    assert dues["interest_vnd"] > 0


def test_an_amendment_that_lowers_a_paid_tax_credits_the_difference(
    desk: Desk, users: Users, app_client: TestClient, enterprise_a: int
) -> None:
    lan = users.headers("lan")
    v1 = desk.file(lan, **_with_phones(50))["declaration"]["id"]
    desk.notify(desk.bank.pay(desk.start(v1, lan)["reference"]))
    before = _taxes(desk.dues(v1, lan))

    v2 = _amend(app_client, v1, _with_phones(40), lan)["declaration"]["id"]

    dues = desk.dues(v2, lan)
    assert _taxes(dues) < before
    assert dues["outstanding_vnd"] == 0
    assert dues["taxes_met"] is True
    assert cash(desk.accounts(enterprise_a, lan)) == before - _taxes(dues)


def test_an_amendment_before_payment_just_changes_what_is_owed(
    desk: Desk, users: Users, app_client: TestClient, enterprise_a: int
) -> None:
    lan = users.headers("lan")
    v1 = desk.file(lan, **_with_phones(50))["declaration"]["id"]

    v2 = _amend(app_client, v1, _with_phones(40), lan)["declaration"]["id"]

    dues = desk.dues(v2, lan)
    assert dues["outstanding_vnd"] == _taxes(dues) + 20_000
    assert cash(desk.accounts(enterprise_a, lan)) == 0


def test_taxes_unpaid_beyond_90_days_refuse_the_enterprise_s_next_declaration(
    desk: Desk, users: Users, app_client: TestClient, clock: FixedClock
) -> None:
    desk.file(users.headers("lan"))
    clock.advance(timedelta(days=92))

    refused = desk.file(users.headers("lan"))

    assert refused["declaration"]["status"] == "rejected"
    reasons = [r["code"] for r in refused["declaration"]["status_reasons"]]
    assert reasons == ["tax_debt_overdue"]


def test_paying_the_overdue_taxes_lets_the_enterprise_declare_again(
    desk: Desk, users: Users, clock: FixedClock
) -> None:
    lan = users.headers("lan")
    first = desk.file(lan)["declaration"]["id"]
    clock.advance(timedelta(days=92))
    lan = users.headers("lan")
    desk.notify(desk.bank.pay(desk.start(first, lan)["reference"]))

    accepted = desk.file(lan)

    assert accepted["declaration"]["status"] == "registered"


def test_the_officer_sees_overdue_debt_and_the_trader_s_risk_standing_shows_it(
    desk: Desk, users: Users, app_client: TestClient, clock: FixedClock, enterprise_a: int
) -> None:
    desk.file(users.headers("lan"))
    clock.advance(timedelta(days=5))
    hoa = users.headers("hoa")

    overdue = app_client.get("/api/v1/payments/overdue", headers=hoa).json()
    profile = app_client.get(f"/api/v1/risk/traders/{enterprise_a}", headers=hoa).json()

    assert [(d["enterprise_id"], d["days_overdue"]) for d in overdue] == [(enterprise_a, 5)]
    assert len(profile["unsettled_debts"]) == 1
    assert profile["blocked_by_tax_debt"] is False
