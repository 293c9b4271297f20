"""Signing out ends the session server-side: a portal cookie copied before sign-out, or an
API token revoked by its holder, is refused afterwards. Portal forms carry a CSRF token tied
to the session they were shown in."""

from __future__ import annotations

from fastapi.testclient import TestClient

from support import Users, csrf, sign_in


def _me(client: TestClient, token: str) -> int:
    return client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code


def test_a_cookie_copied_before_sign_out_no_longer_works(app_client: TestClient) -> None:
    sign_in(app_client, "lan")
    stolen = app_client.cookies.get("sc_session")
    assert stolen
    page = app_client.get("/declarations")
    assert page.status_code == 200

    out = app_client.post("/logout", data={"csrf_token": csrf(page.text)}, follow_redirects=False)
    assert out.status_code == 303

    app_client.cookies.set("sc_session", stolen)
    again = app_client.get("/declarations", follow_redirects=False)
    assert again.status_code == 303
    assert again.headers["location"].startswith("/login")


def test_signing_out_one_browser_leaves_the_others_signed_in(app_client: TestClient) -> None:
    sign_in(app_client, "lan")
    with TestClient(app_client.app) as other:
        sign_in(other, "lan")
        page = app_client.get("/declarations")
        app_client.post("/logout", data={"csrf_token": csrf(page.text)})
        assert other.get("/declarations", follow_redirects=False).status_code == 200


def test_a_csrf_token_from_another_session_is_refused(app_client: TestClient) -> None:
    sign_in(app_client, "lan")
    with TestClient(app_client.app) as other:
        sign_in(other, "lan")
        other_token = csrf(other.get("/declarations").text)
    own_token = csrf(app_client.get("/declarations").text)
    assert other_token != own_token

    refused = app_client.post("/logout", data={"csrf_token": other_token}, follow_redirects=False)
    assert refused.status_code == 403
    assert app_client.get("/declarations", follow_redirects=False).status_code == 200

    # A token the attacker made up, with the browser-id cookie set to match, is refused too.
    app_client.cookies.set("sc_csrf", "a" * 40)
    made_up = app_client.post("/logout", data={"csrf_token": "a" * 40}, follow_redirects=False)
    assert made_up.status_code == 403


def test_the_sign_in_forms_token_is_replaced_once_signed_in(app_client: TestClient) -> None:
    before = csrf(app_client.get("/login").text)
    sign_in(app_client, "lan")
    refused = app_client.post("/logout", data={"csrf_token": before}, follow_redirects=False)
    assert refused.status_code == 403


def test_a_revoked_own_token_is_refused_and_others_still_work(
    app_client: TestClient, users: Users
) -> None:
    revoked, kept = users.token("lan"), users.token("lan")
    answer = app_client.post("/api/v1/auth/revoke", headers={"Authorization": f"Bearer {revoked}"})
    assert answer.status_code == 204
    assert _me(app_client, revoked) == 401
    assert _me(app_client, kept) == 200
    again = app_client.post("/api/v1/auth/revoke", headers={"Authorization": f"Bearer {revoked}"})
    assert again.status_code == 401
