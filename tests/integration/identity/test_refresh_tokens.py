"""Short access tokens with refresh tokens that rotate: a refresh gives a new pair; a refresh
token used twice revokes its whole family, the access tokens it gave included."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient

from smartcustoms.demo import DEMO_PASSWORD
from smartcustoms.kit.clock import FixedClock


def _sign_in(client: TestClient) -> dict[str, Any]:
    answer = client.post("/api/v1/auth/token", json={"username": "lan", "password": DEMO_PASSWORD})
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


def _refresh(client: TestClient, token: str) -> Any:
    return client.post("/api/v1/auth/refresh", json={"refresh_token": token})


def _me(client: TestClient, access: str) -> int:
    return client.get("/api/v1/me", headers={"Authorization": f"Bearer {access}"}).status_code


def test_an_access_token_is_short_and_comes_with_a_refresh_token(app_client: TestClient) -> None:
    pair = _sign_in(app_client)
    assert pair["expires_in"] == 15 * 60
    assert pair["refresh_token"]
    assert pair["refresh_expires_in"] == 30 * 86400


def test_a_refresh_gives_a_new_pair_and_the_old_refresh_token_is_spent(
    app_client: TestClient, clock: FixedClock
) -> None:
    first = _sign_in(app_client)
    clock.advance(timedelta(minutes=16))
    assert _me(app_client, first["access_token"]) == 401  # expired
    second = _refresh(app_client, first["refresh_token"])
    assert second.status_code == 200, second.text
    pair = second.json()
    assert pair["refresh_token"] != first["refresh_token"]
    assert _me(app_client, pair["access_token"]) == 200
    third = _refresh(app_client, pair["refresh_token"])
    assert third.status_code == 200


def test_a_refresh_token_used_twice_revokes_the_whole_family(
    app_client: TestClient, clock: FixedClock
) -> None:
    first = _sign_in(app_client)
    other_sign_in = _sign_in(app_client)
    rotated = _refresh(app_client, first["refresh_token"]).json()
    assert _me(app_client, rotated["access_token"]) == 200

    # The spent token again: someone holds a copy; the family ends for both holders.
    reused = _refresh(app_client, first["refresh_token"])
    assert reused.status_code == 401
    assert reused.json()["code"] == "refresh_token_reused"
    assert _me(app_client, rotated["access_token"]) == 401
    assert _me(app_client, first["access_token"]) == 401
    assert _refresh(app_client, rotated["refresh_token"]).status_code == 401
    # Another sign-in of the same person is another family, untouched.
    assert _me(app_client, other_sign_in["access_token"]) == 200
    assert _refresh(app_client, other_sign_in["refresh_token"]).status_code == 200


def test_an_expired_or_made_up_refresh_token_is_refused(
    app_client: TestClient, clock: FixedClock
) -> None:
    pair = _sign_in(app_client)
    assert _refresh(app_client, "made-up").status_code == 401
    clock.advance(timedelta(days=31))
    expired = _refresh(app_client, pair["refresh_token"])
    assert expired.status_code == 401
    assert expired.json()["code"] == "refresh_token_invalid"


def test_revoking_a_users_tokens_ends_refreshing_too(
    app_client: TestClient, clock: FixedClock
) -> None:
    pair = _sign_in(app_client)
    disabled = app_client.post(
        "/api/v1/auth/revoke", headers={"Authorization": f"Bearer {pair['access_token']}"}
    )
    assert disabled.status_code == 204
    assert _me(app_client, pair["access_token"]) == 401
    # Revoking one access token leaves its sign-in's refresh token: the holder signed out
    # of that token only.
    assert _refresh(app_client, pair["refresh_token"]).status_code == 200
