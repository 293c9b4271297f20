"""A disabled user, or a revoked token, is refused from the very next request: in the API
(even with the signed-in user kept by the app), in the portal, and in another process."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from smartcustoms.app import create_app
from smartcustoms.config import Settings
from smartcustoms.demo import DEMO_PASSWORD
from smartcustoms.errors import Conflict, ValidationFailed
from smartcustoms.identity import service as identity
from smartcustoms.identity.security import read_token
from smartcustoms.kit.clock import FixedClock
from support import TEST_NOW, TEST_SECRET_KEY, Users, sign_in


def _lan_id(session: Session) -> int:
    lan = identity.find_user(session, username="lan")
    assert lan is not None
    return lan.id


def _me(client: TestClient, token: str) -> int:
    return client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code


def _disable_lan(session: Session) -> None:
    identity.disable_user(session, user_id=_lan_id(session), reason="left the company", at=TEST_NOW)
    session.commit()


@pytest.fixture
def other_process(
    settings: Settings, session_factory: sessionmaker[Session], clock: FixedClock
) -> Iterator[TestClient]:
    """A second app over the same database: its own caches, as another worker process has."""
    with TestClient(create_app(settings, session_factory=session_factory, clock=clock)) as client:
        yield client


def test_a_disabled_user_is_refused_at_the_next_api_request(
    app_client: TestClient, users: Users, session: Session
) -> None:
    token = users.token("lan")
    assert _me(app_client, token) == 200  # the app now keeps Lan's signed-in user

    _disable_lan(session)

    refused = app_client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert refused.status_code == 401
    assert refused.json()["code"] == "not_authenticated"
    again = app_client.post(
        "/api/v1/auth/token", json={"username": "lan", "password": DEMO_PASSWORD}
    )
    assert again.status_code == 401


def test_a_disabled_user_is_refused_by_every_process_at_once(
    app_client: TestClient, other_process: TestClient, users: Users, session: Session
) -> None:
    token = users.token("lan")
    assert (_me(app_client, token), _me(other_process, token)) == (200, 200)

    # Disabled through the other process's own sessions: this one learns it from the database.
    factory = other_process.app.state.services.session_factory  # type: ignore[attr-defined]
    with factory() as other:
        _disable_lan(other)

    assert (_me(app_client, token), _me(other_process, token)) == (401, 401)


def test_a_disabled_user_is_signed_out_of_the_portal_at_the_next_page(
    app_client: TestClient, session: Session
) -> None:
    sign_in(app_client, "lan")
    assert app_client.get("/declarations", follow_redirects=False).status_code == 200

    _disable_lan(session)

    page = app_client.get("/declarations", follow_redirects=False)
    assert page.status_code == 303
    assert page.headers["location"].startswith("/login?next=")


def test_disabling_keeps_the_reason_and_the_time(session: Session) -> None:
    user = identity.disable_user(
        session, user_id=_lan_id(session), reason="  left the company  ", at=TEST_NOW
    )

    assert (user.active, user.disabled_at, user.disabled_reason) == (
        False,
        TEST_NOW,
        "left the company",
    )
    with pytest.raises(Conflict):
        identity.disable_user(session, user_id=user.id, reason="again", at=TEST_NOW)


@pytest.mark.parametrize("reason", ["", "   ", "x" * 501, "bad\x00reason"])
def test_disabling_needs_a_readable_reason(session: Session, reason: str) -> None:
    with pytest.raises(ValidationFailed):
        identity.disable_user(session, user_id=_lan_id(session), reason=reason, at=TEST_NOW)


def test_a_revoked_token_is_refused_and_the_users_other_tokens_still_work(
    app_client: TestClient, other_process: TestClient, users: Users, session: Session
) -> None:
    revoked, kept = users.token("lan"), users.token("lan")
    assert (_me(app_client, revoked), _me(other_process, revoked)) == (200, 200)

    access = read_token(revoked, secret=TEST_SECRET_KEY, at=TEST_NOW)
    assert access is not None
    identity.revoke_token(session, access=access, at=TEST_NOW)
    identity.revoke_token(session, access=access, at=TEST_NOW)  # twice: nothing more happens
    session.commit()

    assert (_me(app_client, revoked), _me(other_process, revoked)) == (401, 401)
    assert _me(app_client, kept) == 200


def test_revoking_all_of_a_users_tokens_ends_them_and_the_portal_session(
    app_client: TestClient, other_process: TestClient, users: Users, session: Session
) -> None:
    first, second = users.token("lan"), users.token("lan")
    assert (_me(app_client, first), _me(other_process, second)) == (200, 200)
    sign_in(app_client, "lan")

    identity.revoke_tokens(session, user_id=_lan_id(session), at=TEST_NOW)
    session.commit()

    assert (_me(app_client, first), _me(other_process, second)) == (401, 401)
    assert app_client.get("/declarations", follow_redirects=False).status_code == 303
    assert _me(app_client, users.token("lan")) == 200  # a new sign-in works
    sign_in(app_client, "lan")
    assert app_client.get("/declarations", follow_redirects=False).status_code == 200


def test_a_kept_user_still_expires_with_the_token(
    app_client: TestClient, users: Users, clock: FixedClock
) -> None:
    token = users.token("lan")
    assert _me(app_client, token) == 200

    clock.advance(timedelta(days=2))

    assert _me(app_client, token) == 401
