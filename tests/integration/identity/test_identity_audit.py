"""Changes to who may act are in the audit trail, in the change's own transaction: API keys,
sessions ended (one token, a refresh family), notification callback settings."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from smartcustoms.audit import service as audit
from smartcustoms.demo import DEMO_PASSWORD
from support import Users


def _actions(session: Session, object_type: str, object_id: str | int) -> list[str]:
    links = audit.records_of(session, object_type=object_type, object_ids=[str(object_id)])
    return [link.entry.action for link in links]


def test_creating_and_revoking_an_api_key_are_recorded(
    app_client: TestClient, users: Users, session: Session
) -> None:
    made = app_client.post(
        "/api/v1/api-keys",
        headers=users.headers("lan"),
        json={"name": "ERP", "scopes": ["view"]},
    ).json()
    app_client.post(f"/api/v1/api-keys/{made['key_id']}/revoke", headers=users.headers("lan"))
    links = audit.records_of(session, object_type="api_key", object_ids=[made["key_id"]])
    assert [link.entry.action for link in links] == ["api_key.created", "api_key.revoked"]
    lan = users.actor("lan")
    assert links[0].entry.actor_id == lan.user_id
    assert links[0].entry.on_behalf_of == lan.organisation_id
    assert made["api_key"] not in str(links[0].entry.details)  # never the secret


def test_signing_out_a_token_and_a_refresh_family_are_recorded(
    app_client: TestClient, session: Session, users: Users
) -> None:
    pair = app_client.post(
        "/api/v1/auth/token", json={"username": "binh", "password": DEMO_PASSWORD}
    ).json()
    binh = users.actor("binh").user_id
    before = _actions(session, "user", binh).count("session.revoked")
    answer = app_client.post(
        "/api/v1/auth/revoke", headers={"Authorization": f"Bearer {pair['access_token']}"}
    )
    assert answer.status_code == 204
    assert _actions(session, "user", binh).count("session.revoked") == before + 1


def test_setting_and_removing_the_callback_url_are_recorded(
    app_client: TestClient, users: Users, session: Session
) -> None:
    lan = users.headers("lan")
    a = users.actor("lan").organisation_id
    url = "https://example.com/customs/callback"
    set_ = app_client.put("/api/v1/notifications/endpoint", json={"url": url}, headers=lan)
    assert set_.status_code == 200, set_.text
    removed = app_client.delete("/api/v1/notifications/endpoint", headers=lan)
    assert removed.status_code == 204
    links = audit.records_of(session, object_type="notification_endpoint", object_ids=[str(a)])
    assert [link.entry.action for link in links] == [
        "notifications.endpoint_set",
        "notifications.endpoint_removed",
    ]
    assert links[0].entry.details == {"url": url}
    assert set_.json()["secret"] not in str(links[0].entry.details)
