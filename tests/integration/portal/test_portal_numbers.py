"""Numbers typed in the portal's forms are read the way the user's language writes them, and
shown back the same way: the quote page, the declaration form and the risk forms."""

from __future__ import annotations

import re
from html import unescape
from typing import Any

from fastapi.testclient import TestClient

from support import Users, csrf, sign_in

QUOTE = {
    "hs8": "61091010",
    "origin": "CN",
    "currency": "USD",
    "unit": "H87",
    "date": "2026-11-20",
    "incoterms": "CIF",
    "direction": "import",
}
HEADER = {"type_code": "A11", "office_code": "03CC", "invoice_currency": "USD"}


def _in(lang: str, client: TestClient, username: str) -> None:
    client.cookies.clear()
    sign_in(client, username)
    client.cookies.set("lang", lang)


def _quote(client: TestClient, **typed: str) -> Any:
    form = client.get("/tariff/quote")
    return client.post("/tariff/quote", data={"csrf_token": csrf(form.text), **QUOTE, **typed})


def _field(html: str, name: str) -> str:
    match = re.search(rf'<input name="{re.escape(name)}"[^>]* value="([^"]*)"', html)
    assert match, f"no field {name}"
    return match.group(1)


def _inputs(html: str) -> dict[str, str]:
    """Every input of the page's form with the value it shows, as a browser would send it."""
    found = {}
    for tag in re.findall(r"<input [^>]*>", html):
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name and value:
            found[name.group(1)] = unescape(value.group(1))
    return found


def _field_error(html: str, path: str) -> str:
    match = re.search(rf'<span class="field-error" data-path="{re.escape(path)}">([^<]*)<', html)
    assert match, f"no error beside {path}"
    return match.group(1)


def test_a_vietnamese_quote_reads_thousands_the_vietnamese_way(app_client: TestClient) -> None:
    _in("vi", app_client, "lan")
    quote = _quote(app_client, value="2.500", quantity="1.000", freight="0", insurance="0")
    assert quote.status_code == 200, quote.text
    assert '<strong id="quote-value">CIF 2.500 USD</strong>' in quote.text
    assert "CIF price 2500 USD" in quote.text


def test_an_english_quote_reads_thousands_the_english_way(app_client: TestClient) -> None:
    _in("en", app_client, "lan")
    quote = _quote(app_client, value="2,500.50", quantity="1,000", freight="0", insurance="0")
    assert quote.status_code == 200, quote.text
    assert '<strong id="quote-value">CIF 2,500.5 USD</strong>' in quote.text


def test_an_ambiguous_quote_value_is_refused_and_the_form_kept(app_client: TestClient) -> None:
    _in("vi", app_client, "lan")
    quote = _quote(app_client, value="2,500", quantity="1.000", freight="0", insurance="0")
    assert quote.status_code == 422
    assert 'id="quote-value"' not in quote.text
    assert _field_error(quote.text, "value") == (
        "«2,500» có thể hiểu theo hai cách: 2.500 hay 2,5? Nhập số theo định dạng 1.234,56."
    )
    assert _field(quote.text, "value") == "2,500"
    assert _field(quote.text, "quantity") == "1.000"


def _new_draft(client: TestClient, **typed: str) -> Any:
    form = client.get("/declarations/new")
    data = {
        "csrf_token": csrf(form.text),
        **HEADER,
        "items-0-hs_code": "61091010",
        "items-0-description": "Cotton T-shirts",
        "action": "save",
        **typed,
    }
    return client.post("/declarations/new", data=data, follow_redirects=False)


def _saved(users: Users, location: str) -> dict[str, Any]:
    declaration_id = location.split("?")[0].rsplit("/", 1)[1]
    found = users.client.get(f"/api/v1/declarations/{declaration_id}", headers=users.headers("lan"))
    assert found.status_code == 200, found.text
    return dict(found.json())


