"""What a user reads on the declaration pages, in both languages: which enterprise each
declaration is for, errors by field label and line (never a field path), figures written the
language's way, and no internal codes (a tariff file's line, a model's column names)."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from support import Users, csrf, import_payload, sign_in

pytestmark = pytest.mark.release_held

SAIGON = "Công ty Cổ phần Điện tử Sài Gòn (demo)"
SONG_HONG = "Công ty TNHH Thương mại Sông Hồng (demo)"
FORM = {
    "type_code": "A11",
    "office_code": "03CC",
    "invoice_currency": "USD",
    "invoice_amount": "13000",
    "items-0-hs_code": "8517.13.00",
    "items-0-description": "Phones",
    "items-0-origin_country": "CN",
    "items-0-quantity": "50",
    "items-0-unit": "H87",
    "items-0-unit_price": "200",
    "items-1-hs_code": "6109.10.10",
    "items-1-description": "T-shirts",
    "items-1-origin_country": "CN",
    "items-1-quantity": "1000",
    "items-1-unit": "H87",
    "items-1-unit_price": "3",
    "items-1-invoice_value": "3001",
    "action": "save",
}


def _visible(html: str) -> str:
    """The page's text without its tags and attributes (data-path keeps the path for tests)."""
    return re.sub(r"<[^>]+>", " ", html)


def _field_error(html: str, path: str) -> str:
    match = re.search(rf'<span class="field-error" data-path="{re.escape(path)}">([^<]*)<', html)
    assert match, f"no error beside {path}"
    return match.group(1)


def _new_draft(client: TestClient, lang: str, **fields: str) -> str:
    client.cookies.set("lang", lang)
    form = client.get("/declarations/new")
    saved = client.post(
        "/declarations/new",
        data={"csrf_token": csrf(form.text), **FORM, **fields},
        follow_redirects=False,
    )
    assert saved.status_code == 303, saved.text
    return saved.headers["location"].split("?")[0]


def test_a_broker_for_two_enterprises_chooses_one_by_name_and_every_page_names_it(
    app_client: TestClient,
) -> None:
    sign_in(app_client, "minh")
    app_client.cookies.set("lang", "vi")
    form = app_client.get("/declarations/new")
    # Both by name and tax code, and none chosen for him.
    assert re.search(r'<option value="">— chọn —</option><option value="\d+"', form.text)
    assert f"{SAIGON} (Mã số thuế 0309876547)" in form.text
    assert f"{SONG_HONG} (Mã số thuế 0101234565)" in form.text

    unchosen = app_client.post("/declarations/new", data={"csrf_token": csrf(form.text), **FORM})
    assert unchosen.status_code == 422
    assert _field_error(unchosen.text, "enterprise_id").startswith("Hãy chọn doanh nghiệp")

    saigon = re.search(rf'<option value="(\d+)" >{re.escape(SAIGON)}', form.text)
    assert saigon is not None
    detail_url = _new_draft(app_client, "vi", enterprise_id=saigon.group(1))
    detail = app_client.get(f"{detail_url}?msg=saved_ok")
    assert f"Đã lưu bản nháp, cho {SAIGON} (0309876547)." in detail.text
    assert re.search(
        rf'id="declaration-enterprise">{re.escape(SAIGON)} \(Mã số thuế 0309876547\)', detail.text
    )
    listing = app_client.get("/declarations")
    assert "Người nhập khẩu / người xuất khẩu" in listing.text
    assert SAIGON in listing.text

    app_client.cookies.set("lang", "en")
    assert "Draft saved, for " + SAIGON in app_client.get(f"{detail_url}?msg=saved_ok").text
    assert "Importer / exporter" in app_client.get("/declarations").text


