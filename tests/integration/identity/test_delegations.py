"""Delegations (standing authorities): an enterprise's trader grants a broker enterprise
scopes for a while and can revoke them; a broker files, pays or sees for an enterprise only
under a delegation in force with that scope."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient

from smartcustoms.demo import ENTERPRISES_BY_KEY
from smartcustoms.kit.clock import FixedClock
from support import Users, csrf, import_payload, sign_in

BROKER_TAX_CODE = ENTERPRISES_BY_KEY["BROKER"].tax_code


def _delegations(client: TestClient, who: dict[str, str]) -> list[dict[str, Any]]:
    answer = client.get("/api/v1/delegations", headers=who)
    assert answer.status_code == 200, answer.text
    return list(answer.json())


def _revoke_all(client: TestClient, who: dict[str, str]) -> None:
    for delegation in _delegations(client, who):
        if delegation["revoked_at"] is None:
            answer = client.post(f"/api/v1/delegations/{delegation['id']}/revoke", headers=who)
            assert answer.status_code == 200, answer.text


def _grant(client: TestClient, who: dict[str, str], **body: Any) -> Any:
    return client.post(
        "/api/v1/delegations", headers=who, json={"agent_tax_code": BROKER_TAX_CODE, **body}
    )


def _files_for(client: TestClient, users: Users, enterprise_id: int) -> int:
    answer = client.post(
        "/api/v1/declarations",
        json=import_payload(enterprise_id=enterprise_id),
        headers=users.headers("minh"),
    )
    return answer.status_code


def test_the_seeded_broker_acts_under_open_ended_delegations_with_every_scope(
    app_client: TestClient, users: Users
) -> None:
    (shown,) = _delegations(app_client, users.headers("lan"))
    assert shown["agent_tax_code"] == BROKER_TAX_CODE
    assert shown["scopes"] == ["declare", "pay", "view"]
    assert shown["in_force"] is True
    assert shown["valid_until"] is None


def test_a_revoked_delegation_stops_the_broker_filing_for_that_enterprise_only(
    app_client: TestClient, users: Users
) -> None:
    a = users.actor("lan").organisation_id
    b = users.actor("binh").organisation_id
    assert a is not None
    assert b is not None
    assert _files_for(app_client, users, a) == 201
    _revoke_all(app_client, users.headers("lan"))

    assert a not in users.actor("minh").enterprise_ids
    assert _files_for(app_client, users, a) == 403
    assert _files_for(app_client, users, b) == 201


def test_a_view_only_delegation_shows_but_does_not_let_the_broker_file_or_pay(
    app_client: TestClient, users: Users, clock: FixedClock
) -> None:
    lan = users.headers("lan")
    a = users.actor("lan").organisation_id
    assert a is not None
    draft = app_client.post("/api/v1/declarations", json=import_payload(), headers=lan).json()
    _revoke_all(app_client, lan)
    granted = _grant(app_client, lan, scopes=["view"])
    assert granted.status_code == 201, granted.text

    minh = users.actor("minh")
    assert minh.may_view_for(a)
    assert not minh.may_declare_for(a)
    assert not minh.may_pay_for(a)
    assert _files_for(app_client, users, a) == 403
    # Lan's draft is a trader's own work, but a declaration of A is A's to show its broker.
    seen = app_client.get(f"/api/v1/declarations/{draft['id']}", headers=users.headers("minh"))
    assert seen.status_code == 200


def test_a_delegation_is_in_force_only_within_its_dates(
    app_client: TestClient, users: Users, clock: FixedClock
) -> None:
    lan = users.headers("lan")
    a = users.actor("lan").organisation_id
    assert a is not None
    _revoke_all(app_client, lan)
    start = clock.now() + timedelta(days=1)
    granted = _grant(
        app_client,
        lan,
        scopes=["declare"],
        valid_from=start.isoformat(),
        valid_until=(start + timedelta(days=7)).isoformat(),
    )
    assert granted.status_code == 201, granted.text
    assert granted.json()["in_force"] is False
    assert _files_for(app_client, users, a) == 403
    clock.advance(timedelta(days=2))
    assert _files_for(app_client, users, a) == 201
    clock.advance(timedelta(days=7))
    assert _files_for(app_client, users, a) == 403


def test_only_the_enterprises_own_trader_grants_and_revokes(
    app_client: TestClient, users: Users
) -> None:
    (lans,) = _delegations(app_client, users.headers("lan"))
    broker = _grant(app_client, users.headers("minh"), scopes=["declare"])
    assert broker.status_code == 403
    assert broker.json()["code"] == "action_not_allowed"  # identity/policy.py
    other = app_client.post(
        f"/api/v1/delegations/{lans['id']}/revoke", headers=users.headers("binh")
    )
    assert other.status_code == 404  # another enterprise's delegation cannot be probed
    officer = app_client.get("/api/v1/delegations", headers=users.headers("hoa"))
    assert officer.status_code == 403


def test_bad_terms_are_refused_with_a_reason(app_client: TestClient, users: Users) -> None:
    lan = users.headers("lan")
    unknown = app_client.post(
        "/api/v1/delegations",
        headers=lan,
        json={"agent_tax_code": "0100109106", "scopes": ["declare"]},
    )
    assert unknown.status_code == 404
    assert "0100109106" in unknown.json()["detail"]
    backwards = _grant(
        app_client,
        lan,
        scopes=["pay"],
        valid_from="2026-12-01T00:00:00+07:00",
        valid_until="2026-11-01T00:00:00+07:00",
    )
    assert backwards.status_code == 422
    assert not_a_scope(app_client, lan) == 422


def not_a_scope(client: TestClient, who: dict[str, str]) -> int:
    return _grant(client, who, scopes=["everything"]).status_code


def test_the_trader_grants_and_revokes_on_the_portal(app_client: TestClient) -> None:
    sign_in(app_client, "lan")
    page = app_client.get("/account/delegations?lang=en")
    assert page.status_code == 200
    assert BROKER_TAX_CODE in page.text
    assert "in force" in page.text
    granted = app_client.post(
        "/account/delegations",
        data={
            "csrf_token": csrf(page.text),
            "agent_tax_code": BROKER_TAX_CODE,
            "scope": ["view", "pay"],
            "valid_from": "2026-11-20",
            "valid_until": "2026-12-31",
        },
        follow_redirects=False,
    )
    assert granted.status_code == 303, granted.text
    listed = app_client.get("/account/delegations?lang=en")
    assert "pay duties, view" in listed.text
    revoke_form = listed.text.split('action="/account/delegations/')[1].split("/revoke")[0]
    revoked = app_client.post(
        f"/account/delegations/{revoke_form}/revoke",
        data={"csrf_token": csrf(listed.text)},
        follow_redirects=False,
    )
    assert revoked.status_code == 303
    assert "revoked" in app_client.get("/account/delegations?lang=en").text
