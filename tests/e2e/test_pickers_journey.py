"""Lan picks codes by typing names, by keyboard, and adds an item row without a reload."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from e2e_support import sign_in

pytestmark = pytest.mark.e2e


def test_lan_picks_china_by_typing_trung_quoc_and_adds_a_row_without_reload(
    page: Page, live_server: str
) -> None:
    sign_in(page, live_server, "lan")
    page.goto(f"{live_server}/declarations/new?lang=vi")
    page.evaluate("window.notReloaded = true")  # gone if the page were loaded again

    country = page.locator("#f-foreign_party_country")
    country.click()
    page.keyboard.type("trung quoc")
    listbox = page.locator("#f-foreign_party_country-list")
    expect(listbox).to_be_visible()
    expect(country).to_have_attribute("aria-expanded", "true")
    expect(listbox.get_by_role("option").first).to_contain_text("Trung Quốc")
    page.keyboard.press("ArrowDown")
    expect(listbox.get_by_role("option").first).to_have_attribute("aria-selected", "true")
    page.keyboard.press("Enter")
    expect(country).to_have_value("CN")  # the field submits the code …
    expect(page.locator("#f-foreign_party_country-picked")).to_have_text("Trung Quốc (China)")
    expect(listbox).to_be_hidden()  # … and the user sees the name

    hs = page.locator("#items-0-hs_code")
    hs.click()
    page.keyboard.type("dien thoai")
    expect(page.locator("#items-0-hs_code-list").get_by_role("option").first).to_be_visible()
    page.locator("#items-0-hs_code-list [data-value='85171300']").click()
    expect(hs).to_have_value("85171300")

    page.click("#add-row")
    expect(page.locator("#items-1-hs_code")).to_be_visible()
    expect(page.locator("#items-1-hs_code")).to_be_focused()
    assert page.evaluate("window.notReloaded") is True
    page.locator("#items-1-origin_country").fill("nhat ban")
    expect(page.locator("#items-1-origin_country-list [data-value='JP']")).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("#items-1-origin_country")).to_have_value("JP")
    expect(page.locator("#items-1-origin_country-picked")).to_have_text("Nhật Bản (Japan)")
