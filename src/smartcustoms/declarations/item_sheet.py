"""Goods items read from an Excel (.xlsx) or CSV sheet, every bad cell named by its row and
column; the sheet's layout (its headings, in either language) is `item_template`'s.

A sheet is refused whole when any cell is bad, so a draft never holds half of one. The
limits are stated: the file's size (the caller's), the unpacked size of an .xlsx (a small
zip can unpack to gigabytes), and MAX_ITEMS goods rows.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any

import openpyxl
from openpyxl.utils import get_column_letter
from pydantic import ValidationError

from smartcustoms.declarations.content import MAX_ITEMS, ItemContent
from smartcustoms.declarations.item_template import COLUMNS, heading_field
from smartcustoms.declarations.messages import CATALOGUE, error, field_error
from smartcustoms.declarations.rules import item_errors
from smartcustoms.declarations.schemas import ItemWrite
from smartcustoms.errors import FieldError, ValidationFailed
from smartcustoms.i18n import number as shown_number
from smartcustoms.kit.bilingual import Both
from smartcustoms.problems import field_errors_from_pydantic
from smartcustoms.reference.rules import ReferenceCatalog
from smartcustoms.web.numbers import NumberRefused, read_number

MAX_UNPACKED_BYTES = 20 * 1024 * 1024
MAX_SCANNED_ROWS = 1_000  # rows looked at (blank ones too) before the sheet is refused
# The columns submission requires of every item (invoice value, net weight and the C/O form
# may be left out of the sheet).
REQUIRED = ("hs_code", "description", "origin_country", "quantity", "unit", "unit_price")
NUMBERS = frozenset({"quantity", "unit_price", "invoice_value", "net_weight"})
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls
TEXT_EXTENSIONS = frozenset({"", "csv", "txt"})
BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\x1f\x8b")
FILE = "file"  # the path of an error about the file as a whole


@dataclass(frozen=True)
class Cell:
    row: int  # as the spreadsheet numbers it, headings on row 1
    column: str  # A, B, …
    field: str

    @property
    def path(self) -> str:
        return f"{FILE}.{self.column}{self.row}"


def refused(key: str, /, **params: object) -> ValidationFailed:
    """The file as a whole refused: one error, at `file`."""
    failed = error(ValidationFailed, key, **params)
    failed.errors = [field_error(FILE, key, **params)]
    return failed


def read_items(
    data: bytes, *, filename: str, lang: str, limit: int, catalog: ReferenceCatalog
) -> tuple[ItemContent, ...]:
    """The sheet's goods items in order; or ValidationFailed with every bad cell."""
    if not data:
        raise refused("sheet_missing")
    if len(data) > limit:
        raise refused("sheet_too_large", limit=_bytes(limit))
    rows = _rows(data, filename)
    cells, items, errors = _parse(rows, lang)
    # Then what submission would refuse, in the cells not refused already: all at once.
    refused_cells = {e.path for e in errors}
    for found in item_errors(items, catalog):
        index, name = _item_path(found.path)
        cell = cells[index][name]
        if cell.path not in refused_cells:
            errors.append(_at(cell, found))
    errors.sort(key=_order)
    if errors:
        failed = error(ValidationFailed, "sheet_invalid", count=len(errors))
        failed.errors = errors
        raise failed
    return items


def _bytes(count: int) -> Both:
    """A size as each language writes it (65,536 / 65.536)."""
    return Both(shown_number(count, "en"), shown_number(count, "vi"))


def _rows(data: bytes, filename: str) -> list[tuple[int, list[Any]]]:
    """(row number, values) of the first sheet, up to MAX_SCANNED_ROWS rows."""
    if data.startswith(OLE_MAGIC):
        raise refused("sheet_old_excel")
    if data.startswith(ZIP_MAGIC):
        return _xlsx_rows(data)
    name = filename.lower()
    extension = name.rsplit(".", 1)[1] if "." in name else ""
    if extension not in TEXT_EXTENSIONS or data.startswith(BINARY_MAGIC) or b"\x00" in data[:4096]:
        raise refused("sheet_not_spreadsheet")
    return _csv_rows(data)


def _xlsx_rows(data: bytes) -> list[tuple[int, list[Any]]]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise refused("sheet_not_spreadsheet") from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise refused("sheet_unpacks_too_large", limit=_bytes(MAX_UNPACKED_BYTES))
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a zip that is not a workbook
        raise refused("sheet_not_spreadsheet") from None
    try:
        sheet = book.worksheets[0]
        rows: list[tuple[int, list[Any]]] = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            if number > MAX_SCANNED_ROWS:
                raise refused("sheet_too_many_rows", maximum=MAX_ITEMS)
            rows.append((number, list(values)))
        return rows
    except ValidationFailed:
        raise
    except Exception:  # a damaged part inside the workbook
        raise refused("sheet_not_spreadsheet") from None
    finally:
        book.close()


