"""The customs declaration printed as a PDF laid out like the official form (tờ khai hàng hóa
nhập khẩu / xuất khẩu): header with the number and its QR code, the parties, transport and
invoice, the goods items, the taxes, the channel.

A pure function of the printed facts and the language: the caller has put every value in
the reader's words and number format; the same facts give the same bytes (ReportLab's
invariant mode). Fonts, escaping and the QR code are `kit.pdf`'s, as for the e-receipt."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Image, Paragraph, Spacer, Table, TableStyle
from reportlab.platypus.flowables import Flowable

from smartcustoms.kit.bilingual import Both
from smartcustoms.kit.pdf import BOLD, REGULAR, a4_document, escape, qr_png, register_fonts


@dataclass(frozen=True)
class PrintedItem:
    line_no: int
    hs_code: str
    description: str
    origin: str
    quantity: str  # "1.500" or "1,500", as the reader writes numbers
    unit: str
    invoice_value: str


@dataclass(frozen=True)
class PrintedTax:
    line_no: int
    tax: str  # "Thuế nhập khẩu"
    base_vnd: str
    rate: str
    amount_vnd: str


@dataclass(frozen=True)
class PrintedDeclaration:
    """Every value as printed, already in the reader's language and number format."""

    direction: str  # "import" or "export"
    number: str | None
    version: int
    status: str
    type_code: str
    office: str
    registered_at: str
    enterprise_name: str
    enterprise_tax_code: str
    declarant: str
    foreign_party: str
    transport: str
    invoice: str
    items: Sequence[PrintedItem]
    taxes: Sequence[PrintedTax]
    customs_value_vnd: str
    total_tax_vnd: str
    channel: str
    verification_url: str | None  # the public check page, printed as a QR code
    verification_code: str | None


LABELS: dict[str, Both] = {
    "import": Both("IMPORT GOODS DECLARATION", "TỜ KHAI HÀNG HÓA NHẬP KHẨU"),
    "export": Both("EXPORT GOODS DECLARATION", "TỜ KHAI HÀNG HÓA XUẤT KHẨU"),
    "draft": Both("Draft: not registered with customs", "Bản nháp: chưa đăng ký với hải quan"),
    "number": Both("Declaration number", "Số tờ khai"),
    "version": Both("Version", "Lần khai"),
    "status": Both("Status", "Trạng thái"),
    "type_code": Both("Declaration type code", "Mã loại hình"),
    "office": Both("Customs office", "Chi cục hải quan"),
    "registered_at": Both("Registered", "Ngày đăng ký"),
    "channel": Both("Channel", "Phân luồng"),
    "enterprise": Both("Importer / exporter", "Người nhập khẩu / người xuất khẩu"),
    "tax_code": Both("Tax code", "Mã số thuế"),
    "declarant": Both("Declarant", "Người khai hải quan"),
    "foreign_party": Both("Foreign party", "Đối tác nước ngoài"),
    "transport": Both("Transport", "Vận đơn, cảng"),
    "invoice": Both("Invoice", "Hóa đơn thương mại"),
    "items": Both("Goods items", "Dòng hàng"),
    "line": Both("No.", "STT"),
    "hs": Both("HS code", "Mã số HS"),
    "description": Both("Description", "Mô tả hàng hóa"),
    "origin": Both("Origin", "Xuất xứ"),
    "quantity": Both("Quantity", "Số lượng"),
    "unit": Both("Unit", "Đơn vị"),
    "value": Both("Invoice value", "Trị giá hóa đơn"),
    "taxes": Both("Duties and taxes", "Thuế"),
    "tax": Both("Tax", "Sắc thuế"),
    "base": Both("Taxable value (VND)", "Trị giá tính thuế (VND)"),
    "rate": Both("Rate", "Thuế suất"),
    "amount": Both("Amount (VND)", "Số tiền thuế (VND)"),
    "customs_value": Both("Customs value (VND)", "Trị giá hải quan (VND)"),
    "total": Both("Total taxes (VND)", "Tổng số tiền thuế (VND)"),
    "code": Both("Verification code", "Mã kiểm tra"),
    "verify": Both(
        "Scan the QR code or open the address below to check this declaration with customs:",
        "Quét mã QR hoặc mở địa chỉ dưới đây để kiểm tra tờ khai với hải quan:",
    ),
}


def _styles() -> dict[str, ParagraphStyle]:
    return {
        "body": ParagraphStyle("body", fontName=REGULAR, fontSize=8.5, leading=10.5),
        "bold": ParagraphStyle("bold", fontName=BOLD, fontSize=8.5, leading=10.5),
        "title": ParagraphStyle("title", fontName=BOLD, fontSize=14, leading=18, alignment=1),
        "heading": ParagraphStyle("heading", fontName=BOLD, fontSize=10, leading=13),
        "small": ParagraphStyle("small", fontName=REGULAR, fontSize=7.5, leading=9),
    }


_GRID: list[Any] = [
    ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("FONTNAME", (0, 0), (-1, -1), REGULAR),
    ("FONTSIZE", (0, 0), (-1, -1), 8.5),
]


