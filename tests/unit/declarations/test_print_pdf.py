"""The printed declaration: its layout reads back with the facts given, in either language,
the same facts give the same bytes, and a draft prints without a QR code; the verification
code belongs to its number and the platform's secret."""

from __future__ import annotations

import io
from dataclasses import replace

import pypdf
import pytest

from smartcustoms.declarations.print_pdf import (
    PrintedDeclaration,
    PrintedItem,
    PrintedTax,
    render_declaration,
)
from smartcustoms.declarations.verification import declaration_code
from smartcustoms.web import desk_catalog

FACTS = PrintedDeclaration(
    direction="import",
    number="100000000042",
    version=1,
    status="đã đăng ký",
    type_code="A11",
    office="03CC",
    registered_at="03/12/2026 09:00",
    enterprise_name="Công ty TNHH Thương mại Sông Hồng & Co <demo>",
    enterprise_tax_code="0101234565",
    declarant="Nguyễn Thị Lan",
    foreign_party="Shenzhen Phones Ltd CN",
    transport="HPH-001 CNSZX → VNHPH",
    invoice="INV-1 10.000 USD FOB",
    items=[PrintedItem(1, "85171300", "Điện thoại di động", "CN", "50", "C62", "10.000")],
    taxes=[PrintedTax(1, "Thuế nhập khẩu", "240.000.000", "0%", "0")],
    customs_value_vnd="240.000.000",
    total_tax_vnd="24.000.000",
    channel="luồng xanh",
    verification_url="https://portal.example/verify/declarations/100000000042/ABCD",
    verification_code="ABCD-EFGH-IJKL-MNOP",
)


def text_of(pdf: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_vietnamese_print_reads_back_with_its_facts_and_diacritics() -> None:
    text = text_of(render_declaration(FACTS, language="vi"))
    for expected in (
        "TỜ KHAI HÀNG HÓA NHẬP KHẨU",
        "100000000042",
        "Công ty TNHH Thương mại Sông Hồng & Co <demo>",  # markup stays text
        "Điện thoại di động",
        "Thuế nhập khẩu",
        "luồng xanh",
        "ABCD-EFGH-IJKL-MNOP",
    ):
        assert expected in text


def test_the_english_print_has_english_labels_and_an_export_its_own_title() -> None:
    text = text_of(render_declaration(replace(FACTS, direction="export"), language="en"))
    assert "EXPORT GOODS DECLARATION" in text
    assert "Declaration number" in text


def test_a_draft_prints_without_a_qr_code_and_says_it_is_not_registered() -> None:
    draft = replace(FACTS, number=None, verification_url=None, verification_code=None)
    pdf = render_declaration(draft, language="en")
    assert "Draft: not registered with customs" in text_of(pdf)
    assert len(pypdf.PdfReader(io.BytesIO(pdf)).pages[0].images) == 0


def test_the_same_facts_give_the_same_bytes() -> None:
    assert render_declaration(FACTS, language="vi") == render_declaration(FACTS, language="vi")


def test_only_vietnamese_and_english_prints_exist() -> None:
    with pytest.raises(ValueError, match="Vietnamese or English"):
        render_declaration(FACTS, language="fr")


def test_the_code_belongs_to_the_number_and_the_secret() -> None:
    code = declaration_code("secret-one", "100000000042")
    assert len(code) == 19
    assert code.count("-") == 3
    assert code == declaration_code("secret-one", "100000000042")
    assert code != declaration_code("secret-one", "100000000043")
    assert code != declaration_code("secret-two", "100000000042")


def test_every_desk_word_has_english_and_vietnamese() -> None:
    for key, (english, vietnamese) in desk_catalog.UI.items():
        assert english.strip(), key
        assert vietnamese.strip(), key
