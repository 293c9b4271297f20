"""Signed messages from partner customs: verified against the registry's key, stored once;
anything unsigned, tampered, replayed or from an unknown partner refused in both languages
with nothing stored; an incoming ACDD matched to the import declaration it announces."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi.testclient import TestClient

from partners_support import acdd_from_thailand, public_pem, register_thailand, signed
from smartcustoms.config import Settings
from support import Users, import_payload

INBOX = "/api/v1/partner-exchange/inbox"


@pytest.fixture
def settings(exchanging: Settings) -> Settings:
    return exchanging


def _register_thailand(client: TestClient, users: Users, key: Ed25519PrivateKey) -> None:
    register_thailand(client, users.headers("admin"), key)


def _received(client: TestClient, users: Users) -> list[dict[str, Any]]:
    answer = client.get(
        "/api/v1/partner-exchange/messages",
        params={"direction": "in"},
        headers=users.headers("hoa"),
    )
    assert answer.status_code == 200, answer.text
    found: list[dict[str, Any]] = answer.json()
    return found


def test_a_signed_message_is_stored_once_and_its_replay_refused(
    app_client: TestClient, users: Users, thai_key: Ed25519PrivateKey
) -> None:
    _register_thailand(app_client, users, thai_key)
    message = signed(thai_key, body=acdd_from_thailand(transport_document="NO-SUCH-BL"))

    first = app_client.post(INBOX, json=message)
    assert first.status_code == 201, first.text
    assert first.json() == {"acknowledged": message["envelope"]["message_id"], "state": "received"}

    again = app_client.post(INBOX, json=message)
    assert again.status_code == 409
    assert again.json()["code"] == "partner_message_replayed"
    in_vietnamese = app_client.post(INBOX, json=message, headers={"Accept-Language": "vi"})
    assert "đã được nhận" in in_vietnamese.json()["detail"]

    stored = _received(app_client, users)
    assert [m["message_id"] for m in stored] == [message["envelope"]["message_id"]]
    assert stored[0]["country"] == "TH"
    assert stored[0]["body"]["number"] == "A0012345678"


def test_unknown_unsigned_tampered_or_misaddressed_messages_are_refused_and_not_stored(
    app_client: TestClient, users: Users, thai_key: Ed25519PrivateKey
) -> None:
    _register_thailand(app_client, users, thai_key)
    good = signed(thai_key, body=acdd_from_thailand())
    tampered = copy.deepcopy(good)
    tampered["envelope"]["body"]["invoice_amount"] = "1.00"
    unsigned = {"envelope": good["envelope"]}
    forged = signed(Ed25519PrivateKey.generate(), body=acdd_from_thailand())
    from_laos = signed(thai_key, body=acdd_from_thailand(), sender="LA")
    to_cambodia = signed(thai_key, body=acdd_from_thailand(), receiver="KH")
    cases = [
        (tampered, "signature_invalid", "thay đổi"),
        (unsigned, "signature_missing", "chưa được ký"),
        ({**good, "signature": ""}, "signature_missing", "chưa được ký"),
        (forged, "signature_invalid", "không khớp"),
        (from_laos, "sender_unknown", "LA"),
        (to_cambodia, "receiver_wrong", "KH"),
        ({"envelope": {"message_id": "x"}, "signature": "AA=="}, "envelope_invalid", "phong bì"),
        ([1, 2], "envelope_invalid", "phong bì"),
    ]
    for document, reason, words in cases:
        answer = app_client.post(INBOX, json=document, headers={"Accept-Language": "vi"})
        assert answer.status_code == 403, (reason, answer.text)
        problem = answer.json()
        assert problem["code"] == "partner_message_refused"
        assert problem["reason"] == reason, problem
        assert words in problem["detail"], problem
        english = app_client.post(INBOX, json=document)
        assert english.json()["detail"] != problem["detail"]
    not_json = app_client.post(
        INBOX, content=b"<acdd/>", headers={"Content-Type": "application/xml"}
    )
    assert not_json.status_code == 403
    assert _received(app_client, users) == []


def test_an_incoming_acdd_is_matched_to_the_import_and_its_discrepancies_kept(
    app_client: TestClient, users: Users, thai_key: Ed25519PrivateKey
) -> None:
    _register_thailand(app_client, users, thai_key)
    filed = app_client.post(
        "/api/v1/declarations/submit", json=import_payload(), headers=users.headers("lan")
    )
    assert filed.status_code == 201, filed.text
    declaration_id = filed.json()["declaration"]["id"]

    answer = app_client.post(INBOX, json=signed(thai_key, body=acdd_from_thailand()))
    assert answer.status_code == 201, answer.text
    assert answer.json()["state"] == "matched"

    [stored] = _received(app_client, users)
    assert stored["declaration_id"] == declaration_id
    assert stored["reference"] == "HASLC01240012345"
    # Declared: 50 phones for 10,000 and 1,000 shirts for 2,500; exported: 60 phones for
    # 12,000 and the shirts for 2,000. The phones' lower value and quantity are facts; a
    # higher declared value is none.
    assert stored["facts"] == [
        {"kind": "value", "hs_code": "851713", "declared": "10000", "exported": "12000"},
        {"kind": "quantity", "hs_code": "851713", "declared": "50", "exported": "60"},
    ]


def test_traders_do_not_see_the_exchange(app_client: TestClient, users: Users) -> None:
    answer = app_client.get("/api/v1/partner-exchange/messages", headers=users.headers("lan"))
    assert answer.status_code == 403
    assert answer.json()["detail"]


def test_an_internal_endpoint_is_accepted_when_its_network_is_allowed(
    app_client: TestClient, users: Users
) -> None:
    # The exchanging settings allow 127.0.0.0/8 (the tests' partners are on the loopback).
    body = {
        "name": "Thai Customs Department",
        "endpoint": "http://127.0.0.1:8443/inbox",
        "public_key": public_pem(Ed25519PrivateKey.generate()),
    }
    allowed = app_client.post("/api/v1/partners/TH", json=body, headers=users.headers("admin"))
    assert allowed.status_code == 201, allowed.text
    body["endpoint"] = "http://10.1.2.3/inbox"  # not in the allowed networks
    refused = app_client.put("/api/v1/partners/TH", json=body, headers=users.headers("admin"))
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["code"] == "endpoint_internal"
