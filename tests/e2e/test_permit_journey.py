"""Lan's apples wait for plant quarantine at the single window; Thu, an officer of the Plant
Protection Department, approves the application from her queue in a real browser, the licence
attaches by itself and the waiting declaration is cleared."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from e2e_support import headers, pay_in_the_sandbox, post, sign_in
from permits_support import PDF, apples_payload

pytestmark = pytest.mark.e2e


def test_thu_approves_and_the_waiting_declaration_is_cleared(page: Page, live_server: str) -> None:
    api = page.request
    lan, son = headers(api, live_server, "lan"), headers(api, live_server, "son")
    documents = []
    for name, kind in (("invoice.pdf", "invoice"), ("lading.pdf", "bill_of_lading")):
        uploaded = api.post(
            f"{live_server}/api/v1/documents",
            headers=lan,
            multipart={
                "file": {
                    "name": name,
                    "mimeType": "application/pdf",
                    "buffer": PDF + b"e2e" + name.encode(),
                },
                "doc_type": kind,
            },
        )
        assert uploaded.ok, uploaded.text()
        documents.append(uploaded.json()["document"]["id"])
    enterprise_id = api.get(f"{live_server}/api/v1/me", headers=lan).json()["enterprises"][0]["id"]
    application = post(
        api,
        f"{live_server}/api/v1/permits/applications",
        lan,
        {
            "enterprise_id": enterprise_id,
            "procedure": "plant_quarantine_import",
            "hs_code": "08081000",
            "goods": "Fresh apples, Fuji",
            "origin_country": "NZ",
            "quantity": "10000",
            "unit": "KGM",
            "document_ids": documents,
            "certificate_country": "NZ",  # mutual recognition: no sample to wait for
        },
    )
    # No random selection while this declaration registers: its channel is green.
    policy = api.get(f"{live_server}/api/v1/risk/policy", headers=son).json()
    api.put(
        f"{live_server}/api/v1/risk/policy",
        headers=son,
        data={"random_rate": 0.0, "aeo_random_rate": 0.0},
    )
    try:
        filed = post(
            api,
            f"{live_server}/api/v1/declarations/submit",
            lan,
            apples_payload("4000", invoice_number="INV-E2E-APPLES"),
        )
    finally:
        restore = {
            "random_rate": policy["random_rate"],
            "aeo_random_rate": policy["aeo_random_rate"],
        }
        api.put(f"{live_server}/api/v1/risk/policy", headers=son, data=restore)
    declaration_id = filed["declaration"]["id"]
    assert filed["declaration"]["status"] == "registered"

    # Lan pays the duties, so the agency's result is the last thing awaited.
    sign_in(page, live_server, "lan")
    pay_in_the_sandbox(page, live_server, declaration_id)
    page.goto(f"{live_server}/declarations/{declaration_id}?lang=en")
    awaited = page.locator("#permits-awaited")
    expect(awaited).to_contain_text("Plant Protection Department (sample)")
    expect(awaited).to_contain_text("received")
    expect(page.locator("#clearance-waiting")).to_contain_text("plant quarantine")
    page.click("form[action='/logout'] button")

    sign_in(page, live_server, "thu")
    expect(page.locator("#queue")).to_contain_text(application["number"])
    page.click(f"a[href='/permits/{application['id']}']")
    page.click("#do-accept")
    expect(page.locator("#holder")).to_be_visible()
    page.click("#do-approve")
    expect(page.locator("#validity")).to_be_visible()
    page.click("form[action='/logout'] button")

    sign_in(page, live_server, "lan")
    page.goto(f"{live_server}/declarations/{declaration_id}?lang=en")
    expect(page.locator("#declaration-status")).to_have_text("cleared")
    expect(page.locator("#permits-attached")).to_contain_text(application["number"])
    expect(page.locator("#permits-awaited")).to_have_count(0)
