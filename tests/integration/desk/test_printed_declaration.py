"""The declaration printed as a PDF like the official form, in the reader's language, with
a QR code whose address confirms the number, status and date to anyone, and nothing else."""

from __future__ import annotations

import io
from urllib.parse import urlsplit

import pypdf
import pytest
import zxingcpp
from fastapi.testclient import TestClient

from desk_support import file_with_dossier
from risk_support import Desk
from support import Users, sign_in


@pytest.fixture
def desk(app_client: TestClient, users: Users) -> Desk:
    desk = Desk(app_client, users)
    desk.without_random_selection()
    return desk


def read(pdf: bytes) -> tuple[str, str]:
    """The PDF's text, and what its QR code holds."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    (image,) = reader.pages[0].images
    (decoded,) = zxingcpp.read_barcodes(image.image)
    return text, decoded.text


def test_the_trader_prints_the_declaration_in_vietnamese_with_its_facts_and_a_qr_code(
    desk: Desk,
) -> None:
    declaration, _, _ = file_with_dossier(desk)
    client = desk.client
    sign_in(client, "lan")
    page = client.get(f"/declarations/{declaration['id']}", params={"lang": "vi"})
    assert "In tờ khai (PDF)" in page.text

    answer = client.get(f"/declarations/{declaration['id']}/print.pdf", params={"lang": "vi"})
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/pdf"
    assert answer.content.startswith(b"%PDF-")
    assert "attachment" in answer.headers["content-disposition"]
    text, url = read(answer.content)
    assert "TỜ KHAI HÀNG HÓA NHẬP KHẨU" in text
    assert declaration["number"] in text
    assert "Công ty TNHH Thương mại Sông Hồng (demo)" in text
    assert "0101234565" in text
    assert "85171300" in text  # the goods item
    assert "Thuế nhập khẩu" in text  # the taxes, by name
    assert "luồng xanh" in text  # the channel
    assert "Mã kiểm tra" in text
    assert urlsplit(url).path.startswith(f"/verify/declarations/{declaration['number']}/")


def test_the_english_print_has_english_labels(desk: Desk) -> None:
    declaration, _, _ = file_with_dossier(desk)
    sign_in(desk.client, "lan")
    answer = desk.client.get(f"/declarations/{declaration['id']}/print.pdf", params={"lang": "en"})
    text, _ = read(answer.content)
    assert "IMPORT GOODS DECLARATION" in text
    assert "green channel" in text
    assert "Import duty" in text


def test_the_qr_address_confirms_number_status_and_date_without_goods_or_parties(
    desk: Desk,
) -> None:
    declaration, _, _ = file_with_dossier(desk)
    client = desk.client
    sign_in(client, "lan")
    _, url = read(client.get(f"/declarations/{declaration['id']}/print.pdf").content)
    client.cookies.clear()  # anyone: a bank, a carrier

    checked = client.get(urlsplit(url).path, params={"lang": "en"})
    assert checked.status_code == 200
    assert 'id="declaration-genuine"' in checked.text
    assert f'id="verified-number">{declaration["number"]}<' in checked.text
    assert 'id="verified-status">' in checked.text
    assert "/2026" in checked.text or "2026" in checked.text
    for secret in ("85171300", "Sông Hồng", "0101234565", "Smartphone"):
        assert secret not in checked.text


def test_a_forged_code_or_another_number_is_not_confirmed(desk: Desk) -> None:
    declaration, _, _ = file_with_dossier(desk)
    client = desk.client
    sign_in(client, "lan")
    _, url = read(client.get(f"/declarations/{declaration['id']}/print.pdf").content)
    client.cookies.clear()
    code = urlsplit(url).path.rsplit("/", 1)[1]
    assert (
        client.get(f"/verify/declarations/{declaration['number']}/AAAA-BBBB-CCCC-DDDD").status_code
        == 404
    )
    assert client.get(f"/verify/declarations/100000000099/{code}").status_code == 404


def test_another_enterprise_cannot_print_the_declaration(desk: Desk) -> None:
    declaration, _, _ = file_with_dossier(desk)
    sign_in(desk.client, "binh")
    assert desk.client.get(f"/declarations/{declaration['id']}/print.pdf").status_code == 404
