"""The registry of partner customs administrations: administrators register and rotate
keys, customs read it, traders may not."""

from __future__ import annotations

from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi.testclient import TestClient

from support import Users


def _pem() -> str:
    public = Ed25519PrivateKey.generate().public_key()
    return public.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()


def _body(**overrides: Any) -> dict[str, Any]:
    return {
        "name": "Thai Customs Department",
        "endpoint": "https://acdd.customs.go.th/exchange",
        "public_key": _pem(),
        **overrides,
    }


def test_an_administrator_registers_a_partner_and_rotates_its_key(
    app_client: TestClient, users: Users
) -> None:
    admin = users.headers("admin")
    made = app_client.post("/api/v1/partners/th", json=_body(), headers=admin)
    assert made.status_code == 201, made.text
    assert made.json()["country"] == "TH"
    first_key = made.json()["key_fingerprint"]

    again = app_client.post("/api/v1/partners/TH", json=_body(), headers=admin)
    assert again.status_code == 409

    rotated = app_client.put("/api/v1/partners/TH", json=_body(active=False), headers=admin)
    assert rotated.status_code == 200, rotated.text
    assert rotated.json()["key_fingerprint"] != first_key
    assert rotated.json()["active"] is False

    listed = app_client.get("/api/v1/partners", headers=users.headers("hoa"))
    assert listed.status_code == 200
    assert [p["country"] for p in listed.json()] == ["TH"]


def test_a_bad_key_an_unknown_country_or_plain_http_is_refused_in_both_languages(
    app_client: TestClient, users: Users
) -> None:
    admin = users.headers("admin")
    for country, body, path in [
        ("TH", _body(public_key="bm90IGEga2V5"), "public_key"),
        ("ZZ", _body(), "country"),
        ("VN", _body(), "country"),
        ("SG", _body(endpoint="http://exchange.customs.gov.sg/"), "endpoint"),
    ]:
        answer = app_client.post(
            f"/api/v1/partners/{country}", json=body, headers={**admin, "Accept-Language": "vi"}
        )
        assert answer.status_code == 422, answer.text
        assert answer.json()["errors"][0]["path"] == path
    assert app_client.get("/api/v1/partners", headers=admin).json() == []


def test_traders_may_not_register_or_read_partners(app_client: TestClient, users: Users) -> None:
    lan = users.headers("lan")
    assert app_client.post("/api/v1/partners/TH", json=_body(), headers=lan).status_code == 403
    assert app_client.get("/api/v1/partners", headers=lan).status_code == 403


def test_an_endpoint_on_an_internal_address_is_refused_unless_its_network_is_allowed(
    app_client: TestClient, users: Users
) -> None:
    admin = {**users.headers("admin"), "Accept-Language": "vi"}
    for endpoint in [
        "https://127.0.0.1:8443/inbox",
        "https://[::1]/inbox",
        "https://169.254.169.254/latest/meta-data/",
        "https://10.1.2.3/inbox",
        "https://[::ffff:127.0.0.1]/inbox",
    ]:
        answer = app_client.post(
            "/api/v1/partners/TH", json=_body(endpoint=endpoint), headers=admin
        )
        assert answer.status_code == 422, (endpoint, answer.text)
        [problem] = answer.json()["errors"]
        assert (problem["path"], problem["code"]) == ("endpoint", "endpoint_internal"), problem
        assert "loopback" in problem["message"]
    assert app_client.get("/api/v1/partners", headers=admin).json() == []
