"""Lan, a trader, files an import, pays its duties online in the sandbox bank from a real
browser, and sees the goods cleared and the receipt."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from e2e_support import headers, pay_in_the_sandbox, post, sign_in
from support import import_payload

pytestmark = pytest.mark.e2e


def test_lan_pays_a_green_import_in_the_sandbox_bank_and_it_is_cleared(
    page: Page, live_server: str
) -> None:
    api = page.request
    son, lan = (headers(api, live_server, name) for name in ("son", "lan"))
    quiet = api.put(
        f"{live_server}/api/v1/risk/policy",
        headers=son,
        data={"random_rate": 0.0, "aeo_random_rate": 0.0},
    )
    assert quiet.ok, quiet.text()
    filed = post(
        api,
        f"{live_server}/api/v1/declarations/submit",
        lan,
        import_payload(invoice_number="INV-E2E-PAY"),
    )
    declaration_id = filed["declaration"]["id"]
    assert filed["declaration"]["status"] == "registered"  # green, but the taxes are owed

    sign_in(page, live_server, "lan")
    page.goto(f"{live_server}/declarations/{declaration_id}?lang=en")
    expect(page.locator("#taxes-met")).to_contain_text("Taxes outstanding")

    pay_in_the_sandbox(page, live_server, declaration_id)

    page.click("#to-declaration")
    expect(page.locator("#declaration-status")).to_have_text("cleared")
    page.goto(f"{live_server}/payments/receipts?lang=vi")
    expect(page.locator("a.receipt-pdf")).not_to_have_count(0)
