"""Hoa, an officer, finds nothing in a red inspection and releases the goods from a real
browser, Lan having paid the duties online in the sandbox bank; Lan sees them cleared."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from e2e_support import headers, pay_in_the_sandbox, post, sign_in
from support import import_payload

pytestmark = pytest.mark.e2e

RED_FOR_PHONES = {
    "code": "E2E-PHONES-RED",
    "description": "Smartphones through Hai Phong: physical inspection",
    "criteria": {"hs_prefixes": ["8517"], "offices": ["03CC"]},
    "forced_channel": "red",
}


def test_hoa_releases_the_goods_after_a_red_inspection_found_nothing(
    page: Page, live_server: str
) -> None:
    api = page.request
    hoa, son, lan = (headers(api, live_server, name) for name in ("hoa", "son", "lan"))
    rule = post(api, f"{live_server}/api/v1/risk/rules", hoa, RED_FOR_PHONES)
    rules = f"{live_server}/api/v1/risk/rules/{rule['id']}"
    post(api, f"{rules}/activate", son)
    try:
        filed = post(api, f"{live_server}/api/v1/declarations/submit", lan, import_payload())
    finally:
        post(api, f"{rules}/deactivate", son)  # the other journeys file phones at 03CC too
    declaration_id = filed["declaration"]["id"]
    assert filed["declaration"]["status"] == "registered"

    # Lan pays the duties online first, so Hoa's decision is the last thing awaited.
    sign_in(page, live_server, "lan")
    pay_in_the_sandbox(page, live_server, declaration_id)
    page.click("form[action='/logout'] button")

    sign_in(page, live_server, "hoa")
    page.goto(f"{live_server}/risk/inspections/{declaration_id}")
    page.select_option("select[name=findings]", "no")
    page.click("#record-inspection")
    expect(page.locator("#clearance-waiting")).to_have_text(
        "Waiting for: the customs officer's release decision."
    )
    expect(page.locator("#clearance-conditions")).to_contain_text(
        "Red channel: physical inspection done, no findings."
    )
    page.click("#release-release")
    expect(page.locator("#declaration-status")).to_have_text("cleared")
    expect(page.locator(".flash")).to_have_text("Decision recorded.")
    expect(page.locator("#release-form")).to_have_count(0)

    page.click("form[action='/logout'] button")
    sign_in(page, live_server, "lan")
    page.goto(f"{live_server}/declarations/{declaration_id}?lang=vi")
    expect(page.locator("#clearance-status")).to_contain_text(
        "Đã thông quan: hàng hóa được giải phóng."
    )
    expect(page.locator("#registration-to-release")).to_have_text(re.compile(r"^0 giây$"))
