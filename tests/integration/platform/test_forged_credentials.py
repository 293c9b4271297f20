"""Tokens and cookies signed with the secret that used to be the default open nothing.

Each forgery is checked beside the same credential signed with the app's own secret, so the
refusal is the signature's doing and not, say, an expired claim.
"""

from __future__ import annotations

from datetime import timedelta

import jwt
from fastapi.testclient import TestClient
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy.orm import Session

from smartcustoms.identity import repository
from smartcustoms.web.session import SESSION_COOKIE
from support import TEST_NOW, TEST_SECRET_KEY

OLD_DEFAULT = "dev-only-change-me-0123456789abcdef"


def _admin_id(session: Session) -> int:
    admin = repository.user_by_username(session, "admin")
    assert admin is not None
    return admin.id


def _token(user_id: int, secret: str) -> str:
    # Claims as the platform writes them, unexpired at the tests' instant.
    expires = int((TEST_NOW + timedelta(minutes=10)).timestamp())
    claims = {"sub": str(user_id), "exp": expires, "typ": "access"}
    return jwt.encode(claims, secret, algorithm="HS256")


def _session_cookie(user_id: int, secret: str) -> str:
    return URLSafeTimedSerializer(secret, salt="session").dumps({"uid": user_id})


def test_a_token_forged_with_the_old_default_secret_is_refused(
    app_client: TestClient, session: Session
) -> None:
    admin_id = _admin_id(session)

    genuine = app_client.get(
        "/api/v1/me", headers={"Authorization": f"Bearer {_token(admin_id, TEST_SECRET_KEY)}"}
    )
    forged = app_client.get(
        "/api/v1/me", headers={"Authorization": f"Bearer {_token(admin_id, OLD_DEFAULT)}"}
    )

    assert genuine.status_code == 200, genuine.text
    assert genuine.json()["username"] == "admin"
    assert forged.status_code == 401
    assert forged.headers["content-type"].startswith("application/problem+json")


def test_a_session_cookie_forged_with_the_old_default_secret_opens_no_admin_page(
    app_client: TestClient, session: Session
) -> None:
    admin_id = _admin_id(session)

    app_client.cookies.set(SESSION_COOKIE, _session_cookie(admin_id, TEST_SECRET_KEY))
    genuine = app_client.get("/risk/models", follow_redirects=False)
    app_client.cookies.set(SESSION_COOKIE, _session_cookie(admin_id, OLD_DEFAULT))
    forged = app_client.get("/risk/models", follow_redirects=False)

    assert genuine.status_code == 200
    assert forged.status_code == 303
    assert forged.headers["location"].startswith("/login?next=")
