"""The paperless dossier through the API: upload once, reuse by reference."""

from __future__ import annotations

from fastapi.testclient import TestClient

from support import Users, import_payload

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n"


def upload(
    client: TestClient,
    headers: dict[str, str],
    data: bytes,
    name: str = "invoice.pdf",
    doc_type: str = "invoice",
) -> tuple[int, dict[str, object]]:
    response = client.post(
        "/api/v1/documents",
        headers=headers,
        files={"file": (name, data, "application/pdf")},
        data={"doc_type": doc_type, "reference": "INV-2026-0042"},
    )
    return response.status_code, response.json()


def test_the_same_document_uploaded_twice_is_stored_once_and_reused(
    app_client: TestClient, users: Users
) -> None:
    lan = users.headers("lan")
    status, first = upload(app_client, lan, PDF)
    assert status == 201
    assert first["reused"] is False
    status, again = upload(app_client, lan, PDF, name="copy-of-invoice.pdf")
    assert status == 200
    assert again["reused"] is True
    assert again["document"] == first["document"]


def test_a_document_on_file_is_attached_by_reference_and_carried_into_an_amendment(
    app_client: TestClient, users: Users
) -> None:
    lan = users.headers("lan")
    _, stored = upload(app_client, lan, PDF)
    document_id = stored["document"]["id"]  # type: ignore[index]
    draft = app_client.post(
        "/api/v1/declarations", headers=lan, json=import_payload(document_ids=[document_id])
    ).json()
    assert draft["document_ids"] == [document_id]
    app_client.post(f"/api/v1/declarations/{draft['id']}/submit", headers=lan)
    amended = app_client.post(f"/api/v1/declarations/{draft['id']}/amend", headers=lan).json()
    assert amended["document_ids"] == [document_id]


def test_content_is_returned_exactly_with_its_sniffed_type(
    app_client: TestClient, users: Users
) -> None:
    lan = users.headers("lan")
    _, stored = upload(app_client, lan, PDF, name="whatever.bin")
    document = stored["document"]
    response = app_client.get(
        f"/api/v1/documents/{document['id']}/content",  # type: ignore[index]
        headers=lan,
    )
    assert response.content == PDF
    assert response.headers["content-type"] == "application/pdf"


def test_disguised_and_oversize_uploads_are_refused_and_nothing_is_recorded(
    app_client: TestClient, users: Users
) -> None:
    lan = users.headers("lan")
    status, problem = upload(app_client, lan, b"MZ\x90\x00 not a pdf at all", name="invoice.pdf")
    assert status == 415
    assert problem["code"] == "unsupported_content"
    status, problem = upload(app_client, lan, b"%PDF-" + b"0" * (64 * 1024))
    assert status == 413
    assert problem["code"] == "document_too_large"
    assert app_client.get("/api/v1/documents", headers=lan).json() == []


def test_another_enterprises_document_cannot_be_read_or_attached(
    app_client: TestClient, users: Users
) -> None:
    _, stored = upload(app_client, users.headers("lan"), PDF)
    document_id = stored["document"]["id"]  # type: ignore[index]
    binh = users.headers("binh")
    assert app_client.get(f"/api/v1/documents/{document_id}", headers=binh).status_code == 404
    attach = app_client.post(
        "/api/v1/declarations", headers=binh, json=import_payload(document_ids=[document_id])
    )
    assert attach.status_code == 404
    assert app_client.get("/api/v1/declarations", headers=binh).json()["total"] == 0
