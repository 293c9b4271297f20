"""API keys for machine clients: identified by the enterprise's tax code, scoped, kept as a
hash, revocable (the access tokens a key gave end with it), their last use recorded."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from smartcustoms.demo import ENTERPRISES_BY_KEY
from smartcustoms.identity.models import ApiKey
from smartcustoms.kit.clock import FixedClock
from support import Users, csrf, import_payload, sign_in

A_TAX_CODE = ENTERPRISES_BY_KEY["A"].tax_code


def _create(client: TestClient, users: Users, scopes: list[str]) -> dict[str, Any]:
    answer = client.post(
        "/api/v1/api-keys",
        headers=users.headers("lan"),
        json={"name": "ERP connector", "scopes": scopes},
    )
    assert answer.status_code == 201, answer.text
    return dict(answer.json())


def _exchange(client: TestClient, api_key: str, tax_code: str = A_TAX_CODE) -> Any:
    return client.post("/api/v1/auth/client-token", json={"tax_code": tax_code, "api_key": api_key})


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_a_key_is_shown_once_and_kept_only_as_a_hash(
    app_client: TestClient, users: Users, session: Session
) -> None:
    created = _create(app_client, users, ["declare"])
    secret = created["api_key"].split("_", 2)[2]
    kept = session.scalars(select(ApiKey).where(ApiKey.key_id == created["key_id"])).one()
    assert secret not in kept.secret_hash
    assert len(kept.secret_hash) == 64
    listed = app_client.get("/api/v1/api-keys", headers=users.headers("lan")).json()
    assert "api_key" not in listed[0]
    assert listed[0]["scopes"] == ["declare", "view"]


def test_a_machine_files_with_its_key_within_its_scopes(
    app_client: TestClient, users: Users, clock: FixedClock
) -> None:
    declare = _create(app_client, users, ["declare"])
    view = _create(app_client, users, ["view"])

    token = _exchange(app_client, declare["api_key"])
    assert token.status_code == 200, token.text
    assert token.json()["refresh_token"] is None
    filed = app_client.post(
        "/api/v1/declarations", json=import_payload(), headers=_bearer(token.json()["access_token"])
    )
    assert filed.status_code == 201, filed.text

    looking = _bearer(_exchange(app_client, view["api_key"]).json()["access_token"])
    assert (
        app_client.get(f"/api/v1/declarations/{filed.json()['id']}", headers=looking).status_code
        == 200
    )
    refused = app_client.post("/api/v1/declarations", json=import_payload(), headers=looking)
    assert refused.status_code == 403
    # A key manages no keys nor delegations: that is a person's act.
    assert app_client.get("/api/v1/api-keys", headers=looking).status_code == 403

    listed = app_client.get("/api/v1/api-keys", headers=users.headers("lan")).json()
    used = {k["key_id"]: k["last_used_at"] for k in listed}
    assert used[declare["key_id"]] is not None


def test_a_key_is_refused_for_another_tax_code_or_forged(
    app_client: TestClient, users: Users
) -> None:
    created = _create(app_client, users, ["view"])
    other = ENTERPRISES_BY_KEY["B"].tax_code
    assert _exchange(app_client, created["api_key"], tax_code=other).status_code == 401
    forged = created["api_key"][:-4] + "AAAA"
    answer = _exchange(app_client, forged)
    assert answer.status_code == 401
    assert answer.json()["code"] == "not_authenticated"
    assert _exchange(app_client, "sck_nothing_here").status_code == 401


def test_revoking_a_key_ends_its_exchange_and_the_tokens_it_gave(
    app_client: TestClient, users: Users
) -> None:
    created = _create(app_client, users, ["view"])
    token = _bearer(_exchange(app_client, created["api_key"]).json()["access_token"])
    assert app_client.get("/api/v1/me", headers=token).status_code == 200
    revoked = app_client.post(
        f"/api/v1/api-keys/{created['key_id']}/revoke", headers=users.headers("lan")
    )
    assert revoked.status_code == 200
    assert revoked.json()["revoked_at"] is not None
    assert app_client.get("/api/v1/me", headers=token).status_code == 401
    assert _exchange(app_client, created["api_key"]).status_code == 401
    binh = app_client.post(
        f"/api/v1/api-keys/{created['key_id']}/revoke", headers=users.headers("binh")
    )
    assert binh.status_code == 404


def test_an_expired_key_is_refused(app_client: TestClient, users: Users, clock: FixedClock) -> None:
    answer = app_client.post(
        "/api/v1/api-keys",
        headers=users.headers("lan"),
        json={
            "name": "short",
            "scopes": ["view"],
            "expires_at": (clock.now() + timedelta(days=1)).isoformat(),
        },
    )
    assert answer.status_code == 201
    assert _exchange(app_client, answer.json()["api_key"]).status_code == 200
    clock.advance(timedelta(days=1))
    assert _exchange(app_client, answer.json()["api_key"]).status_code == 401


def test_the_trader_makes_and_revokes_a_key_on_the_portal(app_client: TestClient) -> None:
    sign_in(app_client, "lan")
    page = app_client.get("/account/api-keys?lang=en")
    assert page.status_code == 200
    made = app_client.post(
        "/account/api-keys",
        data={"csrf_token": csrf(page.text), "name": "Customs desk", "scope": ["declare"]},
    )
    assert made.status_code == 200
    assert 'data-testid="new-key">sck_' in made.text
    key_id = made.text.split('action="/account/api-keys/')[1].split("/revoke")[0]
    revoked = app_client.post(
        f"/account/api-keys/{key_id}/revoke",
        data={"csrf_token": csrf(made.text)},
        follow_redirects=False,
    )
    assert revoked.status_code == 303
