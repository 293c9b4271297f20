"""API keys rotated in place: a new secret under the same key id; the previous one keeps
working for the grace period, then is refused; each secret's last use recorded; API, portal
and command line; every change to a key is in the audit trail."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from smartcustoms.audit import service as audit
from smartcustoms.cli import app as cli
from smartcustoms.config import get_settings
from smartcustoms.db import make_engine, make_session_factory, transaction
from smartcustoms.demo import DEMO_PASSWORD, ENTERPRISES_BY_KEY
from smartcustoms.identity import service
from smartcustoms.identity.models import ApiKey
from smartcustoms.identity.rules import Scope
from smartcustoms.kit.clock import FixedClock
from support import TEST_NOW, Database, Users, csrf, sign_in

A_TAX_CODE = ENTERPRISES_BY_KEY["A"].tax_code


def _create(client: TestClient, users: Users) -> dict[str, Any]:
    answer = client.post(
        "/api/v1/api-keys",
        headers=users.headers("lan"),
        json={"name": "ERP connector", "scopes": ["declare"]},
    )
    assert answer.status_code == 201, answer.text
    return dict(answer.json())


def _exchange(client: TestClient, api_key: str) -> int:
    answer = client.post(
        "/api/v1/auth/client-token", json={"tax_code": A_TAX_CODE, "api_key": api_key}
    )
    return answer.status_code


def _instant(raw: str) -> datetime:
    return datetime.fromisoformat(raw)


def _listed(client: TestClient, users: Users, key_id: str) -> dict[str, Any]:
    keys = client.get("/api/v1/api-keys", headers=users.headers("lan")).json()
    return dict(next(k for k in keys if k["key_id"] == key_id))


def test_the_old_secret_works_through_the_grace_period_then_stops(
    app_client: TestClient, users: Users, clock: FixedClock, session: Session
) -> None:
    created = _create(app_client, users)
    old = created["api_key"]
    assert _exchange(app_client, old) == 200
    clock.advance(timedelta(hours=1))
    rotated = app_client.post(
        f"/api/v1/api-keys/{created['key_id']}/rotate", headers=users.headers("lan")
    )
    assert rotated.status_code == 200, rotated.text
    answer = rotated.json()
    new = answer["api_key"]
    assert new != old
    assert answer["key_id"] == created["key_id"]  # in place: the same key id and scopes
    assert answer["scopes"] == created["scopes"]
    # The default grace period: 24 hours.
    assert _instant(answer["previous_valid_until"]) == clock.now() + timedelta(hours=24)
    assert answer["last_used_at"] is None  # the new secret is not used yet
    assert answer["previous_last_used_at"] is not None  # the old one was, an hour ago

    clock.advance(timedelta(hours=2))
    assert _exchange(app_client, old) == 200
    assert _exchange(app_client, new) == 200
    listed = _listed(app_client, users, created["key_id"])
    assert _instant(listed["last_used_at"]) == clock.now()
    assert _instant(listed["previous_last_used_at"]) == clock.now()

    clock.advance(timedelta(hours=22))  # 24 hours after the rotation: the old one ends
    assert _exchange(app_client, old) == 401
    assert _exchange(app_client, new) == 200
    kept = session.scalars(select(ApiKey).where(ApiKey.key_id == created["key_id"])).one()
    assert old.split("_", 2)[2] not in (kept.previous_secret_hash or "")

    actions = [
        link.entry.action
        for link in audit.records_of(session, object_type="api_key", object_ids=[created["key_id"]])
    ]
    assert actions == ["api_key.created", "api_key.rotated"]


def test_rotating_again_ends_the_first_secret_at_once(app_client: TestClient, users: Users) -> None:
    created = _create(app_client, users)
    first = created["api_key"]
    url = f"/api/v1/api-keys/{created['key_id']}/rotate"
    second = app_client.post(url, headers=users.headers("lan")).json()["api_key"]
    third = app_client.post(url, headers=users.headers("lan")).json()["api_key"]
    assert _exchange(app_client, first) == 401
    assert _exchange(app_client, second) == 200  # in its grace period
    assert _exchange(app_client, third) == 200


def test_only_the_enterprises_trader_rotates_a_key_in_force(
    app_client: TestClient, users: Users
) -> None:
    created = _create(app_client, users)
    url = f"/api/v1/api-keys/{created['key_id']}/rotate"
    assert app_client.post(url, headers=users.headers("binh")).status_code == 404
    assert app_client.post(url, headers=users.headers("minh")).status_code == 403
    app_client.post(f"/api/v1/api-keys/{created['key_id']}/revoke", headers=users.headers("lan"))
    refused = app_client.post(url, headers=users.headers("lan"))
    assert refused.status_code == 409
    assert "create a new one instead of rotating" in refused.text
    assert _exchange(app_client, created["api_key"]) == 401


def test_the_trader_rotates_a_key_on_the_portal(
    app_client: TestClient, users: Users, clock: FixedClock
) -> None:
    created = _create(app_client, users)
    sign_in(app_client, "lan")
    page = app_client.get("/account/api-keys?lang=en")
    assert f'action="/account/api-keys/{created["key_id"]}/rotate"' in page.text
    rotated = app_client.post(
        f"/account/api-keys/{created['key_id']}/rotate?lang=en",
        data={"csrf_token": csrf(page.text)},
    )
    assert rotated.status_code == 200, rotated.text
    assert "The previous one keeps working until" in rotated.text
    assert "works until" in rotated.text  # the table's previous-secret column
    new_key = rotated.text.split('data-testid="new-key">')[1].split("<")[0]
    assert new_key.startswith(f"sck_{created['key_id']}_")
    assert _exchange(app_client, new_key) == 200
    assert _exchange(app_client, created["api_key"]) == 200
    vietnamese = app_client.get("/account/api-keys?lang=vi")
    assert "Đổi khóa" in vietnamese.text


@pytest.mark.slow
def test_the_operator_rotates_a_leaked_key_at_the_command_line(
    committing_postgresql: Database,
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
) -> None:
    monkeypatch.setenv("SMARTCUSTOMS_API_KEY_ROTATION_GRACE_HOURS", "5")
    get_settings.cache_clear()  # the command reads the settings of this environment
    request.addfinalizer(get_settings.cache_clear)
    engine = make_engine(committing_postgresql.url)
    try:
        with transaction(make_session_factory(engine)) as session:
            user = service.authenticate(session, username="lan", password=DEMO_PASSWORD)
            actor = service.actor_for(session, user_id=user.id)
            view, _ = service.create_api_key(
                session,
                actor=actor,
                name="leaky",
                scopes=frozenset({Scope.DECLARE}),
                expires_at=None,
                at=TEST_NOW,
            )
    finally:
        engine.dispose()
    result = CliRunner().invoke(
        cli,
        ["users", "rotate-api-key", view.key_id, "--database-url", committing_postgresql.url],
    )
    assert result.exit_code == 0, result.output
    assert f'"api_key": "sck_{view.key_id}_' in result.output
    answer = json.loads(result.output)
    rotated_at = datetime.fromisoformat(answer["previous_valid_until"]) - timedelta(hours=5)
    with transaction(make_session_factory(make_engine(committing_postgresql.url))) as session:
        kept = session.scalars(select(ApiKey).where(ApiKey.key_id == view.key_id)).one()
        assert kept.rotated_at == rotated_at  # the grace period of the setting: 5 hours
    unknown = CliRunner().invoke(
        cli, ["users", "rotate-api-key", "nope", "--database-url", committing_postgresql.url]
    )
    assert unknown.exit_code == 2
    assert "API key not found" in unknown.output
