"""The declaration form's code pickers: suggestions from the reference data in both
languages, the field still submitting the code, and rows the browser may add on its own."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from support import csrf, sign_in


def options(html: str) -> list[str]:
    return re.findall(r'role="option" class="option" data-value="([^"]+)"', html)


@pytest.mark.parametrize("q", ["Trung Quốc", "trung quoc", "TRUNG QUOC", "china", "CN"])
def test_typing_china_in_either_language_suggests_cn_first(app_client: TestClient, q: str) -> None:
    sign_in(app_client, "lan")
    answer = app_client.get("/reference/suggest/country", params={"q": q, "lang": "vi"})
    assert answer.status_code == 200
    assert options(answer.text)[0] == "CN"
    assert 'data-label="Trung Quốc (China)"' in answer.text


def test_the_label_is_in_the_users_language_first(app_client: TestClient) -> None:
    sign_in(app_client, "lan")
    answer = app_client.get("/reference/suggest/country", params={"q": "viet", "lang": "en"})
    assert options(answer.text) == ["VN"]
    assert 'data-label="Viet Nam (Việt Nam)"' in answer.text


@pytest.mark.parametrize(
    ("kind", "q", "first"),
    [
        ("transport_mode", "duong bien", "1"),
        ("transport_mode", "1", "1"),
        ("location", "hai phong", "VNHPH"),
        ("location", "VNHPH", "VNHPH"),
        ("unit", "kilogram", "KGM"),
        ("unit", "kgm", "KGM"),
        ("currency", "usd", "USD"),
        ("currency", "dollar", "AUD"),
        ("incoterm", "free on board", "FOB"),
    ],
)
def test_each_picker_suggests_by_code_or_name(
    app_client: TestClient, kind: str, q: str, first: str
) -> None:
    sign_in(app_client, "lan")
    found = options(app_client.get(f"/reference/suggest/{kind}", params={"q": q}).text)
    assert found[0] == first


def test_the_hs_picker_suggests_tariff_lines_for_common_words(app_client: TestClient) -> None:
    sign_in(app_client, "lan")
    found = options(app_client.get("/tariff/suggest", params={"q": "dien thoai"}).text)
    assert "85171300" in found
    assert options(app_client.get("/tariff/suggest", params={"q": "laptop"}).text)[0] == "84713020"


def test_nothing_found_says_so_and_an_unknown_list_is_not_found(app_client: TestClient) -> None:
    sign_in(app_client, "lan")
    empty = app_client.get("/reference/suggest/country", params={"q": "zzqx", "lang": "en"})
    assert options(empty.text) == []
    assert "Nothing found." in empty.text
    assert app_client.get("/reference/suggest/planets", params={"q": "x"}).status_code == 404


def test_suggestions_need_a_signed_in_user(app_client: TestClient) -> None:
    answer = app_client.get(
        "/reference/suggest/country", params={"q": "cn"}, follow_redirects=False
    )
    assert answer.status_code in (302, 303, 401)


def test_the_form_has_pickers_and_shows_the_name_of_a_picked_code(app_client: TestClient) -> None:
    sign_in(app_client, "lan")
    form = app_client.get("/declarations/new", params={"lang": "vi"})
    assert 'id="f-foreign_party_country" type="text" value="" role="combobox"' in form.text
    assert 'aria-controls="items-0-hs_code-list"' in form.text
    assert '<template id="item-row">' in form.text
    refused = app_client.post(
        "/declarations/new",
        data={
            "csrf_token": csrf(form.text),
            "foreign_party_country": "CN",
            "port_of_discharge": "VNHPH",
            "invoice_amount": "a lot",
            "items-0-origin_country": "JP",
            "items-0-unit": "KGM",
        },
    )
    assert refused.status_code == 422  # the form comes back, names beside the codes
    assert '<span class="picked" id="f-foreign_party_country-picked">Trung Quốc (China)' in (
        refused.text
    )
    assert '<span class="picked" id="items-0-origin_country-picked">Nhật Bản (Japan)' in (
        refused.text
    )
    # Units, currencies, Incoterms and ports have (SAMPLE) Vietnamese names too.
    assert 'id="items-0-unit-picked">kilôgam (kilogram)</span>' in refused.text


def test_a_row_added_by_the_browser_with_a_gap_in_its_numbers_is_kept(
    app_client: TestClient,
) -> None:
    sign_in(app_client, "lan")
    form = app_client.get("/declarations/new")
    response = app_client.post(
        "/declarations/new",
        data={
            "csrf_token": csrf(form.text),
            "type_code": "A11",
            "office_code": "03CC",
            "invoice_currency": "USD",
            "items-0-hs_code": "85171300",
            "items-0-description": "Phones",
            "items-0-quantity": "1",
            "items-0-unit_price": "100",
            "items-3-hs_code": "84713020",
            "items-3-description": "Laptops",
            "items-3-quantity": "2",
            "items-3-unit_price": "500",
            "action": "save",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    detail = app_client.get(response.headers["location"])
    assert "85171300" in detail.text
    assert "84713020" in detail.text
