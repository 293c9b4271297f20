"""E-receipts: the trader downloads a PDF for a bank payment; anyone checks it by its code."""

from __future__ import annotations

import io
import re

import pypdf
from fastapi.testclient import TestClient

from payments_support import Desk
from support import Users, sign_in


def _paid_receipt(desk: Desk, users: Users, app_client: TestClient) -> tuple[str, str]:
    """Lan pays a declaration online and downloads the receipt: its PDF and the code."""
    lan = users.headers("lan")
    declaration_id = desk.file(lan)["declaration"]["id"]
    desk.notify(desk.bank.pay(desk.start(declaration_id, lan)["reference"]))
    sign_in(app_client, "lan")
    listed = app_client.get("/payments/receipts?lang=vi")
    assert listed.status_code == 200
    link = re.search(r'href="(/payments/receipts/\d+\.pdf)"', listed.text)
    assert link, listed.text
    pdf = app_client.get(link.group(1) + "?lang=vi")
    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf.content)).pages)
    assert "CHỨNG TỪ NỘP THUẾ ĐIỆN TỬ" in text
    assert "thuế giá trị gia tăng" in text
    found = re.search(r"/receipts/verify/(CT\d{4}-\d{8})/([A-Z2-7]{4}(?:-[A-Z2-7]{4}){4})", text)
    assert found, "the receipt carries its verification address"
    return pdf.headers["content-disposition"], f"{found.group(1)}/{found.group(2)}"


def test_a_bank_payment_has_a_receipt_whose_code_the_public_page_confirms(
    desk: Desk, users: Users, app_client: TestClient
) -> None:
    disposition, code = _paid_receipt(desk, users, app_client)
    assert re.search(r'filename="CT2026-\d{8}\.pdf"', disposition)
    app_client.cookies.clear()  # anyone, not signed in

    checked = app_client.get(f"/receipts/verify/{code}?lang=vi")

    assert checked.status_code == 200
    assert "Chứng từ hợp lệ" in checked.text
    assert "0101234565" in checked.text
    number, bare = code.split("/")
    typed = app_client.get(
        "/receipts/verify", params={"number": number, "code": bare.lower().replace("-", " ")}
    )
    assert 'id="receipt-genuine"' in typed.text


def test_a_forged_or_mistyped_code_is_not_a_receipt(
    desk: Desk, users: Users, app_client: TestClient
) -> None:
    _, found = _paid_receipt(desk, users, app_client)
    number, code = found.split("/")
    altered = ("B" if code[0] != "B" else "C") + code[1:]
    other_number = number[:-1] + ("9" if number[-1] != "9" else "8")

    for wrong in (f"{number}/{altered}", f"{other_number}/{code}", f"CT1999-00000001/{code}"):
        checked = app_client.get(f"/receipts/verify/{wrong}?lang=en")
        assert checked.status_code == 404
        assert "No receipt has this number and code" in checked.text


def test_the_same_receipt_is_issued_once(desk: Desk, users: Users, app_client: TestClient) -> None:
    _, first = _paid_receipt(desk, users, app_client)
    link = re.search(
        r'href="(/payments/receipts/\d+\.pdf)"', app_client.get("/payments/receipts").text
    )
    assert link
    again = app_client.get(link.group(1))
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(again.content)).pages)
    assert first in text


def test_another_enterprise_cannot_download_the_receipt(
    desk: Desk, users: Users, app_client: TestClient
) -> None:
    _paid_receipt(desk, users, app_client)
    link = re.search(
        r'href="(/payments/receipts/\d+\.pdf)"', app_client.get("/payments/receipts").text
    )
    assert link
    app_client.cookies.clear()
    sign_in(app_client, "binh")
    assert app_client.get(link.group(1)).status_code == 404
