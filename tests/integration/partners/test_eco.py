"""e-C/O (e-Form D) from a partner: received signed, claimed by an import as proof of origin
(the tariff then gives the ATIGA rate), never beyond its quantity, never for another
exporter, never once cancelled."""

from __future__ import annotations

from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi.testclient import TestClient

from partners_support import register_thailand, signed
from smartcustoms.config import Settings
from support import Users, import_payload

INBOX = "/api/v1/partner-exchange/inbox"
T_SHIRTS = 1
EXPORTER = "Siam Cotton Co., Ltd"


@pytest.fixture
def settings(exchanging: Settings) -> Settings:
    return exchanging


@pytest.fixture
def thailand(app_client: TestClient, users: Users, thai_key: Ed25519PrivateKey) -> None:
    register_thailand(app_client, users.headers("admin"), thai_key)


def form_d(status: str = "issued", quantity: str = "1500", **fields: Any) -> dict[str, Any]:
    return {
        "reference_number": "TH-D-2026-000777",
        "form": "D",
        "status": status,
        "exporter_name": EXPORTER,
        "issued_on": "2026-11-12",
        "items": [{"hs_code": "61091010", "quantity": quantity, "origin_criterion": "WO"}],
        **fields,
    }


def receive(client: TestClient, key: Ed25519PrivateKey, body: dict[str, Any]) -> Any:
    return client.post(INBOX, json=signed(key, type="eco", body=body))


def draft(client: TestClient, users: Users, **overrides: object) -> int:
    payload = import_payload(**{"foreign_party_name": "SIAM COTTON CO LTD", **overrides})
    items = [dict(i) for i in payload["items"]]  # type: ignore[attr-defined]
    items[T_SHIRTS].update(origin_country="TH", origin_proof="D")
    payload["items"] = items
    made = client.post("/api/v1/declarations", json=payload, headers=users.headers("lan"))
    assert made.status_code == 201, made.text
    found: int = made.json()["id"]
    return found


def claim(client: TestClient, users: Users, declaration_id: int, lang: str = "en") -> Any:
    return client.post(
        f"/api/v1/partner-exchange/declarations/{declaration_id}/certificates",
        json={"country": "TH", "reference": "TH-D-2026-000777"},
        headers={**users.headers("lan"), "Accept-Language": lang},
    )


@pytest.mark.usefixtures("thailand")
def test_an_e_form_d_gives_the_atiga_rate_and_is_not_used_beyond_its_quantity(
    app_client: TestClient, users: Users, thai_key: Ed25519PrivateKey
) -> None:
    assert receive(app_client, thai_key, form_d()).status_code == 201
    first = draft(app_client, users)
    used = claim(app_client, users, first)
    assert used.status_code == 200, used.text
    assert used.json()["quantities"] == {"610910": "1000"}

    lan = users.headers("lan")
    submitted = app_client.post(f"/api/v1/declarations/{first}/submit", headers=lan)
    assert submitted.status_code == 200, submitted.text
    assessment = app_client.get(
        f"/api/v1/tariff/assessments/{submitted.json()['declaration']['id']}", headers=lan
    ).json()
    line = next(t for t in assessment["items"][T_SHIRTS]["taxes"] if t["tax"] == "import")
    assert (line["rate"], line["agreement"], line["proof"]) == ("0%", "ATIGA", "D")

    second = draft(app_client, users)
    refused = claim(app_client, users, second, lang="vi")
    assert refused.status_code == 422, refused.text
    assert refused.json()["code"] == "certificate_refused"
    assert "còn lại 500" in refused.json()["detail"]


@pytest.mark.usefixtures("thailand")
def test_a_c_o_for_another_exporter_or_cancelled_is_refused(
    app_client: TestClient, users: Users, thai_key: Ed25519PrivateKey
) -> None:
    assert receive(app_client, thai_key, form_d()).status_code == 201
    other = draft(app_client, users, foreign_party_name="Bangkok Garments Ltd")
    refused = claim(app_client, users, other)
    assert refused.status_code == 422
    assert "Siam Cotton" in refused.json()["detail"]

    assert receive(app_client, thai_key, form_d(status="cancelled")).status_code == 201
    cancelled = claim(app_client, users, draft(app_client, users))
    assert cancelled.status_code == 422
    assert "cancelled" in cancelled.json()["detail"]


@pytest.mark.usefixtures("thailand")
def test_an_incomplete_or_unknown_status_e_c_o_is_refused_and_not_stored(
    app_client: TestClient, users: Users, thai_key: Ed25519PrivateKey
) -> None:
    for body, reason in [
        (form_d(status="draft"), "eco_status_invalid"),
        (form_d(quantity="0"), "eco_invalid"),
        ({**form_d(), "exporter_name": ""}, "eco_invalid"),
    ]:
        answer = receive(app_client, thai_key, body)
        assert answer.status_code == 403, answer.text
        assert answer.json()["reason"] == reason
    missing = claim(app_client, users, draft(app_client, users))
    assert missing.status_code == 404
    assert "TH-D-2026-000777" in missing.json()["detail"]


@pytest.mark.usefixtures("thailand")
def test_a_c_o_naming_another_importer_is_refused_in_both_languages(
    app_client: TestClient, users: Users, thai_key: Ed25519PrivateKey
) -> None:
    assert receive(app_client, thai_key, form_d(importer_tax_code="0109999999")).status_code == 201
    declaration = draft(app_client, users)
    refused = claim(app_client, users, declaration)
    in_vietnamese = claim(app_client, users, declaration, lang="vi")
    assert refused.status_code == in_vietnamese.status_code == 422
    assert refused.json()["code"] == "certificate_refused"
    assert "another importer" in refused.json()["detail"]
    assert in_vietnamese.json()["detail"] != refused.json()["detail"]
    assert "TH-D-2026-000777" in in_vietnamese.json()["detail"]