def test_a_vietnamese_draft_saves_the_amounts_meant_and_shows_them_back(
    app_client: TestClient, users: Users
) -> None:
    _in("vi", app_client, "lan")
    created = _new_draft(
        app_client,
        invoice_amount="12.500",
        freight="1.000,50",
        packages="1.200",
        gross_weight="820,5",
        **{
            "items-0-quantity": "1.000",
            "items-0-unit_price": "12,5",
            "items-0-invoice_value": "12.500",
            "items-0-net_weight": "0,125",
        },
    )
    assert created.status_code == 303, created.text
    location = created.headers["location"]
    saved = _saved(users, location)
    assert (saved["invoice_amount"], saved["freight"], saved["packages"]) == (
        "12500",
        "1000.5",
        1200,
    )
    assert saved["gross_weight"] == "820.5"
    item = saved["items"][0]
    assert (item["quantity"], item["unit_price"], item["invoice_value"]) == (
        "1000",
        "12.5",
        "12500",
    )
    assert item["net_weight"] == "0.125"
    assert "12.500 USD" in app_client.get(location).text

    # Edit again: the form shows what was saved the Vietnamese way, and saving it as shown
    # changes nothing.
    edit_url = location.split("?")[0] + "/edit"
    edit = app_client.get(edit_url)
    shown = {
        name: _field(edit.text, name)
        for name in ("invoice_amount", "freight", "packages", "gross_weight")
    }
    assert shown == {
        "invoice_amount": "12.500",
        "freight": "1.000,5",
        "packages": "1.200",
        "gross_weight": "820,5",
    }
    row = {name: _field(edit.text, f"items-0-{name}") for name in ("quantity", "net_weight")}
    assert row == {"quantity": "1.000", "net_weight": "0,125"}
    again = app_client.post(
        edit_url, data={**_inputs(edit.text), **HEADER, "action": "save"}, follow_redirects=False
    )
    assert again.status_code == 303, again.text
    unchanged = ("updated_at",)
    resaved = _saved(users, location)
    assert {k: v for k, v in resaved.items() if k not in unchanged} == {
        k: v for k, v in saved.items() if k not in unchanged
    }


def test_an_english_draft_reads_and_shows_the_english_way(
    app_client: TestClient, users: Users
) -> None:
    _in("en", app_client, "lan")
    created = _new_draft(app_client, invoice_amount="12,500.50", **{"items-0-quantity": "1,000"})
    assert created.status_code == 303, created.text
    location = created.headers["location"]
    saved = _saved(users, location)
    assert saved["invoice_amount"] == "12500.5"
    assert saved["items"][0]["quantity"] == "1000"
    assert "12,500.5 USD" in app_client.get(location).text
    edit = app_client.get(location.split("?")[0] + "/edit")
    assert _field(edit.text, "invoice_amount") == "12,500.5"


def test_an_ambiguous_amount_is_refused_in_the_users_language_and_the_form_kept(
    app_client: TestClient, users: Users
) -> None:
    before = users.client.get("/api/v1/declarations", headers=users.headers("lan")).json()
    for lang, typed, message in [
        ("vi", "12,500", "«12,500» có thể hiểu theo hai cách: 12.500 hay 12,5?"),
        ("en", "12.500", "“12.500” could be read two ways: did you mean 12,500 or 12.5?"),
    ]:
        _in(lang, app_client, "lan")
        refused = _new_draft(app_client, invoice_amount=typed, **{"items-0-quantity": "1.00.0"})
        assert refused.status_code == 422
        assert _field_error(refused.text, "invoice_amount").startswith(message)
        assert _field(refused.text, "invoice_amount") == typed
        assert _field(refused.text, "items-0-quantity") == "1.00.0"
        expected = "1.234,56" if lang == "vi" else "1,234.56"
        assert expected in _field_error(refused.text, "items[0].quantity")
        assert _field(refused.text, "items-0-description") == "Cotton T-shirts"
    after = users.client.get("/api/v1/declarations", headers=users.headers("lan")).json()
    assert after["total"] == before["total"], "a refused form saved a draft"


def test_a_risk_rule_reads_its_thresholds_the_users_way(
    app_client: TestClient, users: Users
) -> None:
    _in("vi", app_client, "hoa")
    form = app_client.get("/risk/rules/new")
    created = app_client.post(
        "/risk/rules/new",
        data={
            "csrf_token": csrf(form.text),
            "code": "CHEAP-PHONES",
            "description": "Phones declared under 1.000.000 VND each",
            "score": "12,5",
            "hs_prefixes": "8517",
            "unit_value_max": "1.000.000",
        },
        follow_redirects=False,
    )
    assert created.status_code == 303, created.text
    rule_id = created.headers["location"].split("?")[0].rsplit("/", 1)[1]
    saved = users.client.get(f"/api/v1/risk/rules/{rule_id}", headers=users.headers("hoa"))
    assert saved.json()["score"] == 12.5
    assert saved.json()["criteria"]["unit_value_max"] == "1000000"
    page = app_client.get(f"/risk/rules/{rule_id}")
    assert _field(page.text, "score") == "12,5"
    assert _field(page.text, "unit_value_max") == "1.000.000"

    app_client.cookies.set("lang", "en")
    page = app_client.get(f"/risk/rules/{rule_id}")
    assert _field(page.text, "unit_value_max") == "1,000,000"
    refused = app_client.post(
        f"/risk/rules/{rule_id}",
        data={
            "csrf_token": csrf(page.text),
            "code": "CHEAP-PHONES",
            "score": "12.5",
            "hs_prefixes": "8517",
            "unit_value_max": "1.000",
        },
    )
    assert refused.status_code == 422
    assert _field_error(refused.text, "unit_value_max").startswith("“1.000” could be read")
    assert _field(refused.text, "unit_value_max") == "1.000"
