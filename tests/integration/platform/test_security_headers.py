"""Every answer carries the security headers; private ones are not stored by caches; the
portal's only inline scripts carry the request's nonce."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from support import Users, sign_in


def _csp(response: object) -> dict[str, str]:
    policy = response.headers["Content-Security-Policy"]  # type: ignore[attr-defined]
    return {d.split(" ", 1)[0]: d.split(" ", 1)[1] for d in policy.split("; ")}


def test_pages_and_api_answers_carry_the_security_headers(
    app_client: TestClient, users: Users
) -> None:
    sign_in(app_client, "lan")
    for response in (
        app_client.get("/login"),
        app_client.get("/declarations"),
        app_client.get("/api/v1/me", headers=users.headers("lan")),
        app_client.get("/api/v1/me"),  # a refusal too
    ):
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "same-origin"
        assert response.headers["Cache-Control"] == "no-store"
        policy = _csp(response)
        assert policy["frame-ancestors"] == "'none'"
        assert policy["script-src"].startswith("'self' 'nonce-")
        assert "unsafe-inline" not in policy["script-src"]
        assert "Strict-Transport-Security" not in response.headers  # plain HTTP


def test_static_assets_may_be_cached(app_client: TestClient) -> None:
    asset = app_client.get("/static/htmx.min.js")
    assert asset.status_code == 200
    assert "no-store" not in asset.headers.get("Cache-Control", "")
    assert asset.headers["X-Content-Type-Options"] == "nosniff"


def test_hsts_is_sent_over_https(app_client: TestClient) -> None:
    secure = app_client.get("https://testserver/login")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_the_portal_has_no_inline_script_without_the_nonce(app_client: TestClient) -> None:
    docs = app_client.get("/api/docs")
    nonce = _csp(docs)["script-src"].split("'nonce-")[1].rstrip("'")
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", docs.text)
    assert inline, "the API docs start Swagger UI with an inline script"
    assert all(f'nonce="{nonce}"' in attributes for attributes in inline)
    # Each request has a nonce of its own.
    assert _csp(app_client.get("/api/docs"))["script-src"] != _csp(docs)["script-src"]
