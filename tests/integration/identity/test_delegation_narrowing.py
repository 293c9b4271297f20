"""Delegations narrowed by procedure (declaration type) and by payment account: a broker
files, amends and pays for an enterprise only within them, and is refused with a reason in
English and Vietnamese naming what is missing; the trader sets them over the API and on the
portal; granting and revoking are in the audit trail."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from smartcustoms.audit import service as audit
from smartcustoms.demo import ENTERPRISES_BY_KEY
from smartcustoms.identity.rules import DelegationScopeMissing, require_payment_account
from support import Users, csrf, import_payload, sign_in

BROKER_TAX_CODE = ENTERPRISES_BY_KEY["BROKER"].tax_code


def _narrow(client: TestClient, users: Users, **body: Any) -> dict[str, Any]:
    """Lan's enterprise delegates to Minh's company again, narrowed as `body` says."""
    lan = users.headers("lan")
    for delegation in client.get("/api/v1/delegations", headers=lan).json():
        if delegation["revoked_at"] is None:
            client.post(f"/api/v1/delegations/{delegation['id']}/revoke", headers=lan)
    granted = client.post(
        "/api/v1/delegations", headers=lan, json={"agent_tax_code": BROKER_TAX_CODE, **body}
    )
    assert granted.status_code == 201, granted.text
    return dict(granted.json())


def _file(client: TestClient, users: Users, type_code: str, lang: str = "en") -> Any:
    a = users.actor("lan").organisation_id
    return client.post(
        f"/api/v1/declarations?lang={lang}",
        json=import_payload(type_code=type_code, enterprise_id=a),
        headers={**users.headers("minh"), "Accept-Language": lang},
    )


def test_a_delegation_for_some_procedures_refuses_the_others_naming_them(
    app_client: TestClient, users: Users
) -> None:
    shown = _narrow(app_client, users, scopes=["declare", "pay"], procedures=["A12", "A11"])
    assert shown["procedures"] == ["A11", "A12"]
    assert shown["accounts"] == []  # every account

    assert _file(app_client, users, "A11").status_code == 201
    refused = _file(app_client, users, "A41")
    assert refused.status_code == 403
    assert refused.json()["code"] == "delegation_scope_missing"
    assert "does not cover procedure A41 (it covers A11, A12)" in refused.text
    in_vietnamese = _file(app_client, users, "A41", lang="vi")
    assert "không bao gồm loại hình A41" in in_vietnamese.text
    # Lan, the enterprise's own trader, is not narrowed.
    own = app_client.post(
        "/api/v1/declarations",
        json=import_payload(type_code="A41"),
        headers=users.headers("lan"),
    )
    assert own.status_code == 201


def test_a_draft_outside_the_procedures_cannot_be_amended_or_submitted_by_the_broker(
    app_client: TestClient, users: Users
) -> None:
    draft = app_client.post(
        "/api/v1/declarations", json=import_payload(type_code="A41"), headers=users.headers("lan")
    ).json()
    _narrow(app_client, users, scopes=["declare"], procedures=["A11"])
    minh = users.headers("minh")
    edited = app_client.put(
        f"/api/v1/declarations/{draft['id']}", json=import_payload(type_code="A41"), headers=minh
    )
    assert edited.status_code == 403
    assert edited.json()["code"] == "delegation_scope_missing"
    submitted = app_client.post(f"/api/v1/declarations/{draft['id']}/submit", headers=minh)
    assert submitted.status_code == 403
    # Still visible: the delegation's view scope is not narrowed.
    assert app_client.get(f"/api/v1/declarations/{draft['id']}", headers=minh).status_code == 200


def test_a_delegation_for_some_accounts_refuses_paying_from_the_others(
    app_client: TestClient, users: Users
) -> None:
    _narrow(app_client, users, scopes=["declare", "pay"], accounts=["bank"])
    a = users.actor("lan").organisation_id
    filed = app_client.post(
        "/api/v1/declarations/submit",
        json=import_payload(enterprise_id=a),
        headers=users.headers("minh"),
    )
    assert filed.status_code == 201, filed.text
    declaration_id = filed.json()["declaration"]["id"]
    refused = app_client.post(
        f"/api/v1/payments/declarations/{declaration_id}/account-payments",
        json={"account": "cash"},
        headers=users.headers("minh"),
    )
    assert refused.status_code == 403
    assert refused.json()["code"] == "delegation_scope_missing"
    assert "paying from its cash account (it covers bank payment)" in refused.text

    minh = users.actor("minh")
    assert a is not None
    assert minh.accounts_for(a) == frozenset({"bank"})
    require_payment_account(minh, a, "bank")  # allowed
    with pytest.raises(DelegationScopeMissing) as guarantee:
        require_payment_account(minh, a, "guarantee")
    assert "bảo lãnh ngân hàng" in guarantee.value.message_vi


def test_delegations_add_up_and_one_not_narrowed_covers_all(
    app_client: TestClient, users: Users
) -> None:
    _narrow(app_client, users, scopes=["declare"], procedures=["A11"])
    lan = users.headers("lan")
    also = app_client.post(
        "/api/v1/delegations",
        headers=lan,
        json={"agent_tax_code": BROKER_TAX_CODE, "scopes": ["declare"], "procedures": ["B11"]},
    )
    assert also.status_code == 201
    a = users.actor("lan").organisation_id
    assert a is not None
    assert users.actor("minh").procedures_for(a) == frozenset({"A11", "B11"})
    # A pay-only delegation listing no procedures does not widen what may be declared.
    app_client.post(
        "/api/v1/delegations",
        headers=lan,
        json={"agent_tax_code": BROKER_TAX_CODE, "scopes": ["pay"]},
    )
    assert users.actor("minh").procedures_for(a) == frozenset({"A11", "B11"})
    app_client.post(
        "/api/v1/delegations",
        headers=lan,
        json={"agent_tax_code": BROKER_TAX_CODE, "scopes": ["declare"]},
    )
    assert users.actor("minh").procedures_for(a) is None


def test_bad_procedures_and_accounts_are_refused(app_client: TestClient, users: Users) -> None:
    lan = users.headers("lan")
    for body in ({"procedures": ["a11"]}, {"procedures": ["A111"]}, {"accounts": ["piggy"]}):
        refused = app_client.post(
            "/api/v1/delegations",
            headers=lan,
            json={"agent_tax_code": BROKER_TAX_CODE, "scopes": ["declare"], **body},
        )
        assert refused.status_code == 422, body


def test_the_trader_narrows_a_delegation_on_the_portal_and_it_is_audited(
    app_client: TestClient, users: Users, session: Session
) -> None:
    sign_in(app_client, "lan")
    page = app_client.get("/account/delegations?lang=en")
    assert 'name="procedures"' in page.text
    assert 'name="account" value="deferment"' in page.text
    refused = app_client.post(
        "/account/delegations?lang=en",
        data={
            "csrf_token": csrf(page.text),
            "agent_tax_code": BROKER_TAX_CODE,
            "scope": "declare",
            "procedures": "A11 X",
        },
    )
    assert refused.status_code == 422
    assert "declaration type codes such as A11" in refused.text
    assert 'value="A11 X"' in refused.text  # kept for correcting
    granted = app_client.post(
        "/account/delegations",
        data={
            "csrf_token": csrf(page.text),
            "agent_tax_code": BROKER_TAX_CODE,
            "scope": ["declare", "pay"],
            "procedures": "a11, b11",
            "account": ["cash", "bank"],
        },
        follow_redirects=False,
    )
    assert granted.status_code == 303, granted.text
    listed = app_client.get("/account/delegations?lang=vi")
    assert "A11, B11" in listed.text
    assert "thanh toán qua ngân hàng, tài khoản ký quỹ" in listed.text

    newest = max(
        app_client.get("/api/v1/delegations", headers=users.headers("lan")).json(),
        key=lambda d: d["id"],
    )
    assert newest["procedures"] == ["A11", "B11"]
    assert newest["accounts"] == ["bank", "cash"]
    app_client.post(f"/api/v1/delegations/{newest['id']}/revoke", headers=users.headers("lan"))
    links = audit.records_of(session, object_type="delegation", object_ids=[str(newest["id"])])
    assert [link.entry.action for link in links] == ["delegation.granted", "delegation.revoked"]
    assert links[0].entry.details["procedures"] == "A11 B11"
    assert links[0].entry.on_behalf_of == users.actor("lan").organisation_id
