"""Helpers of the partner exchange tests: Ed25519 keys, and envelopes signed as a partner
customs would sign them."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi.testclient import TestClient

from smartcustoms.partners.rules import Envelope, sign_envelope


def public_pem(key: Ed25519PrivateKey) -> str:
    return (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


def write_private_key(key: Ed25519PrivateKey, path: Path) -> Path:
    path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    path.chmod(0o600)
    return path


def signed(
    key: Ed25519PrivateKey,
    *,
    body: dict[str, Any],
    type: str = "acdd",
    sender: str = "TH",
    receiver: str = "VN",
    message_id: str | None = None,
) -> dict[str, Any]:
    """The document a partner POSTs: an envelope and its signature."""
    envelope = Envelope(
        message_id=message_id or str(uuid.uuid4()),
        type=type,
        sender=sender,
        receiver=receiver,
        sent_at="2026-11-20T08:00:00+00:00",
        body=body,
    )
    return {"envelope": envelope.document(), "signature": sign_envelope(envelope, key)}


def acdd_from_thailand(**header: Any) -> dict[str, Any]:
    """An ACDD as Thai Customs would send it about goods coming to Lan's enterprise."""
    return {
        "number": "A0012345678",
        "exporter_name": "Shenzhen Bright Electronics Co., Ltd",
        "exporter_tax_code": "0105551234567",
        "exporter_reference": "INV-2026-0042",
        "consignee_name": "Lan Trading",
        "country_of_destination": "VN",
        "transport_mode": "1",
        "transport_document": "HASLC01240012345",
        "port_of_loading": "THBKK",
        "port_of_discharge": "VNHPH",
        "departure_date": "2026-11-15",
        "invoice_currency": "USD",
        "invoice_amount": "14000.00",
        "items": [
            {"line_no": 1, "hs_code": "85171300", "quantity": "60", "invoice_value": "12000.00"},
            {"line_no": 2, "hs_code": "61091010", "quantity": "1000", "invoice_value": "2000.00"},
        ],
        **header,
    }


THAI_ENDPOINT = "https://acdd.customs.go.th/exchange"


def register_thailand(
    client: TestClient,
    admin_headers: dict[str, str],
    key: Ed25519PrivateKey,
    *,
    endpoint: str = THAI_ENDPOINT,
) -> None:
    """The administrator registers Thai Customs as a partner, with the key it signs with."""
    answer = client.post(
        "/api/v1/partners/TH",
        json={
            "name": "Thai Customs Department",
            "endpoint": endpoint,
            "public_key": public_pem(key),
        },
        headers=admin_headers,
    )
    assert answer.status_code == 201, answer.text
