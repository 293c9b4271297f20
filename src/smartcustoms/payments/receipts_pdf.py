"""The e-receipt (chứng từ nộp thuế điện tử) as a PDF, and the code that proves it genuine.

`render_receipt` is a pure function of the receipt's data and the language: the same data
gives the same bytes (ReportLab's invariant mode: no creation time, no random document id).
Vietnamese needs a font with its letters: DejaVu Sans, from Debian's fonts-dejavu-core
(`make` installs it where it is missing), embedded in the PDF so any reader shows it. The
QR code holds the public verification URL.

`receipt_code` makes the verification code printed on the receipt: an HMAC of the facts that
matter (number, amount, payer, time, bank transaction) under the platform's secret, so it
cannot be guessed from a receipt number nor forged for other figures, and `check_receipt_code`
refuses it the moment one of those facts differs.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from babel.dates import format_datetime
from babel.numbers import format_decimal
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Image, Paragraph, Spacer, Table, TableStyle
from reportlab.platypus.flowables import Flowable

from smartcustoms.kit.bilingual import Both
from smartcustoms.kit.clock import VIETNAM
from smartcustoms.kit.pdf import (
    BOLD,
    REGULAR,
    FontMissing,
    a4_document,
    escape,
    qr_png,
    register_fonts,
)

PAYEE = Both("State Treasury", "Kho bạc Nhà nước")
CODE_CHARS = 20  # 100 bits of HMAC, in base32: five groups of four


# The font setup is every printed PDF's (kit.pdf); the old name stays for callers.
ReceiptFontMissing = FontMissing


@dataclass(frozen=True)
class ReceiptLine:
    description: Both  # "Import duty" / "Thuế nhập khẩu"
    amount_vnd: int
    declaration_number: str | None = None


@dataclass(frozen=True)
class ReceiptData:
    receipt_number: str
    issued_at: datetime
    payer_name: str
    payer_tax_code: str
    amount_vnd: int  # the total paid
    lines: Sequence[ReceiptLine]
    paid_at: datetime
    bank: str
    bank_txn_id: str
    reference: str
    verification_code: str  # receipt_code(...)
    verification_url: str  # the public page that shows the receipt by its code
    payee: Both = PAYEE
    customs_office: str | None = None


# --- the verification code ----------------------------------------------------------------


def _code_key(secret: str | bytes) -> bytes:
    # A key of its own derived from the platform secret: a receipt code can never double as
    # a token or cookie signature made with the secret itself.
    raw = secret.encode() if isinstance(secret, str) else secret
    return hmac.new(raw, b"smartcustoms/receipt-code/v1", hashlib.sha256).digest()


def receipt_code(
    secret: str | bytes,
    *,
    receipt_number: str,
    amount_vnd: int,
    payer_tax_code: str,
    paid_at: datetime,
    bank_txn_id: str,
) -> str:
    """The receipt's verification code, e.g. `K7Q2-MX4P-…` (five groups of four)."""
    facts = "\x1f".join(
        (
            receipt_number,
            str(amount_vnd),
            payer_tax_code,
            paid_at.astimezone(UTC).isoformat(),
            bank_txn_id,
        )
    )
    digest = hmac.new(_code_key(secret), facts.encode(), hashlib.sha256).digest()
    text = base64.b32encode(digest).decode()[:CODE_CHARS]
    return "-".join(text[i : i + 4] for i in range(0, CODE_CHARS, 4))


def normalise_code(code: str) -> str:
    """As typed or scanned: any case, with or without dashes and spaces."""
    return "".join(ch for ch in code.upper() if ch not in "- ")


def check_receipt_code(
    secret: str | bytes,
    code: str,
    *,
    receipt_number: str,
    amount_vnd: int,
    payer_tax_code: str,
    paid_at: datetime,
    bank_txn_id: str,
) -> bool:
    """True only if `code` was made for exactly these facts under this secret."""
    expected = receipt_code(
        secret,
        receipt_number=receipt_number,
        amount_vnd=amount_vnd,
        payer_tax_code=payer_tax_code,
        paid_at=paid_at,
        bank_txn_id=bank_txn_id,
    )
    given = normalise_code(code).encode("utf-8", "replace")
    return hmac.compare_digest(normalise_code(expected).encode(), given)


# --- the PDF --------------------------------------------------------------------------------

LABELS: dict[str, Both] = {
    "title": Both("ELECTRONIC TAX PAYMENT RECEIPT", "CHỨNG TỪ NỘP THUẾ ĐIỆN TỬ"),
    "subtitle": Both(
        "Duties and taxes on imported and exported goods",
        "Thuế và các khoản thu đối với hàng hóa xuất khẩu, nhập khẩu",
    ),
    "number": Both("Receipt number", "Số chứng từ"),
    "issued": Both("Issued", "Ngày lập"),
    "payer": Both("Payer", "Người nộp thuế"),
    "tax_code": Both("Tax code", "Mã số thuế"),
    "payee": Both("Payee", "Đơn vị thụ hưởng"),
    "office": Both("Customs office", "Chi cục hải quan"),
    "bank": Both("Bank", "Ngân hàng"),
    "txn": Both("Bank transaction", "Mã giao dịch ngân hàng"),
    "reference": Both("Payment reference", "Mã tham chiếu thanh toán"),
    "paid_at": Both("Paid at", "Thời điểm nộp"),
    "item": Both("Item", "Khoản nộp"),
    "declaration": Both("Declaration", "Số tờ khai"),
    "amount": Both("Amount (VND)", "Số tiền (VND)"),
    "total": Both("Total paid", "Tổng số tiền đã nộp"),
    "code": Both("Verification code", "Mã tra cứu"),
    "verify": Both(
        "Scan the QR code or open the address below to check this receipt:",
        "Quét mã QR hoặc mở địa chỉ dưới đây để kiểm tra chứng từ:",
    ),
}


