"""Failed sign-ins lock an account name, and a client address, out for a while (429 with
Retry-After), in the API and the portal alike, in every process; and an unknown account name
costs a password verification like a known one."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from smartcustoms.app import create_app
from smartcustoms.config import Settings
from smartcustoms.demo import DEMO_PASSWORD
from smartcustoms.identity import security
from smartcustoms.kit.clock import FixedClock
from support import csrf


def _token(client: TestClient, username: str, password: str, lang: str = "en") -> Any:
    return client.post(
        f"/api/v1/auth/token?lang={lang}", json={"username": username, "password": password}
    )


def _fail(client: TestClient, username: str, times: int) -> None:
    for _ in range(times):
        assert _token(client, username, "not-the-password").status_code == 401


def test_five_wrong_passwords_lock_the_account_even_against_the_right_one(
    app_client: TestClient, clock: FixedClock
) -> None:
    _fail(app_client, "lan", 5)

    locked = _token(app_client, "lan", DEMO_PASSWORD)
    assert locked.status_code == 429
    assert locked.headers["Retry-After"] == str(15 * 60)
    problem = locked.json()
    assert problem["code"] == "too_many_attempts"
    assert problem["retry_after"] == 900
    assert "Try again in 15 minute(s)" in problem["detail"]
    vi = _token(app_client, "lan", DEMO_PASSWORD, lang="vi")
    assert "Hãy thử lại sau" in vi.json()["detail"]

    # Other accounts from the same address are not locked by Lan's failures.
    assert _token(app_client, "binh", DEMO_PASSWORD).status_code == 200

    clock.advance(timedelta(minutes=10))
    still = _token(app_client, "lan", DEMO_PASSWORD)
    assert still.status_code == 429
    assert still.headers["Retry-After"] == str(5 * 60)

    clock.advance(timedelta(minutes=5))
    assert _token(app_client, "lan", DEMO_PASSWORD).status_code == 200


def test_a_successful_sign_in_clears_the_accounts_failures(app_client: TestClient) -> None:
    _fail(app_client, "lan", 4)
    assert _token(app_client, "lan", DEMO_PASSWORD).status_code == 200
    _fail(app_client, "lan", 4)
    assert _token(app_client, "lan", DEMO_PASSWORD).status_code == 200


def test_unknown_account_names_are_locked_too(app_client: TestClient) -> None:
    _fail(app_client, "nobody-here", 5)
    assert _token(app_client, "nobody-here", "x").status_code == 429


def test_many_failures_from_one_address_lock_that_address_out(
    app_client: TestClient, clock: FixedClock
) -> None:
    # Password spraying: four tries for each of five names stays under each account's limit.
    for name in ("ann", "bob", "cuong", "dung", "em"):
        _fail(app_client, name, 4)
        clock.advance(timedelta(seconds=30))

    refused = _token(app_client, "lan", DEMO_PASSWORD)
    assert refused.status_code == 429
    assert "network address" in refused.json()["detail"]
    # Until the first of the twenty failures leaves the 15-minute window.
    assert refused.headers["Retry-After"] == str(15 * 60 - 5 * 30)
    clock.advance(timedelta(seconds=15 * 60 - 5 * 30))
    assert _token(app_client, "lan", DEMO_PASSWORD).status_code == 200


def test_the_lockout_holds_in_another_process(
    app_client: TestClient,
    settings: Settings,
    session_factory: sessionmaker[Session],
    clock: FixedClock,
) -> None:
    _fail(app_client, "lan", 5)
    other = create_app(settings, session_factory=session_factory, clock=clock)
    with TestClient(other) as other_client:
        assert _token(other_client, "lan", DEMO_PASSWORD).status_code == 429


def test_the_portal_counts_the_same_failures_and_shows_the_wait(
    app_client: TestClient,
) -> None:
    _fail(app_client, "lan", 3)
    for _ in range(2):
        page = app_client.get("/login?lang=en")
        wrong = app_client.post(
            "/login",
            data={"username": "lan", "password": "nope-nope-nope", "csrf_token": csrf(page.text)},
        )
        assert wrong.status_code == 401

    page = app_client.get("/login?lang=en")
    refused = app_client.post(
        "/login?lang=en",
        data={"username": "lan", "password": DEMO_PASSWORD, "csrf_token": csrf(page.text)},
        follow_redirects=False,
    )
    assert refused.status_code == 429
    assert refused.headers["Retry-After"] == "900"
    assert "Too many failed sign-ins for this account" in refused.text
    assert _token(app_client, "lan", DEMO_PASSWORD).status_code == 429


class CountingHasher(security.PasswordHasher):
    verified = 0

    def verify(self, hash: str | bytes, password: str | bytes) -> bool:
        CountingHasher.verified += 1
        return super().verify(hash, password)


@pytest.mark.parametrize("username", ["lan", "no-such-user"])
def test_a_password_is_verified_whether_or_not_the_account_exists(
    app_client: TestClient, monkeypatch: pytest.MonkeyPatch, session: Session, username: str
) -> None:
    counting = CountingHasher()
    monkeypatch.setattr(security, "_hasher", lambda: counting)
    CountingHasher.verified = 0

    assert _token(app_client, username, "not-the-password").status_code == 401
    assert CountingHasher.verified == 1
