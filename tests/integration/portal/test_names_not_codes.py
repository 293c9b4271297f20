"""Pages name things people know by name: an office, a unit, an HS line, in the page's
language; days are typed and shown day/month/year whatever the browser's locale."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from risk_support import PHONES_RED, Desk
from support import Users, csrf, import_payload, sign_in

FORM = {
    "type_code": "A11",
    "office_code": "03CC",
    "invoice_currency": "USD",
    "invoice_amount": "10000",
    "invoice_date": "28/11/2026",
    "items-0-hs_code": "8517.13.00",
    "items-0-description": "Phones",
    "items-0-origin_country": "CN",
    "items-0-quantity": "50",
    "items-0-unit": "H87",
    "items-0-unit_price": "200",
    "action": "save",
}


def _options(html: str) -> list[str]:
    return re.findall(r'role="option" class="option" data-value="([^"]+)"', html)


@pytest.mark.parametrize(
    ("kind", "q", "first", "label"),
    [
        ("unit", "kilogam", "KGM", "kilôgam (kilogram)"),
        ("unit", "kilogram", "KGM", "kilôgam (kilogram)"),
        ("currency", "do la my", "USD", "Đô la Mỹ (US Dollar)"),
        ("incoterm", "giao len tau", "FOB", "Giao lên tàu (Free on board)"),
        ("location", "Hải Phòng", "VNHPH", "Hải Phòng (Haiphong, VN)"),
    ],
)
def test_units_currencies_incoterms_and_ports_have_vietnamese_names(
    app_client: TestClient, kind: str, q: str, first: str, label: str
) -> None:
    sign_in(app_client, "lan")
    answer = app_client.get(f"/reference/suggest/{kind}", params={"q": q, "lang": "vi"})
    assert _options(answer.text)[0] == first
    assert f'data-label="{label}"' in answer.text


def test_the_worklist_heading_names_the_office(app_client: TestClient) -> None:
    sign_in(app_client, "hoa")
    app_client.cookies.set("lang", "vi")
    heading = re.search(r"<h1>(.*?)</h1>", app_client.get("/worklist").text)
    assert heading is not None
    assert "03CC" not in heading.group(1)
    assert "Hải Phòng" in heading.group(1)


def test_the_tariff_search_names_the_unit(app_client: TestClient) -> None:
    sign_in(app_client, "lan")
    app_client.cookies.set("lang", "en")
    found = app_client.get("/tariff", params={"q": "8517.13"}).text
    table = found[found.index('id="tariff-lines"') :]
    assert "<td>piece (cái/chiếc)</td>" in table
    assert "H87" not in table


def test_an_edit_page_shows_the_hs_lines_name_and_the_days_day_first(
    app_client: TestClient,
) -> None:
    sign_in(app_client, "lan")
    app_client.cookies.set("lang", "vi")
    form = app_client.get("/declarations/new")
    saved = app_client.post(
        "/declarations/new", data={"csrf_token": csrf(form.text), **FORM}, follow_redirects=False
    )
    assert saved.status_code == 303, saved.text
    detail_url = saved.headers["location"].split("?")[0]
    edit = app_client.get(f"{detail_url}/edit").text
    picked = re.search(r'<span class="picked" id="items-0-hs_code-picked">([^<]+)<', edit)
    assert picked is not None
    assert "Điện thoại" in picked.group(1)
    # A text field day/month/year, never a native date input (mm/dd/yyyy in a US browser).
    assert 'type="date"' not in edit
    assert re.search(r'name="invoice_date" id="f-invoice_date" value="28/11/2026"', edit)
    app_client.cookies.set("lang", "en")
    english = app_client.get(f"{detail_url}/edit").text
    assert 'value="28/11/2026"' in english
    assert 'placeholder="dd/mm/yyyy"' in english


def test_a_day_that_does_not_exist_is_refused_beside_its_field(app_client: TestClient) -> None:
    sign_in(app_client, "lan")
    app_client.cookies.set("lang", "vi")
    form = app_client.get("/declarations/new")
    refused = app_client.post(
        "/declarations/new",
        data={"csrf_token": csrf(form.text), **FORM, "invoice_date": "31/02/2026"},
    )
    assert refused.status_code == 422
    beside = re.search(r'data-path="invoice_date">([^<]+)<', refused.text)
    assert beside is not None
    assert "ngày/tháng/năm" in beside.group(1)


TYPE_NAMES = {"vi": "Nhập kinh doanh tiêu dùng", "en": "Import for domestic consumption"}


def _type_cells(html: str, table_id: str) -> list[str]:
    table = re.search(rf'<table id="{table_id}">.*?</table>', html, re.S)
    assert table, f"no table {table_id}"
    return re.findall(r'<td class="type">(.*?)</td>', table.group(0), re.S)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_lists_name_the_declaration_type_with_its_code_in_small(
    app_client: TestClient, users: Users, lang: str
) -> None:
    desk = Desk(app_client, users)
    desk.without_random_selection()
    desk.rule(**PHONES_RED)
    filed = desk.post("lan", "/api/v1/declarations/submit", json=import_payload())
    assert filed.status_code == 201, filed.text
    app_client.cookies.set("lang", lang)
    pages = [("lan", "/declarations", "declarations"), ("hoa", "/worklist", "worklist")]
    pages.append(("hoa", "/risk/worklist/red", "risk-worklist"))
    for who, url, table_id in pages:
        sign_in(app_client, who)
        cells = _type_cells(app_client.get(url).text, table_id)
        assert cells, url
        for cell in cells:
            assert cell.startswith(TYPE_NAMES[lang]), (url, cell)
            assert cell.endswith("<small>A11</small>"), (url, cell)
    sign_in(app_client, "lan")
    exported = app_client.get("/declarations/export.csv", params={"lang": lang}).text
    assert f"{TYPE_NAMES[lang]}" in exported
