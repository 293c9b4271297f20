"""Reading a goods-items sheet without a database: headings in either language, cells as
spreadsheets keep them, and the limits that protect the server."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest

from smartcustoms.declarations.item_sheet import MAX_UNPACKED_BYTES, read_items
from smartcustoms.declarations.item_template import heading_field, template_csv, template_xlsx
from smartcustoms.errors import ValidationFailed
from smartcustoms.reference.rules import ReferenceCatalog

HEADINGS = ["HS code", "Description", "Origin", "Quantity", "Unit", "Unit price"]


class Catalog:
    """What the item checks read of the reference catalogue."""

    countries = frozenset({"CN", "VN"})
    units = frozenset({"H87", "KGM"})

    def is_known_hs8(self, code: str) -> bool:
        return code in {"85171300", "01012100"}


CATALOG: ReferenceCatalog = Catalog()  # type: ignore[assignment]


def _xlsx(*rows: list[object]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _read(data: bytes, name: str = "goods.xlsx", lang: str = "en") -> list[object]:
    return list(read_items(data, filename=name, lang=lang, limit=1 << 20, catalog=CATALOG))


def _refusal(data: bytes, name: str = "goods.xlsx") -> list[str]:
    with pytest.raises(ValidationFailed) as refused:
        _read(data, name)
    return [f"{e.path}: {e.message_en}" for e in refused.value.errors]


@pytest.mark.parametrize(
    ("heading", "field"),
    [
        ("HS code", "hs_code"),
        ("Mã số HS", "hs_code"),
        ("ma so hs", "hs_code"),
        ("TRỊ GIÁ HÓA ĐƠN", "invoice_value"),
        ("invoice_value", "invoice_value"),
        ("Net weight (kg)", "net_weight"),
        ("Price", None),
    ],
)
def test_headings_are_recognised_in_either_language_without_case_or_accents(
    heading: str, field: str | None
) -> None:
    assert heading_field(heading) == field


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_the_templates_example_row_reads_back(lang: str) -> None:
    for data, name in ((template_xlsx(lang), "t.xlsx"), (template_csv(lang), "t.csv")):
        (item,) = read_items(data, filename=name, lang=lang, limit=1 << 20, catalog=CATALOG)
        assert (item.hs_code, item.invoice_value, item.net_weight) == (
            "85171300",
            Decimal("10000"),
            Decimal("12.5"),
        )


def test_an_hs_code_excel_kept_as_a_number_keeps_its_leading_zero() -> None:
    (item,) = _read(_xlsx(HEADINGS, [1012100, "Horses", "VN", 2, "H87", 1000]))
    assert item.hs_code == "01012100"  # type: ignore[attr-defined]


def test_blank_rows_are_skipped_and_rows_keep_their_sheet_numbers_in_errors() -> None:
    errors = _refusal(
        _xlsx(HEADINGS, [], ["85171300", "Phones", "CN", 1, "H87", 1], [], ["x", "", "CN", 1])
    )
    assert errors == [
        "file.A5: Row 5, column A (HS code): The HS code must be a national 8-digit line.",
        "file.B5: Row 5, column B (Description): This field is required.",
        "file.E5: Row 5, column E (Unit): This field is required.",
        "file.F5: Row 5, column F (Unit price): This field is required.",
    ]


def test_unknown_or_repeated_headings_and_missing_columns_are_named() -> None:
    assert _refusal(_xlsx([*HEADINGS, "Colour", "Origin"], ["1"])) == [
        "file.G1: Row 1, column G: the heading 'Colour' is not one of the template's.",
        "file.H1: Row 1, column H: the heading 'Origin' appears twice.",
    ]
    assert _refusal(_xlsx(["HS code", "Quantity"], ["85171300", 1])) == [
        "file: The sheet has no column for: Description, Origin, Unit, Unit price. "
        "Use the template's headings in row 1."
    ]


def test_a_workbook_that_unpacks_too_large_is_refused_before_it_is_read() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b" " * (MAX_UNPACKED_BYTES + 1))
    assert len(out.getvalue()) < 100_000
    assert _refusal(out.getvalue()) == [
        f"file: The workbook unpacks to more than {MAX_UNPACKED_BYTES:,} bytes; a sheet of "
        "goods items is far smaller."
    ]


def test_an_empty_file_a_sheet_without_rows_and_a_non_utf8_csv_are_refused() -> None:
    assert _refusal(b"")[0].startswith("file: Choose an Excel (.xlsx) or CSV file")
    assert _refusal(_xlsx(HEADINGS)) == ["file: The sheet has no goods rows below its headings."]
    assert _refusal("HS code;Mô".encode("cp1258"), "a.csv")[0].startswith(
        'file: The CSV file is not in UTF-8: save it as "CSV UTF-8"'
    )