class _Form:
    def __init__(self, data: PrintedDeclaration, lang: str) -> None:
        self.data, self.lang, self.styles = data, lang, _styles()

    def label(self, key: str) -> str:
        return str(getattr(LABELS[key], self.lang))

    def cell(self, key: str, value: str) -> Paragraph:
        """A box of the form: its label above, the value in bold below."""
        return Paragraph(
            f"{escape(self.label(key))}<br/><font name='{BOLD}'>{escape(value)}</font>",
            self.styles["body"],
        )

    def header(self) -> Table:
        d = self.data
        title = [Paragraph(escape(self.label(d.direction)), self.styles["title"])]
        if d.number is None:
            title.append(Paragraph(escape(self.label("draft")), self.styles["small"]))
        boxes = Table(
            [
                [self.cell("number", d.number or "—"), self.cell("version", str(d.version))],
                [self.cell("type_code", d.type_code), self.cell("office", d.office)],
                [self.cell("registered_at", d.registered_at), self.cell("status", d.status)],
                [self.cell("channel", d.channel), ""],
            ],
            colWidths=[60 * mm, 60 * mm],
        )
        boxes.setStyle(TableStyle(_GRID))
        qr: Flowable | str = ""
        if d.verification_url:
            qr = Image(io.BytesIO(qr_png(d.verification_url)), width=30 * mm, height=30 * mm)
        table = Table([[title, ""], [boxes, qr]], colWidths=[130 * mm, 40 * mm])
        table.setStyle(
            TableStyle([("SPAN", (0, 0), (1, 0)), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")])
        )
        return table

    def parties(self) -> Table:
        d = self.data
        rows = [
            [
                self.cell("enterprise", d.enterprise_name),
                self.cell("tax_code", d.enterprise_tax_code),
            ],
            [self.cell("declarant", d.declarant), self.cell("foreign_party", d.foreign_party)],
            [self.cell("transport", d.transport), self.cell("invoice", d.invoice)],
        ]
        table = Table(rows, colWidths=[100 * mm, 70 * mm])
        table.setStyle(TableStyle(_GRID))
        return table

    def items(self) -> Table:
        keys = ("line", "hs", "description", "origin", "quantity", "unit", "value")
        rows: list[list[Flowable | str]] = [
            [Paragraph(escape(self.label(k)), self.styles["bold"]) for k in keys]
        ]
        for i in self.data.items:
            rows.append(
                [
                    str(i.line_no),
                    i.hs_code,
                    Paragraph(escape(i.description), self.styles["body"]),
                    i.origin,
                    i.quantity,
                    i.unit,
                    i.invoice_value,
                ]
            )
        widths = [10 * mm, 20 * mm, 60 * mm, 14 * mm, 22 * mm, 14 * mm, 30 * mm]
        return self._table(rows, widths, numbers_from=4)

    def taxes(self) -> Table:
        keys = ("line", "tax", "base", "rate", "amount")
        rows: list[list[Flowable | str]] = [
            [Paragraph(escape(self.label(k)), self.styles["bold"]) for k in keys]
        ]
        for t in self.data.taxes:
            rows.append(
                [
                    str(t.line_no),
                    Paragraph(escape(t.tax), self.styles["body"]),
                    t.base_vnd,
                    t.rate,
                    t.amount_vnd,
                ]
            )
        rows.append(["", self.label("customs_value"), self.data.customs_value_vnd, "", ""])
        rows.append(["", self.label("total"), "", "", self.data.total_tax_vnd])
        widths = [10 * mm, 60 * mm, 40 * mm, 20 * mm, 40 * mm]
        return self._table(rows, widths, numbers_from=2)

    def _table(
        self, rows: list[list[Flowable | str]], widths: list[float], *, numbers_from: int
    ) -> Table:
        table = Table(rows, colWidths=widths, repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    *_GRID,
                    ("ALIGN", (numbers_from, 1), (-1, -1), "RIGHT"),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef3")),
                ]
            )
        )
        return table

    def verification(self) -> list[Flowable]:
        d = self.data
        if not d.verification_url:
            return []
        return [
            Spacer(1, 5 * mm),
            Paragraph(
                f"{escape(self.label('code'))}: <font name='{BOLD}'>"
                f"{escape(d.verification_code or '')}</font>",
                self.styles["body"],
            ),
            Paragraph(escape(self.label("verify")), self.styles["small"]),
            Paragraph(escape(d.verification_url), self.styles["small"]),
        ]

    def story(self) -> list[Flowable]:
        heading = self.styles["heading"]
        story: list[Flowable] = [
            self.header(),
            Spacer(1, 4 * mm),
            self.parties(),
            Spacer(1, 4 * mm),
            Paragraph(escape(self.label("items")), heading),
            self.items(),
        ]
        if self.data.taxes:
            story += [
                Spacer(1, 4 * mm),
                Paragraph(escape(self.label("taxes")), heading),
                self.taxes(),
            ]
        return story + self.verification()


def render_declaration(data: PrintedDeclaration, *, language: str) -> bytes:
    """The declaration as PDF bytes, its labels in `language` ("vi" or "en")."""
    if language not in ("vi", "en"):
        raise ValueError(f"declarations print in Vietnamese or English, not {language!r}")
    register_fonts()
    form = _Form(data, language)
    buffer = io.BytesIO()
    document = a4_document(
        buffer,
        title=f"{form.label(data.direction)} {data.number or ''}".strip(),
        vertical_margin_mm=15,
    )
    document.build(form.story())
    return buffer.getvalue()
