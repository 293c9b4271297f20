"""Issue 18's bad input at the partner inbox, beyond the cases of test_partner_messages:
JSON too deep or with NaN, a changed id or type, an inactive partner, a message id used
again with another body, values no number; each refused (403) or stored once, never a 500,
nothing of a refused message stored."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi.testclient import TestClient

from partners_support import acdd_from_thailand, public_pem, signed
from smartcustoms.config import Settings
from support import Users, import_payload

INBOX = "/api/v1/partner-exchange/inbox"


@pytest.fixture
def settings(exchanging: Settings) -> Settings:
    return exchanging


def _register(
    client: TestClient, users: Users, country: str, key: Ed25519PrivateKey, **extra: Any
) -> None:
    answer = client.post(
        f"/api/v1/partners/{country}",
        json={
            "name": f"Customs of {country}",
            "endpoint": f"https://exchange.customs.{country.lower()}.example/inbox",
            "public_key": public_pem(key),
            **extra,
        },
        headers=users.headers("admin"),
    )
    assert answer.status_code == 201, answer.text


def _received(client: TestClient, users: Users) -> list[dict[str, Any]]:
    answer = client.get(
        "/api/v1/partner-exchange/messages",
        params={"direction": "in"},
        headers=users.headers("hoa"),
    )
    assert answer.status_code == 200, answer.text
    found: list[dict[str, Any]] = answer.json()
    return found


def test_bad_json_a_changed_id_or_type_or_an_inactive_partner_are_refused(
    app_client: TestClient, users: Users, thai_key: Ed25519PrivateKey
) -> None:
    _register(app_client, users, "TH", thai_key)
    lao_key = Ed25519PrivateKey.generate()
    _register(app_client, users, "LA", lao_key, active=False)
    good = signed(thai_key, body=acdd_from_thailand())
    other_id = copy.deepcopy(good)
    other_id["envelope"]["message_id"] = "00000000-0000-0000-0000-000000000001"
    other_type = copy.deepcopy(good)
    other_type["envelope"]["type"] = "note"
    cases: list[tuple[bytes, str]] = [
        (b"[" * 50_000 + b"]" * 50_000, "envelope_invalid"),  # deeper than any parser's stack
        (b'{"envelope": ' * 20_000 + b"1" + b"}" * 20_000, "envelope_invalid"),
        (json.dumps(signed(thai_key, body={"amount": float("nan")})).encode(), "envelope_invalid"),
        (b"\xff\xfe not utf-8", "envelope_invalid"),
        (json.dumps(other_id).encode(), "signature_invalid"),
        (json.dumps(other_type).encode(), "signature_invalid"),
        (json.dumps(signed(lao_key, body=acdd_from_thailand(), sender="LA")).encode(),
         "sender_unknown"),
    ]  # fmt: skip
    for raw, reason in cases:
        answer = app_client.post(
            INBOX,
            content=raw,
            headers={"Content-Type": "application/json", "Accept-Language": "vi"},
        )
        assert answer.status_code == 403, (reason, answer.text[:300])
        assert answer.json()["reason"] == reason
        assert answer.json()["detail"]
    assert _received(app_client, users) == []


def test_a_message_id_used_again_keeps_the_first_message_and_is_per_sender(
    app_client: TestClient, users: Users, thai_key: Ed25519PrivateKey
) -> None:
    _register(app_client, users, "TH", thai_key)
    lao_key = Ed25519PrivateKey.generate()
    _register(app_client, users, "LA", lao_key)
    first = signed(thai_key, body=acdd_from_thailand(), message_id="msg-0001")
    # The same id, another body, properly signed: still a replay of what was received.
    changed = signed(thai_key, body=acdd_from_thailand(number="A999"), message_id="msg-0001")
    from_laos = signed(lao_key, body=acdd_from_thailand(), sender="LA", message_id="msg-0001")

    assert app_client.post(INBOX, json=first).status_code == 201
    replayed = app_client.post(INBOX, json=changed)
    assert replayed.status_code == 409
    assert replayed.json()["code"] == "partner_message_replayed"
    assert app_client.post(INBOX, json=from_laos).status_code == 201  # ids are the sender's

    stored = _received(app_client, users)
    assert sorted((m["country"], m["body"]["number"]) for m in stored) == [
        ("LA", "A0012345678"),
        ("TH", "A0012345678"),
    ]


def test_an_acdd_with_values_that_are_no_numbers_is_stored_and_matched_without_them(
    app_client: TestClient, users: Users, thai_key: Ed25519PrivateKey
) -> None:
    _register(app_client, users, "TH", thai_key)
    filed = app_client.post(
        "/api/v1/declarations/submit", json=import_payload(), headers=users.headers("lan")
    )
    assert filed.status_code == 201, filed.text
    items = [
        {"hs_code": "85171300", "quantity": "NaN", "invoice_value": "Infinity"},
        {"hs_code": "61091010", "quantity": {"x": 1}, "invoice_value": "sNaN"},
        "not an item",
        {"hs_code": None, "quantity": "1e999999", "invoice_value": "-0"},
    ]
    answer = app_client.post(INBOX, json=signed(thai_key, body=acdd_from_thailand(items=items)))

    assert answer.status_code == 201, answer.text
    [stored] = _received(app_client, users)
    assert stored["state"] == "matched"
    # Nothing exported that can be counted: every declared quantity differs from none.
    assert {(f["kind"], f["hs_code"]) for f in stored["facts"]} >= {
        ("quantity", "851713"),
        ("quantity", "610910"),
    }


def test_an_e_c_o_with_an_infinite_quantity_is_refused(
    app_client: TestClient, users: Users, thai_key: Ed25519PrivateKey
) -> None:
    _register(app_client, users, "TH", thai_key)
    body = {
        "reference_number": "TH-D-2026-000999",
        "form": "D",
        "status": "issued",
        "exporter_name": "Siam Cotton Co., Ltd",
        "issued_on": "2026-11-12",
        "items": [{"hs_code": "61091010", "quantity": "Infinity"}],
    }
    answer = app_client.post(INBOX, json=signed(thai_key, type="eco", body=body))
    assert answer.status_code == 403
    assert answer.json()["reason"] == "eco_invalid"
    assert _received(app_client, users) == []