def _csv_rows(data: bytes) -> list[tuple[int, list[Any]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise refused("sheet_not_utf8") from None
    try:
        dialect: Any = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows: list[tuple[int, list[Any]]] = []
    try:
        for number, values in enumerate(csv.reader(io.StringIO(text), dialect), start=1):
            if number > MAX_SCANNED_ROWS:
                raise refused("sheet_too_many_rows", maximum=MAX_ITEMS)
            rows.append((number, values))
    except csv.Error:
        raise refused("sheet_not_spreadsheet") from None
    return rows


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _headings(first: list[Any]) -> dict[int, str]:
    """Column index -> field, from the headings row; every unknown or repeated one refused."""
    found: dict[int, str] = {}
    errors: list[FieldError] = []
    for index, value in enumerate(first):
        if _blank(value):
            continue
        column = get_column_letter(index + 1)
        name = heading_field(str(value))
        if name is None:
            errors.append(
                field_error(
                    f"{FILE}.{column}1", "sheet_unknown_heading", column=column, value=value
                )
            )
        elif name in found.values():
            errors.append(
                field_error(
                    f"{FILE}.{column}1", "sheet_repeated_heading", column=column, value=value
                )
            )
        else:
            found[index] = name
    if errors:
        failed = error(ValidationFailed, "sheet_invalid", count=len(errors))
        failed.errors = errors
        raise failed
    if not found:
        raise refused("sheet_no_headings")
    missing = [name for name in REQUIRED if name not in found.values()]
    if missing:
        labels = [COLUMNS[name] for name in missing]
        raise refused(
            "sheet_missing_columns",
            columns=Both(", ".join(en for en, _ in labels), ", ".join(vi for _, vi in labels)),
        )
    return found


def _parse(
    rows: list[tuple[int, list[Any]]], lang: str
) -> tuple[list[dict[str, Cell]], tuple[ItemContent, ...], list[FieldError]]:
    if not rows or all(_blank(v) for v in rows[0][1]):
        raise refused("sheet_no_headings")
    columns = _headings(rows[0][1])
    goods = [(n, values) for n, values in rows[1:] if not all(_blank(v) for v in values)]
    if not goods:
        raise refused("sheet_no_rows")
    if len(goods) > MAX_ITEMS:
        raise refused("sheet_too_many_rows", maximum=MAX_ITEMS)
    all_cells: list[dict[str, Cell]] = []
    items: list[ItemContent] = []
    errors: list[FieldError] = []
    for number, values in goods:
        cells = {
            name: Cell(number, get_column_letter(index + 1), name)
            for index, name in columns.items()
        }
        data: dict[str, object] = {}
        for index, name in columns.items():
            value = values[index] if index < len(values) else None
            if _blank(value):
                continue
            typed = _typed(value, cells[name], lang, errors)
            if typed is not None:
                data[name] = typed
        all_cells.append(cells)
        items.append(_item(data, cells, errors))
    return all_cells, tuple(items), errors


def _item(data: dict[str, object], cells: dict[str, Cell], errors: list[FieldError]) -> ItemContent:
    """The row as an item; a cell the item's schema refuses is reported and left out."""
    try:
        return ItemWrite.model_validate(data).to_content()
    except ValidationError as invalid:
        refused_fields = set()
        for found in field_errors_from_pydantic(list(invalid.errors())):
            name = found.path.split(".")[0]
            refused_fields.add(name)
            errors.append(_at(cells[name], found) if name in cells else found)
    kept = {k: v for k, v in data.items() if k not in refused_fields}
    return ItemWrite.model_validate(kept).to_content()


def _typed(value: object, cell: Cell, lang: str, errors: list[FieldError]) -> object:
    """The cell's value as the item's field takes it; None (its error kept) when refused."""
    if isinstance(value, bool | datetime | date | time):
        key = "sheet_number_expected" if cell.field in NUMBERS else "sheet_text_expected"
        errors.append(_at(cell, field_error(cell.path, key)))
        return None
    if cell.field in NUMBERS:
        if isinstance(value, int | float | Decimal):
            try:
                return Decimal(str(value))
            except InvalidOperation:
                errors.append(_at(cell, field_error(cell.path, "sheet_number_expected")))
                return None
        # Typed as text (a CSV file): read the way the user's language writes numbers.
        try:
            return read_number(str(value), lang)
        except NumberRefused as refusal:
            errors.append(_at(cell, refusal.at(cell.path)))
            return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # 85171300.0: an HS code Excel kept as a number
    if cell.field == "hs_code" and isinstance(value, int) and 0 < value < 10_000_000:
        return f"{value:08d}"  # 1012100: Excel dropped the leading zero of 01012100
    return str(value).strip()


def _item_path(path: str) -> tuple[int, str]:
    """(item index, field) of an `items[i].field` path."""
    head, name = path.split(".", 1)
    return int(head[len("items[") : -1]), name


def _at(cell: Cell, found: FieldError) -> FieldError:
    """The error worded with its cell: "Row 4, column G (Invoice value): …"."""
    en, vi = COLUMNS[cell.field]
    message = CATALOGUE.texts(
        "sheet_cell",
        row=cell.row,
        column=cell.column,
        label=Both(en, vi),
        message=Both(found.message_en, found.message_vi),
    )
    return FieldError(cell.path, found.code, message.en, message.vi)


def _order(found: FieldError) -> tuple[int, int, str]:
    """Errors in reading order: by row, then by column."""
    ref = found.path.removeprefix(f"{FILE}.")
    letters = ref.rstrip("0123456789")
    digits = ref[len(letters) :]
    return (int(digits) if digits else 0, len(letters), letters)


__all__ = ["FILE", "MAX_ITEMS", "MAX_UNPACKED_BYTES", "read_items", "refused"]
