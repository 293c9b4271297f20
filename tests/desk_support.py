"""Declaration desk test helpers: a dossier of a PDF and a picture, filed by Lan."""

from __future__ import annotations

import io
from typing import Any

import segno

from risk_support import Desk

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n"


def png() -> bytes:
    """A real PNG picture (a QR code), as a scanned document would be."""
    buffer = io.BytesIO()
    segno.make("SmartCustoms test picture").save(buffer, kind="png", scale=4)
    return buffer.getvalue()


def upload(desk: Desk, name: str, data: bytes, doc_type: str, username: str = "lan") -> int:
    answer = desk.post(
        username,
        "/api/v1/documents",
        files={"file": (name, data, "application/octet-stream")},
        data={"doc_type": doc_type, "reference": f"REF-{name}"},
    )
    assert answer.status_code in (200, 201), answer.text
    return int(answer.json()["document"]["id"])


def file_with_dossier(desk: Desk, **overrides: object) -> tuple[dict[str, Any], int, int]:
    """Lan files a declaration with an invoice (PDF) and a bill of lading (PNG) attached."""
    invoice = upload(desk, "invoice.pdf", PDF, "invoice")
    lading = upload(desk, "lading.png", png(), "bill_of_lading")
    filed = desk.file(document_ids=[invoice, lading], **overrides)
    return filed["declaration"], invoice, lading


YELLOW_PHONES = {
    "code": "PHONES-DOCS",
    "description": "Smartphones through Hai Phong: document check",
    "criteria": {"hs_prefixes": ["8517"], "offices": ["03CC"]},
    "forced_channel": "yellow",
}
