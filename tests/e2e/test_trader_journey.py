"""Lan, a trader, files an import declaration in the portal from a real browser."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from smartcustoms.demo import DEMO_PASSWORD

pytestmark = pytest.mark.e2e

HEADER = {
    "foreign_party_name": "Shenzhen Bright Electronics Co., Ltd",
    "foreign_party_country": "CN",
    "country_of_export": "CN",
    "transport_mode": "1",
    "transport_document": "HASLC01240012345",
    "port_of_loading": "CNSZX",
    "port_of_discharge": "VNHPH",
    "arrival_date": "2026-11-20",
    "invoice_number": "INV-2026-0042",
    "invoice_date": "2026-11-10",
    "invoice_currency": "USD",
    "invoice_amount": "12500",
    "incoterms": "FOB",
    "packages": "40",
    "gross_weight": "820.5",
}
ITEMS = [
    {
        "hs_code": "85171300",
        "description": "Smartphones",
        "origin_country": "CN",
        "quantity": "50",
        "unit": "H87",
        "unit_price": "200",
        "invoice_value": "10000",
    },
    # The second item's value is wrong on purpose (1000 × 2.5 = 2500, not 2000).
    {
        "hs_code": "61091010",
        "description": "Cotton T-shirts",
        "origin_country": "CN",
        "quantity": "1000",
        "unit": "H87",
        "unit_price": "2.5",
        "invoice_value": "2000",
    },
]


def fill_item(page: Page, index: int, values: dict[str, str]) -> None:
    for name, value in values.items():
        page.fill(f"#items-{index}-{name}", value)


def test_lan_submits_with_an_error_fixes_it_and_sees_the_registered_number(
    page: Page, live_server: str
) -> None:
    page.goto(f"{live_server}/declarations")
    expect(page).to_have_url(re.compile(r"/login\?next="))
    page.fill("input[name=username]", "lan")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    expect(page.locator("h1")).to_have_text("Customs declarations")

    page.goto(f"{live_server}/declarations/new")
    page.select_option("#f-type_code", "A11")
    page.select_option("#f-office_code", "03CC")
    for name, value in HEADER.items():
        page.fill(f"#f-{name}", value)
    fill_item(page, 0, ITEMS[0])
    page.click("#add-row")
    expect(page.locator("#items-1-hs_code")).to_be_visible()
    fill_item(page, 1, ITEMS[1])
    page.click("#save")
    expect(page.locator("#declaration-status")).to_have_text("draft")

    page.click("#submit")
    errors = page.locator("#submit-errors")
    expect(errors).to_be_visible()
    expect(errors.locator('li[data-path="items[1].invoice_value"]')).to_be_visible()
    expect(page.locator("#declaration-number")).to_have_count(0)

    page.click("#edit")
    page.fill("#items-1-invoice_value", "2500")
    page.click("#save")
    page.click("#submit")

    # Registered, and cleared at once when it goes green with nothing else awaited.
    expect(page.locator("#declaration-status")).to_have_text(re.compile("^(registered|cleared)$"))
    number = page.locator("#declaration-number").inner_text()
    assert re.fullmatch(r"1\d{11}", number)
    expect(page.locator(".flash")).to_contain_text(number)
    expect(page.locator("#items tbody tr")).to_have_count(2)


def test_the_portal_speaks_vietnamese(page: Page, live_server: str) -> None:
    page.goto(f"{live_server}/login")
    page.click("text=Tiếng Việt")
    expect(page.locator("h1")).to_have_text("Đăng nhập")
    page.fill("input[name=username]", "hoa")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    expect(page.locator("h1")).to_contain_text("Danh sách công việc của chi cục")