def _money(amount_vnd: int, lang: str) -> str:
    return format_decimal(amount_vnd, locale="vi_VN" if lang == "vi" else "en_US")


def _moment(at: datetime, lang: str) -> str:
    pattern = "HH:mm:ss dd/MM/yyyy" if lang == "vi" else "d MMM yyyy, HH:mm:ss"
    return format_datetime(at.astimezone(VIETNAM), pattern, locale=lang) + " (GMT+7)"


@dataclass
class _Styles:
    body: ParagraphStyle = field(
        default_factory=lambda: ParagraphStyle("body", fontName=REGULAR, fontSize=9.5, leading=12)
    )
    bold: ParagraphStyle = field(
        default_factory=lambda: ParagraphStyle("bold", fontName=BOLD, fontSize=9.5, leading=12)
    )
    title: ParagraphStyle = field(
        default_factory=lambda: ParagraphStyle(
            "title", fontName=BOLD, fontSize=15, leading=19, alignment=1
        )
    )
    subtitle: ParagraphStyle = field(
        default_factory=lambda: ParagraphStyle(
            "subtitle", fontName=REGULAR, fontSize=9.5, leading=12, alignment=1
        )
    )
    small: ParagraphStyle = field(
        default_factory=lambda: ParagraphStyle("small", fontName=REGULAR, fontSize=8, leading=10)
    )


def _facts(data: ReceiptData, lang: str, styles: _Styles) -> Table:
    def label(key: str) -> Paragraph:
        return Paragraph(escape(getattr(LABELS[key], lang)), styles.body)

    def value(text: str) -> Paragraph:
        return Paragraph(escape(text), styles.bold)

    rows = [
        [label("number"), value(data.receipt_number)],
        [label("issued"), value(_moment(data.issued_at, lang))],
        [label("payer"), value(data.payer_name)],
        [label("tax_code"), value(data.payer_tax_code)],
        [label("payee"), value(getattr(data.payee, lang))],
    ]
    if data.customs_office:
        rows.append([label("office"), value(data.customs_office)])
    rows += [
        [label("bank"), value(data.bank)],
        [label("txn"), value(data.bank_txn_id)],
        [label("reference"), value(data.reference)],
        [label("paid_at"), value(_moment(data.paid_at, lang))],
    ]
    table = Table(rows, colWidths=[50 * mm, 120 * mm])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return table


def _lines(data: ReceiptData, lang: str, styles: _Styles) -> Table:
    header = [
        Paragraph(escape(getattr(LABELS[key], lang)), styles.bold)
        for key in ("item", "declaration", "amount")
    ]
    rows: list[list[Flowable | str]] = [list(header)]
    for line in data.lines:
        rows.append(
            [
                Paragraph(escape(getattr(line.description, lang)), styles.body),
                Paragraph(escape(line.declaration_number or ""), styles.body),
                _money(line.amount_vnd, lang),
            ]
        )
    rows.append(
        [
            Paragraph(
                escape(LABELS["total"].en if lang == "en" else LABELS["total"].vi), styles.bold
            ),
            "",
            _money(data.amount_vnd, lang),
        ]
    )
    table = Table(rows, colWidths=[85 * mm, 45 * mm, 40 * mm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("FONTNAME", (2, -1), (2, -1), BOLD),
                ("FONTSIZE", (0, 0), (-1, -1), 9.5),
                ("ALIGN", (2, 0), (2, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
                ("LINEABOVE", (0, -1), (-1, -1), 0.8, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef3")),
            ]
        )
    )
    return table


def _verification(data: ReceiptData, lang: str, styles: _Styles) -> Table:
    qr = Image(io.BytesIO(qr_png(data.verification_url)), width=32 * mm, height=32 * mm)
    text = [
        Paragraph(escape(getattr(LABELS["code"], lang)), styles.body),
        Paragraph(
            escape(data.verification_code),
            ParagraphStyle("code", parent=styles.bold, fontSize=13, leading=17),
        ),
        Spacer(1, 3 * mm),
        Paragraph(escape(getattr(LABELS["verify"], lang)), styles.small),
        Paragraph(escape(data.verification_url), styles.small),
    ]
    table = Table([[qr, text]], colWidths=[38 * mm, 132 * mm])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    return table


def render_receipt(data: ReceiptData, *, language: str) -> bytes:
    """The receipt as PDF bytes, its labels in `language` ("vi" or "en")."""
    if language not in ("vi", "en"):
        raise ValueError(f"receipts are in Vietnamese or English, not {language!r}")
    register_fonts()
    styles = _Styles()
    buffer = io.BytesIO()
    document = a4_document(
        buffer,
        title=f"{getattr(LABELS['title'], language)} {data.receipt_number}",
        vertical_margin_mm=18,
        subject=data.reference,
    )
    document.build(
        [
            Paragraph(escape(getattr(LABELS["title"], language)), styles.title),
            Paragraph(escape(getattr(LABELS["subtitle"], language)), styles.subtitle),
            Spacer(1, 8 * mm),
            _facts(data, language, styles),
            Spacer(1, 6 * mm),
            _lines(data, language, styles),
            Spacer(1, 10 * mm),
            _verification(data, language, styles),
        ]
    )
    return buffer.getvalue()
