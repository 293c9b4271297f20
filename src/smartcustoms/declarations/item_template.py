"""The goods-items sheet's layout: its columns and headings in both languages, and the
template a broker downloads (.xlsx or CSV, headings in the user's language, an example row).

Headings are recognised in either language, or as the API's field names, so a sheet made in
Vietnamese imports in the English portal too.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from enum import StrEnum

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from smartcustoms.declarations.content import ITEM_FIELDS, MAX_ITEMS
from smartcustoms.web.catalog import UI
from smartcustoms.web.numbers import show_number

# The columns in the template's order (the form's): field -> (English, Vietnamese) heading.
COLUMNS: dict[str, tuple[str, str]] = {name: UI[name] for name in ITEM_FIELDS}
EXAMPLE: dict[str, tuple[object, object]] = {  # field -> (English, Vietnamese) example value
    "hs_code": ("85171300", "85171300"),
    "description": ("Smartphones, 6.1 inch, 128 GB", "Điện thoại thông minh 6,1 inch, 128 GB"),
    "origin_country": ("CN", "CN"),
    "quantity": (50, 50),
    "unit": ("H87", "H87"),
    "unit_price": (200, 200),
    "invoice_value": (10000, 10000),
    "net_weight": (12.5, 12.5),
    "origin_proof": ("E", "E"),
}
GUIDE: dict[str, tuple[str, str]] = {
    "title": ("Goods items", "Dòng hàng"),
    "guide": ("Guide", "Hướng dẫn"),
    "line1": (
        "Write one goods item per row below the headings, replacing the example row.",
        "Mỗi dòng hàng ghi trên một dòng dưới dòng tiêu đề, thay cho dòng ví dụ.",
    ),
    "line2": (
        f"At most {MAX_ITEMS} rows. HS code: the 8-digit national code. Origin: the "
        "2-letter country code (CN). Unit: the UN/ECE code (H87 pieces, KGM kilograms).",
        f"Tối đa {MAX_ITEMS} dòng. Mã số HS: mã 8 chữ số của Việt Nam. Xuất xứ: mã nước 2 "
        "chữ cái (CN). Đơn vị tính: mã UN/ECE (H87 chiếc, KGM kilôgam).",
    ),
    "line3": (
        "Invoice value = quantity × unit price. Any bad cell is reported by its row and "
        "column, and nothing is imported until all are right.",
        "Trị giá hóa đơn = lượng × đơn giá. Ô sai được báo theo dòng và cột; chưa nhập "
        "dòng nào cho đến khi tất cả đều đúng.",
    ),
}


def _key(text: str) -> str:
    """A heading compared without case, accents, spaces or punctuation."""
    plain = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in plain.casefold() if c.isalnum())


_FIELDS_BY_HEADING: dict[str, str] = {
    _key(text): name for name, labels in COLUMNS.items() for text in (name, *labels)
}


def heading_field(text: str) -> str | None:
    """The item field a heading names, in either language; None for an unknown heading."""
    return _FIELDS_BY_HEADING.get(_key(text))


def _pick(pair: tuple[object, object], lang: str) -> object:
    return pair[1] if lang == "vi" else pair[0]


def template_xlsx(lang: str) -> bytes:
    """The workbook: the goods sheet (headings and the example row), and a guide."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook has its sheet
    sheet.title = str(_pick(GUIDE["title"], lang))
    sheet.append([str(_pick(labels, lang)) for labels in COLUMNS.values()])
    sheet.append([_pick(EXAMPLE[name], lang) for name in COLUMNS])
    for index, name in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        sheet.cell(row=1, column=index).font = Font(bold=True)
        sheet.column_dimensions[letter].width = 40 if name == "description" else 18
    sheet.freeze_panes = "A2"
    guide = book.create_sheet(str(_pick(GUIDE["guide"], lang)))
    for key in ("line1", "line2", "line3"):
        guide.append([str(_pick(GUIDE[key], lang))])
    guide.column_dimensions["A"].width = 120
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def template_csv(lang: str) -> bytes:
    """The same headings and example row as CSV (UTF-8 with a BOM, so Excel shows the
    Vietnamese letters); numbers in the user's language."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_pick(labels, lang) for labels in COLUMNS.values()])
    example = [_pick(EXAMPLE[name], lang) for name in COLUMNS]
    writer.writerow(
        [show_number(str(v), lang) if isinstance(v, int | float) else v for v in example]
    )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


class SheetFormat(StrEnum):
    XLSX = "xlsx"
    CSV = "csv"


MEDIA_TYPES = {
    SheetFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    SheetFormat.CSV: "text/csv; charset=utf-8",
}


def template_file(kind: SheetFormat, lang: str) -> tuple[bytes, str, str]:
    """(content, media type, file name) of the template in the user's language."""
    body = template_xlsx(lang) if kind == SheetFormat.XLSX else template_csv(lang)
    name = "dong-hang" if lang == "vi" else "goods-items"
    return body, MEDIA_TYPES[kind], f"{name}.{kind.value}"
