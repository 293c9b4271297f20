"""Officers view the dossier's documents inline beside the declaration: only those who see
the declaration may, every officer's opening is recorded and listed, and the officer records
the document check beside the document."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from desk_support import PDF, YELLOW_PHONES, file_with_dossier
from risk_support import Desk
from support import Users, csrf, sign_in


@pytest.fixture
def desk(app_client: TestClient, users: Users) -> Desk:
    desk = Desk(app_client, users)
    desk.without_random_selection()
    return desk


def view_url(declaration_id: int, document_id: int) -> str:
    return f"/declarations/{declaration_id}/documents/{document_id}/view"


def test_an_officer_of_the_office_views_a_pdf_inline_with_safe_headers_and_is_recorded(
    desk: Desk,
) -> None:
    declaration, invoice, lading = file_with_dossier(desk)
    client = desk.client
    sign_in(client, "hoa")

    answer = client.get(view_url(declaration["id"], invoice))
    assert answer.status_code == 200
    assert answer.content == PDF
    assert answer.headers["content-type"] == "application/pdf"
    assert answer.headers["content-disposition"].startswith("inline;")
    assert answer.headers["x-content-type-options"] == "nosniff"
    policy = answer.headers["content-security-policy"]
    assert "default-src 'none'" in policy
    assert "script-src" not in policy
    picture = client.get(view_url(declaration["id"], lading))
    assert picture.headers["content-type"] == "image/png"

    page = client.get(f"/declarations/{declaration['id']}", params={"view": invoice, "lang": "en"})
    assert f'src="{view_url(declaration["id"], invoice)}"' in page.text  # the frame
    access = page.text.split('id="document-access"')[1]
    assert access.count("Phạm Thị Hoa") == 2  # the PDF and the picture, each recorded
    assert "invoice.pdf" in access
    assert "lading.png" in access
    pictured = client.get(f"/declarations/{declaration['id']}", params={"view": lading})
    assert f'<img src="{view_url(declaration["id"], lading)}"' in pictured.text


def test_the_declarant_views_its_dossier_without_being_recorded(desk: Desk) -> None:
    declaration, invoice, _ = file_with_dossier(desk)
    client = desk.client
    sign_in(client, "lan")
    assert client.get(view_url(declaration["id"], invoice)).status_code == 200
    page = client.get(f"/declarations/{declaration['id']}", params={"lang": "vi"})
    assert 'id="document-access-none"' in page.text
    assert "Chưa có công chức hải quan nào mở các chứng từ này." in page.text


@pytest.mark.parametrize("outsider", ["binh", "tuan"])
def test_another_enterprise_or_another_office_cannot_view_the_dossier(
    desk: Desk, outsider: str
) -> None:
    declaration, invoice, _ = file_with_dossier(desk)
    client = desk.client
    sign_in(client, outsider)
    answer = client.get(view_url(declaration["id"], invoice))
    assert answer.status_code == 404
    assert answer.content != PDF


def test_a_document_outside_the_declarations_dossier_is_not_served_through_it(
    desk: Desk,
) -> None:
    declaration, invoice, _ = file_with_dossier(desk)
    other, other_invoice, _ = file_with_dossier(desk, transport_document="HPH-OTHER-1")
    client = desk.client
    sign_in(client, "hoa")
    # Lan's PDFs are stored once: attach a fresh one only to the second declaration.
    assert client.get(view_url(other["id"], other_invoice)).status_code == 200
    assert client.get(view_url(declaration["id"], 999_999)).status_code == 404
    sign_in(client, "binh")
    assert client.get(view_url(declaration["id"], invoice)).status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(desk: Desk) -> None:
    declaration, invoice, _ = file_with_dossier(desk)
    answer = desk.client.get(view_url(declaration["id"], invoice), follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"].startswith("/login")


def test_the_officer_records_the_document_check_beside_the_document(desk: Desk) -> None:
    desk.rule(**YELLOW_PHONES)
    declaration, invoice, _ = file_with_dossier(desk)
    client = desk.client
    sign_in(client, "hoa")
    url = f"/declarations/{declaration['id']}"
    page = client.get(url, params={"view": invoice, "lang": "en"})
    beside = page.text.split('id="document-check"')[1]
    assert 'id="inspection-form"' in beside
    assert f'name="view" value="{invoice}"' in beside

    recorded = client.post(
        f"/risk/inspections/{declaration['id']}",
        data={
            "csrf_token": csrf(page.text),
            "view": str(invoice),
            "kind": "document_check",
            "findings": "no",
            "note": "Invoice matches the declared values.",
        },
        follow_redirects=False,
    )
    assert recorded.status_code == 303
    assert recorded.headers["location"] == (
        f"{url}?msg=risk_inspection_saved&view={invoice}#dossier-viewer"
    )
    after = client.get(url, params={"view": invoice, "lang": "en"})
    assert 'id="inspection-form"' not in after.text
    assert "Document check: no findings" in after.text.split('id="document-check-result"')[1]


def test_a_trader_gets_no_check_form_beside_the_document(desk: Desk) -> None:
    desk.rule(**YELLOW_PHONES)
    declaration, invoice, _ = file_with_dossier(desk)
    client = desk.client
    sign_in(client, "lan")
    page = client.get(f"/declarations/{declaration['id']}", params={"view": invoice})
    assert 'id="document-viewer"' in page.text
    assert 'id="inspection-form"' not in page.text
