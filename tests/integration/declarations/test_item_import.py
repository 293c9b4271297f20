"""Goods items imported from an Excel or CSV sheet into a draft, through the API and the
declaration form: the template in the user's language, every bad cell named by row and
column in both languages, nothing saved when any is bad, and the limits."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
from fastapi.testclient import TestClient

from support import Users, csrf, import_payload, sign_in

BASE = "/api/v1/declarations"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
GOODS = [
    ["85171300", "Smartphones, 6.1 inch, 128 GB", "CN", 50, "H87", 200, 10000, 12.5, None],
    ["61091010", "Cotton T-shirts, knitted", "CN", 1000, "H87", 2.5, 2500, 180, None],
]


def _template(client: TestClient, headers: dict[str, str], lang: str = "en") -> bytes:
    answer = client.get(f"{BASE}/items/template", params={"lang": lang}, headers=headers)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == XLSX
    return answer.content


def _filled(template: bytes, rows: list[list[Any]]) -> bytes:
    """The template with its example row replaced by these rows, as a broker fills it."""
    book = openpyxl.load_workbook(io.BytesIO(template))
    sheet = book.worksheets[0]
    sheet.delete_rows(2, sheet.max_row)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _draft(client: TestClient, headers: dict[str, str]) -> dict[str, Any]:
    created = client.post(BASE, json=import_payload(items=[]), headers=headers)
    assert created.status_code == 201, created.text
    return dict(created.json())


def _import(
    client: TestClient, headers: dict[str, str], draft_id: int, data: bytes, name: str
) -> Any:
    return client.post(
        f"{BASE}/{draft_id}/items/import",
        files={"file": (name, data, "application/octet-stream")},
        headers=headers,
    )


def test_a_filled_template_replaces_the_drafts_items_and_the_draft_then_registers(
    app_client: TestClient, users: Users
) -> None:
    lan = users.headers("lan")
    draft = _draft(app_client, lan)
    sheet = _filled(_template(app_client, lan), GOODS)

    imported = _import(app_client, lan, draft["id"], sheet, "goods.xlsx")
    submitted = app_client.post(f"{BASE}/{draft['id']}/submit", headers=lan)

    assert imported.status_code == 200, imported.text
    items = imported.json()["items"]
    assert [(i["line_no"], i["hs_code"], i["invoice_value"]) for i in items] == [
        (1, "85171300", "10000"),
        (2, "61091010", "2500"),
    ]
    assert imported.json()["invoice_number"] == "INV-2026-0042"  # the header stays
    assert submitted.status_code == 200, submitted.text
    assert submitted.json()["declaration"]["number"]


def test_the_template_has_the_headings_in_the_users_language_and_an_example_row(
    app_client: TestClient, users: Users
) -> None:
    lan = users.headers("lan")
    english = openpyxl.load_workbook(io.BytesIO(_template(app_client, lan, "en"))).worksheets[0]
    vietnamese = openpyxl.load_workbook(io.BytesIO(_template(app_client, lan, "vi"))).worksheets[0]
    csv = app_client.get(
        f"{BASE}/items/template", params={"format": "csv", "lang": "vi"}, headers=lan
    )

    assert [c.value for c in english[1]][:3] == ["HS code", "Description", "Origin"]
    assert [c.value for c in vietnamese[1]][:3] == ["Mã số HS", "Mô tả hàng hóa", "Xuất xứ"]
    assert english["A2"].value == "85171300"
    assert csv.headers["content-type"].startswith("text/csv")
    assert csv.content.decode("utf-8-sig").splitlines()[0].startswith("Mã số HS,Mô tả hàng hóa")


def test_every_bad_cell_is_named_by_row_and_column_in_both_languages_and_nothing_is_saved(
    app_client: TestClient, users: Users
) -> None:
    lan = users.headers("lan")
    draft = _draft(app_client, lan)
    rows = [
        GOODS[0],
        ["8517", "Phones", "ZZ", "many", "H87", 200, 10000, None, None],  # row 3: A, C, D
        ["61091010", "Cotton T-shirts", "CN", 1000, "H87", 2.5, 3000, None, None],  # row 4: G
    ]
    sheet = _filled(_template(app_client, lan), rows)

    english = _import(app_client, lan, draft["id"], sheet, "goods.xlsx")
    vietnamese = app_client.post(
        f"{BASE}/{draft['id']}/items/import",
        files={"file": ("goods.xlsx", sheet, XLSX)},
        headers={**lan, "Accept-Language": "vi"},
    )
    after = app_client.get(f"{BASE}/{draft['id']}", headers=lan)

    assert english.status_code == 422, english.text
    errors = {e["path"]: e["message"] for e in english.json()["errors"]}
    assert list(errors) == ["file.A3", "file.C3", "file.D3", "file.G4"]
    assert errors["file.A3"].startswith("Row 3, column A (HS code): ")
    assert errors["file.C3"] == "Row 3, column C (Origin): Unknown country 'ZZ'."
    assert errors["file.G4"].startswith("Row 4, column G (Invoice value): Quantity × unit price")
    assert "4 error(s)" in english.json()["detail"]
    messages_vi = [e["message"] for e in vietnamese.json()["errors"]]
    assert messages_vi[1] == "Dòng 3, cột C (Xuất xứ): Mã nước 'ZZ' không tồn tại."
    assert messages_vi[3].startswith("Dòng 4, cột G (Trị giá hóa đơn): ")
    assert after.json()["items"] == []


def test_a_csv_sheet_imports_with_numbers_written_in_the_users_language(
    app_client: TestClient, users: Users
) -> None:
    lan = users.headers("lan")
    draft = _draft(app_client, lan)
    csv = (
        "Mã số HS;Mô tả hàng hóa;Xuất xứ;Số lượng;Đơn vị tính;Đơn giá;Trị giá hóa đơn\n"
        "61091010;Áo phông cotton;CN;1.000;H87;2,5;2.500\n"
    ).encode()

    imported = app_client.post(
        f"{BASE}/{draft['id']}/items/import?lang=vi",
        files={"file": ("hang.csv", csv, "text/csv")},
        headers=lan,
    )

    assert imported.status_code == 200, imported.text
    item = imported.json()["items"][0]
    assert (item["quantity"], item["unit_price"], item["invoice_value"]) == ("1000", "2.5", "2500")
    assert item["description"] == "Áo phông cotton"


def test_a_file_that_is_not_a_spreadsheet_is_refused_with_a_clear_message(
    app_client: TestClient, users: Users
) -> None:
    lan = users.headers("lan")
    draft = _draft(app_client, lan)

    pdf = _import(app_client, lan, draft["id"], b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "inv.pdf")
    zip_not_xlsx = _import(app_client, lan, draft["id"], b"PK\x03\x04broken", "goods.xlsx")
    old_excel = _import(app_client, lan, draft["id"], b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a.xls")

    for answer in (pdf, zip_not_xlsx):
        assert answer.status_code == 422, answer.text
        assert answer.json()["errors"][0]["path"] == "file"
        assert "not an Excel (.xlsx) or CSV sheet" in answer.json()["errors"][0]["message"]
    assert "old Excel format (.xls)" in old_excel.json()["errors"][0]["message"]


def test_a_sheet_over_the_row_or_size_limit_is_refused(
    app_client: TestClient, users: Users
) -> None:
    lan = users.headers("lan")
    draft = _draft(app_client, lan)
    many = _filled(_template(app_client, lan), [GOODS[1]] * 51)
    big = b"HS code,Description\n" + b"61091010,x\n" * 7000  # over the tests' 64 KiB

    too_many = _import(app_client, lan, draft["id"], many, "goods.xlsx")
    too_big = _import(app_client, lan, draft["id"], big, "goods.csv")

    assert too_many.status_code == 422
    assert too_many.json()["errors"][0]["message"].startswith(
        "The sheet has more than 50 goods rows"
    )
    assert too_big.status_code == 422
    assert "larger than 65,536 bytes" in too_big.json()["errors"][0]["message"]


def test_another_enterprises_draft_cannot_be_filled_from_a_sheet(
    app_client: TestClient, users: Users
) -> None:
    draft = _draft(app_client, users.headers("lan"))
    sheet = _filled(_template(app_client, users.headers("lan")), GOODS)

    answer = _import(app_client, users.headers("binh"), draft["id"], sheet, "goods.xlsx")

    assert answer.status_code == 404


def test_the_form_imports_a_sheet_with_the_typed_header_into_a_new_draft(
    app_client: TestClient, users: Users
) -> None:
    sheet = _filled(_template(app_client, users.headers("lan")), GOODS)
    sign_in(app_client, "lan")
    app_client.cookies.set("lang", "en")
    form = app_client.get("/declarations/new")
    fields = {
        "csrf_token": csrf(form.text),
        "type_code": "A11",
        "office_code": "03CC",
        "invoice_number": "INV-77",
        "items-0-hs_code": "typed but replaced",
        "action": "import",
    }

    saved = app_client.post(
        "/declarations/new/import",
        data=fields,
        files={"items_file": ("goods.xlsx", sheet, XLSX)},
        follow_redirects=False,
    )
    edit = app_client.get(saved.headers["location"])

    assert 'id="import-items"' in form.text
    assert 'href="/declarations/items/template.xlsx"' in form.text
    assert saved.status_code == 303, saved.text
    assert "msg=items_imported_ok" in saved.headers["location"]
    assert 'value="INV-77"' in edit.text
    assert 'id="items-1-hs_code" value="61091010"' in edit.text
    assert "Goods items imported and the draft saved" in edit.text


def test_the_form_lists_the_sheets_bad_cells_in_vietnamese_and_saves_nothing(
    app_client: TestClient, users: Users
) -> None:
    lan = users.headers("lan")
    before = app_client.get(BASE, headers=lan).json()["total"]
    sheet = _filled(_template(app_client, lan), [["61091010", "Áo", "CN", 10, "H87", 2.5, 30]])
    sign_in(app_client, "lan")
    app_client.cookies.set("lang", "vi")
    form = app_client.get("/declarations/new")

    refused = app_client.post(
        "/declarations/new/import",
        data={"csrf_token": csrf(form.text), "invoice_number": "INV-78"},
        files={"items_file": ("hang.xlsx", sheet, XLSX)},
    )

    assert refused.status_code == 422
    assert 'id="import-errors"' in refused.text
    assert "Dòng 2, cột G (Trị giá hóa đơn): Lượng × đơn giá bằng 25" in refused.text
    assert 'value="INV-78"' in refused.text  # what was typed comes back
    assert app_client.get(BASE, headers=lan).json()["total"] == before


def test_the_form_without_a_chosen_file_asks_for_one(app_client: TestClient) -> None:
    sign_in(app_client, "lan")
    app_client.cookies.set("lang", "en")
    form = app_client.get("/declarations/new")

    plain = app_client.post(
        "/declarations/new/import", data={"csrf_token": csrf(form.text), "type_code": "A11"}
    )

    assert plain.status_code == 422
    assert "Choose an Excel (.xlsx) or CSV file to import." in plain.text
