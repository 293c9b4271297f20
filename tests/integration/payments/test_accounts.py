"""Cash and deferment accounts, guarantees and standing authorities, through the API."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from payments_support import Desk, cash
from smartcustoms.kit.clock import customs_date
from smartcustoms.outbox.models import OutboxEvent
from support import TEST_NOW, Users

TODAY = customs_date(TEST_NOW)


def _pay_from(
    app_client: TestClient, declaration_id: int, account: str, headers: dict[str, str]
) -> Any:
    return app_client.post(
        f"/api/v1/payments/declarations/{declaration_id}/account-payments",
        json={"account": account},
        headers=headers,
    )


def _guarantee(
    app_client: TestClient, enterprise_id: int, users: Users, **overrides: object
) -> int:
    body = {
        "issuer": "Vietcombank",
        "reference": "BL-2026-001",
        "amount_vnd": 500_000_000,
        "valid_from": TODAY.isoformat(),
        "valid_to": (TODAY + timedelta(days=60)).isoformat(),
        **overrides,
    }
    response = app_client.post(
        f"/api/v1/payments/enterprises/{enterprise_id}/guarantees",
        json=body,
        headers=users.headers("hoa"),
    )
    assert response.status_code == 201, response.text
    guarantees = response.json()["guarantees"]
    return int(next(g["id"] for g in guarantees if g["reference"] == body["reference"]))


def test_a_cash_account_pays_a_declaration_and_its_balance_is_exact(
    desk: Desk, users: Users, app_client: TestClient, enterprise_a: int
) -> None:
    lan = users.headers("lan")
    declaration_id = desk.file(lan)["declaration"]["id"]
    owed = desk.dues(declaration_id, lan)["outstanding_vnd"]
    desk.top_up(enterprise_a, owed + 1_000_000, lan)

    paid = _pay_from(app_client, declaration_id, "cash", lan)

    assert paid.status_code == 200, paid.text
    assert paid.json()["taxes_met"] is True
    assert cash(desk.accounts(enterprise_a, lan)) == 1_000_000
    statement = app_client.get(
        f"/api/v1/payments/enterprises/{enterprise_a}/statement", headers=lan
    ).json()
    assert [(e["reason"], e["amount_vnd"], e["balance_after_vnd"]) for e in statement] == [
        ("topup", owed + 1_000_000, owed + 1_000_000),
        ("payment", -owed, 1_000_000),
    ]


def test_a_cash_account_that_holds_too_little_is_refused_and_nothing_moves(
    desk: Desk, users: Users, app_client: TestClient, enterprise_a: int
) -> None:
    lan = users.headers("lan")
    declaration_id = desk.file(lan)["declaration"]["id"]
    desk.top_up(enterprise_a, 1_000, lan)

    refused = _pay_from(app_client, declaration_id, "cash", lan)

    assert refused.status_code == 422
    assert refused.json()["code"] == "insufficient_balance"
    assert cash(desk.accounts(enterprise_a, lan)) == 1_000
    assert desk.dues(declaration_id, lan)["taxes_met"] is False


def test_the_deferment_account_pays_within_its_limit_only(
    desk: Desk, users: Users, app_client: TestClient, enterprise_a: int
) -> None:
    lan = users.headers("lan")
    first = desk.file(lan)["declaration"]["id"]
    second = desk.file(lan, invoice_number="INV-2")["declaration"]["id"]
    owed = desk.dues(first, lan)["outstanding_vnd"]
    limit = app_client.put(
        f"/api/v1/payments/enterprises/{enterprise_a}/accounts/deferment/limit",
        json={"limit_vnd": owed + 10},
        headers=users.headers("hoa"),
    )
    assert limit.status_code == 200, limit.text

    assert _pay_from(app_client, first, "deferment", lan).status_code == 200
    refused = _pay_from(app_client, second, "deferment", lan)

    assert refused.status_code == 422
    assert refused.json()["code"] == "deferment_limit_exceeded"
    deferment = next(
        a for a in desk.accounts(enterprise_a, lan)["accounts"] if a["kind"]["code"] == "deferment"
    )
    assert (deferment["balance_vnd"], deferment["available_vnd"]) == (owed, 10)


def test_only_customs_sets_a_deferment_limit(
    users: Users, app_client: TestClient, enterprise_a: int
) -> None:
    response = app_client.put(
        f"/api/v1/payments/enterprises/{enterprise_a}/accounts/deferment/limit",
        json={"limit_vnd": 10**9},
        headers=users.headers("lan"),
    )
    assert response.status_code == 403


def test_a_guarantee_lets_the_taxes_count_as_met_until_it_ends(
    desk: Desk, users: Users, app_client: TestClient, enterprise_a: int
) -> None:
    lan = users.headers("lan")
    declaration_id = desk.file(lan)["declaration"]["id"]
    guarantee_id = _guarantee(app_client, enterprise_a, users)

    covered = app_client.post(
        f"/api/v1/payments/declarations/{declaration_id}/guarantee-covers",
        json={"guarantee_id": guarantee_id},
        headers=lan,
    )

    assert covered.status_code == 200, covered.text
    dues = covered.json()
    assert dues["taxes_met"] is True
    assert dues["outstanding_vnd"] > 0  # guaranteed is not paid
    taxes = [o for o in dues["obligations"] if o["kind"]["code"] != "customs_fee"]
    # due by the guarantee's end, at most 30 days after registration
    assert {o["due_on"] for o in taxes} == {(TODAY + timedelta(days=30)).isoformat()}
    assert {o["basis"] for o in taxes} == {"guaranteed"}
    used = next(
        g for g in desk.accounts(enterprise_a, lan)["guarantees"] if g["id"] == guarantee_id
    )
    assert used["used_vnd"] == sum(o["amount_vnd"] for o in taxes)


def test_paying_a_guaranteed_declaration_gives_the_guarantee_back(
    desk: Desk, users: Users, app_client: TestClient, enterprise_a: int
) -> None:
    lan = users.headers("lan")
    declaration_id = desk.file(lan)["declaration"]["id"]
    guarantee_id = _guarantee(app_client, enterprise_a, users)
    app_client.post(
        f"/api/v1/payments/declarations/{declaration_id}/guarantee-covers",
        json={"guarantee_id": guarantee_id},
        headers=lan,
    )

    desk.notify(desk.bank.pay(desk.start(declaration_id, lan)["reference"]))

    guarantee = next(
        g for g in desk.accounts(enterprise_a, lan)["guarantees"] if g["id"] == guarantee_id
    )
    assert guarantee["used_vnd"] == 0
    assert desk.dues(declaration_id, lan)["obligations"][0]["covered_vnd"] == 0


def test_a_guarantee_past_its_validity_is_refused(
    desk: Desk, users: Users, app_client: TestClient, enterprise_a: int
) -> None:
    lan = users.headers("lan")
    declaration_id = desk.file(lan)["declaration"]["id"]
    expired = _guarantee(
        app_client,
        enterprise_a,
        users,
        valid_from=(TODAY - timedelta(days=90)).isoformat(),
        valid_to=(TODAY - timedelta(days=1)).isoformat(),
    )

    refused = app_client.post(
        f"/api/v1/payments/declarations/{declaration_id}/guarantee-covers",
        json={"guarantee_id": expired},
        headers=lan,
    )

    assert refused.status_code == 422
    assert refused.json()["code"] == "guarantee_not_valid"
    assert desk.dues(declaration_id, lan)["taxes_met"] is False


def test_a_guarantee_for_one_declaration_does_not_cover_another(
    desk: Desk, users: Users, app_client: TestClient, enterprise_a: int
) -> None:
    lan = users.headers("lan")
    first = desk.file(lan)["declaration"]["id"]
    second = desk.file(lan, invoice_number="INV-2")["declaration"]["id"]
    only_first = _guarantee(app_client, enterprise_a, users, declaration_id=first)

    refused = app_client.post(
        f"/api/v1/payments/declarations/{second}/guarantee-covers",
        json={"guarantee_id": only_first},
        headers=lan,
    )

    assert refused.status_code == 422
    assert refused.json()["code"] == "guarantee_other_declaration"


def test_a_broker_uses_an_enterprise_s_account_only_under_its_standing_authority(
    desk: Desk, users: Users, app_client: TestClient, enterprise_a: int
) -> None:
    lan, minh = users.headers("lan"), users.headers("minh")
    declaration_id = desk.file(lan)["declaration"]["id"]
    desk.top_up(enterprise_a, 10**9, lan)
    broker_company = users.actor("minh").organisation_id

    without = _pay_from(app_client, declaration_id, "cash", minh)
    assert without.status_code == 403
    assert without.json()["code"] == "permission_denied"

    granted = app_client.post(
        f"/api/v1/payments/enterprises/{enterprise_a}/authorities",
        json={"agent_id": broker_company},
        headers=lan,
    )
    assert granted.status_code == 201, granted.text
    assert _pay_from(app_client, declaration_id, "cash", minh).status_code == 200

    second = desk.file(lan, invoice_number="INV-2")["declaration"]["id"]
    revoked = app_client.delete(
        f"/api/v1/payments/enterprises/{enterprise_a}/authorities/{broker_company}", headers=lan
    )
    assert revoked.status_code == 204
    assert _pay_from(app_client, second, "cash", minh).status_code == 403


def test_a_broker_cannot_grant_itself_authority(
    users: Users, app_client: TestClient, enterprise_a: int
) -> None:
    response = app_client.post(
        f"/api/v1/payments/enterprises/{enterprise_a}/authorities",
        json={"agent_id": users.actor("minh").organisation_id},
        headers=users.headers("minh"),
    )
    assert response.status_code == 403


def test_a_debit_below_the_warning_level_warns_once(
    desk: Desk, users: Users, app_client: TestClient, enterprise_a: int, session: Session
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
    assert warning.json()["accounts"][0]["low"] is False

    _pay_from(app_client, declaration_id, "cash", lan)

    account = desk.accounts(enterprise_a, lan)["accounts"][0]
    assert account["low"] is True
    topics = session.scalars(
        select(OutboxEvent.topic).where(OutboxEvent.topic == "payments.low_balance")
    ).all()
    assert topics == ["payments.low_balance"]


def test_another_enterprise_s_accounts_are_not_found(
    users: Users, app_client: TestClient, enterprise_a: int
) -> None:
    response = app_client.get(
        f"/api/v1/payments/enterprises/{enterprise_a}/accounts", headers=users.headers("binh")
    )
    assert response.status_code == 404
