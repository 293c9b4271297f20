"""The e-receipt PDF (payments.receipts_pdf): its text, its QR code and its verification code."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pypdf
import pytest
import zxingcpp

from smartcustoms.kit.bilingual import Both
from smartcustoms.payments.receipts_pdf import (
    ReceiptData,
    ReceiptLine,
    check_receipt_code,
    normalise_code,
    receipt_code,
    render_receipt,
)
from support import TEST_NOW

SECRET = "platform-secret-for-the-receipt-tests-0123456789"
FACTS = {
    "receipt_number": "BL-2026-000123",
    "amount_vnd": 152_345_678,
    "payer_tax_code": "0101234565",
    "paid_at": TEST_NOW + timedelta(minutes=5),
    "bank_txn_id": "SBX261120ABCDEF012345",
}


@pytest.fixture
def receipt() -> ReceiptData:
    code = receipt_code(SECRET, **FACTS)
    return ReceiptData(
        receipt_number="BL-2026-000123",
        issued_at=TEST_NOW + timedelta(minutes=6),
        payer_name="Công ty TNHH Thương mại Sông Hồng & Đối tác <demo>",
        payer_tax_code="0101234565",
        amount_vnd=152_345_678,
        lines=[
            ReceiptLine(Both("Import duty", "Thuế nhập khẩu"), 100_000_000, "101234567890"),
            ReceiptLine(
                Both("Value added tax", "Thuế giá trị gia tăng"), 52_325_678, "101234567890"
            ),
            ReceiptLine(Both("Customs fee", "Lệ phí hải quan"), 20_000),
        ],
        paid_at=TEST_NOW + timedelta(minutes=5),
        bank="Sandbox Bank",
        bank_txn_id="SBX261120ABCDEF012345",
        reference="SC-PAY-000123",
        verification_code=code,
        verification_url=f"http://127.0.0.1:8000/receipts/verify/{code}",
        customs_office="03CC — Chi cục Hải quan cửa khẩu cảng Hải Phòng khu vực I",
    )


def text_of(pdf: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_vietnamese_receipt_reads_back_with_its_diacritics_and_amounts(
    receipt: ReceiptData,
) -> None:
    text = text_of(render_receipt(receipt, language="vi"))
    for expected in (
        "CHỨNG TỪ NỘP THUẾ ĐIỆN TỬ",
        "Kho bạc Nhà nước",
        "Công ty TNHH Thương mại Sông Hồng & Đối tác <demo>",
        "Thuế giá trị gia tăng",
        "Lệ phí hải quan",
        "Tổng số tiền đã nộp",
        "100.000.000",
        "52.325.678",
        "152.345.678",
        "09:05:00 20/11/2026",  # paid at, Vietnam time
        "SBX261120ABCDEF012345",
        receipt.verification_code,
    ):
        assert expected in text, expected


def test_the_english_receipt_has_english_labels_and_numbers(receipt: ReceiptData) -> None:
    text = text_of(render_receipt(receipt, language="en"))
    assert "ELECTRONIC TAX PAYMENT RECEIPT" in text
    assert "State Treasury" in text
    assert "152,345,678" in text
    assert "Thuế nhập khẩu" not in text
    assert "Import duty" in text


def test_every_letter_is_drawn_in_an_embedded_font_so_any_reader_shows_it(
    receipt: ReceiptData,
) -> None:
    reader = pypdf.PdfReader(io.BytesIO(render_receipt(receipt, language="vi")))
    fonts_used: set[str] = set()

    def seen(
        text: str, _cm: object, _tm: object, font: dict[str, Any] | None, _size: object
    ) -> None:
        if text.strip() and font is not None:
            fonts_used.add(str(font["/BaseFont"]))
            # ReportLab embeds TrueType subsets (several per font when a text needs more than
            # 256 glyphs), each with its font program (/FontFile2).
            assert "/FontFile2" in font["/FontDescriptor"], font["/BaseFont"]

    reader.pages[0].extract_text(visitor_text=seen)
    assert {name.split("+")[-1] for name in fonts_used} == {"DejaVuSans", "DejaVuSans-Bold"}


def test_the_qr_code_decodes_to_the_verification_url(receipt: ReceiptData) -> None:
    reader = pypdf.PdfReader(io.BytesIO(render_receipt(receipt, language="vi")))
    (image,) = reader.pages[0].images
    decoded = zxingcpp.read_barcodes(image.image)
    assert [(result.format, result.text) for result in decoded] == [
        (zxingcpp.BarcodeFormat.QRCode, receipt.verification_url)
    ]


def test_the_same_receipt_gives_the_same_bytes(receipt: ReceiptData) -> None:
    assert render_receipt(receipt, language="vi") == render_receipt(receipt, language="vi")


def test_only_vietnamese_and_english_receipts_exist(receipt: ReceiptData) -> None:
    with pytest.raises(ValueError, match="Vietnamese or English"):
        render_receipt(receipt, language="fr")


def test_the_code_checks_for_its_facts_in_any_case_and_grouping() -> None:
    code = receipt_code(SECRET, **FACTS)
    assert len(normalise_code(code)) == 20
    assert code.count("-") == 4
    assert check_receipt_code(SECRET, code, **FACTS)
    assert check_receipt_code(SECRET, normalise_code(code).lower(), **FACTS)


@pytest.mark.parametrize(
    "change",
    [
        {"receipt_number": "BL-2026-000124"},
        {"amount_vnd": 152_345_679},
        {"payer_tax_code": "0309876547"},
        {"paid_at": TEST_NOW + timedelta(minutes=5, seconds=1)},
        {"bank_txn_id": "SBX261120ABCDEF012346"},
    ],
)
def test_the_code_fails_when_any_fact_is_tampered_with(change: dict[str, object]) -> None:
    code = receipt_code(SECRET, **FACTS)
    assert not check_receipt_code(SECRET, code, **{**FACTS, **change})


def test_the_code_fails_with_another_secret_or_a_guess() -> None:
    code = receipt_code(SECRET, **FACTS)
    assert not check_receipt_code("another-secret-" * 4, code, **FACTS)
    flipped = ("B" if code[0] == "A" else "A") + code[1:]
    assert not check_receipt_code(SECRET, flipped, **FACTS)
    assert not check_receipt_code(SECRET, "", **FACTS)
    assert not check_receipt_code(SECRET, "ĐĐĐĐ-" * 5, **FACTS)


def test_the_code_does_not_depend_on_the_time_zone_the_time_is_given_in() -> None:
    from smartcustoms.kit.clock import VIETNAM

    local = {**FACTS, "paid_at": FACTS["paid_at"].astimezone(VIETNAM)}
    assert receipt_code(SECRET, **local) == receipt_code(SECRET, **FACTS)


def test_a_receipt_with_another_payer_is_another_document(receipt: ReceiptData) -> None:
    other = replace(receipt, payer_name="Công ty Cổ phần Điện tử Sài Gòn (demo)")
    assert render_receipt(other, language="vi") != render_receipt(receipt, language="vi")
