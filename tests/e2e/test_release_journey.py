"""Hoa, an officer, finds nothing in a red inspection and releases the goods from a real
browser; Lan, the trader, sees them cleared."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import APIRequestContext, Page, expect

from smartcustoms.demo import DEMO_PASSWORD
from support import import_payload

pytestmark = pytest.mark.e2e

RED_FOR_PHONES = {
    "code": "E2E-PHONES-RED",
    "description": "Smartphones through Hai Phong: physical inspection",
    "criteria": {"hs_prefixes": ["8517"], "offices": ["03CC"]},
    "forced_channel": "red",
}


def headers(api: APIRequestContext, base: str, username: str) -> dict[str, str]:
    answer = api.post(
        f"{base}/api/v1/auth/token", data={"username": username, "password": DEMO_PASSWORD}
    )
    assert answer.ok, answer.text()
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


def post(api: APIRequestContext, url: str, who: dict[str, str], body: Any = None) -> Any:
    answer = api.post(url, headers=who, data=body if body is not None else {})
    assert answer.ok, answer.text()
    return answer.json()


def sign_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/login?lang=en")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")


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