def test_the_officers_worklist_names_the_importer(app_client: TestClient, users: Users) -> None:
    filed = app_client.post(
        "/api/v1/declarations/submit", json=import_payload(), headers=users.headers("lan")
    )
    assert filed.status_code == 201, filed.text
    sign_in(app_client, "hoa")
    for lang, column in (
        ("vi", "Người nhập khẩu / người xuất khẩu"),
        ("en", "Importer / exporter"),
    ):
        app_client.cookies.set("lang", lang)
        page = app_client.get("/worklist").text
        assert column in page
        assert SONG_HONG in page
        assert "0101234565" in page


@pytest.mark.parametrize(
    ("lang", "summary", "beside"),
    [
        (
            "vi",
            "Dòng 2, Trị giá hóa đơn: Lượng × đơn giá bằng 3.000, không phải 3.001.",
            "Lượng × đơn giá bằng 3.000, không phải 3.001.",
        ),
        (
            "en",
            "Line 2, Invoice value: Quantity × unit price is 3,000, not 3,001.",
            "Quantity × unit price is 3,000, not 3,001.",
        ),
    ],
)
def test_submit_errors_name_the_line_and_field_and_show_beside_it_on_the_edit_page(
    app_client: TestClient, lang: str, summary: str, beside: str
) -> None:
    sign_in(app_client, "lan")
    detail_url = _new_draft(app_client, lang)
    detail = app_client.get(detail_url)
    refused = app_client.post(f"{detail_url}/submit", data={"csrf_token": csrf(detail.text)})

    assert refused.status_code == 422
    assert summary in refused.text
    assert "items[1]" not in _visible(refused.text)
    # Each error links to its field on the edit page, which shows it beside the field.
    assert f'href="{detail_url}/edit?check=1#items-1-invoice_value"' in refused.text
    edit = app_client.get(f"{detail_url}/edit?check=1")
    assert _field_error(edit.text, "items[1].invoice_value") == beside
    assert 'id="submit-errors"' in edit.text


def test_format_errors_in_the_vietnamese_form_are_vietnamese_and_name_the_line(
    app_client: TestClient,
) -> None:
    sign_in(app_client, "lan")
    app_client.cookies.set("lang", "vi")
    form = app_client.get("/declarations/new")
    response = app_client.post(
        "/declarations/new",
        data={
            "csrf_token": csrf(form.text),
            **FORM,
            "items-1-quantity": "nhiều",
            "country_of_export": "CHN",
            "items-0-origin_country": "CHINA",
        },
    )

    assert response.status_code == 422
    text = _visible(response.text)
    assert "Dòng 2, Số lượng: Không phải là số" in text
    assert "Nước xuất khẩu: Tối đa 2 ký tự." in text
    assert "Dòng 1, Xuất xứ: Tối đa 2 ký tự." in text
    assert _field_error(response.text, "items[0].origin_country") == "Tối đa 2 ký tự."
    for developer_words in ("Input should", "String should", "items[", "value_error"):
        assert developer_words not in text


def test_a_trader_sees_tax_lines_without_file_names_in_the_vietnamese_number_format(
    app_client: TestClient, users: Users
) -> None:
    filed = app_client.post(
        "/api/v1/declarations/submit", json=import_payload(), headers=users.headers("lan")
    )
    declaration_id = filed.json()["declaration"]["id"]
    sign_in(app_client, "lan")
    app_client.cookies.set("lang", "vi")
    taxes = app_client.get(f"/declarations/{declaration_id}").text.split('id="taxes"')[1]
    taxes = taxes.split("</section>")[0]
    assert "Biểu thuế mẫu" in taxes
    assert ".csv" not in taxes
    assert "import_mfn" not in taxes
    # Vietnamese figures: a point between thousands, no English grouping left.
    assert not re.search(r"\d,\d{3}\b", _visible(taxes))
    assert re.search(r"\d\.\d{3}", _visible(taxes))

    app_client.cookies.clear()
    sign_in(app_client, "hoa")
    officer = app_client.get(f"/declarations/{declaration_id}").text.split('id="taxes"')[1]
    assert ".csv:" in officer.split("</section>")[0]
