"""Hoa, an officer, opens a yellow declaration's bill of lading beside it and records the
document check without leaving the page; Lan downloads the printed declaration."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from desk_support import png
from e2e_support import headers, post, sign_in
from support import import_payload

pytestmark = pytest.mark.e2e

YELLOW_FOR_PHONES = {
    "code": "E2E-PHONES-YELLOW",
    "description": "Smartphones through Hai Phong: document check",
    "criteria": {"hs_prefixes": ["8517"], "offices": ["03CC"]},
    "forced_channel": "yellow",
}


def test_hoa_checks_the_dossier_beside_the_declaration_and_lan_prints_it(
    page: Page, live_server: str
) -> None:
    api = page.request
    hoa, son, lan = (headers(api, live_server, name) for name in ("hoa", "son", "lan"))
    uploaded = api.post(
        f"{live_server}/api/v1/documents",
        headers=lan,
        multipart={
            "file": {"name": "lading.png", "mimeType": "image/png", "buffer": png()},
            "doc_type": "bill_of_lading",
            "reference": "HPH-E2E-77",
        },
    )
    assert uploaded.ok, uploaded.text()
    document_id = uploaded.json()["document"]["id"]
    rule = post(api, f"{live_server}/api/v1/risk/rules", hoa, YELLOW_FOR_PHONES)
    rules = f"{live_server}/api/v1/risk/rules/{rule['id']}"
    post(api, f"{rules}/activate", son)
    try:
        filed = post(
            api,
            f"{live_server}/api/v1/declarations/submit",
            lan,
            import_payload(document_ids=[document_id], transport_document="HPH-E2E-77"),
        )
    finally:
        post(api, f"{rules}/deactivate", son)  # the other journeys file phones at 03CC too
    declaration_id = filed["declaration"]["id"]

    sign_in(page, live_server, "hoa")
    page.goto(f"{live_server}/declarations/{declaration_id}?lang=en")
    page.click(f"a.view-document[data-document='{document_id}']")
    picture = page.locator("#document-viewer img.document-picture")
    expect(picture).to_be_visible()
    # Loaded and decoded: the portal served the picture inline, with its real type.
    page.wait_for_function(
        "() => { const i = document.querySelector('#document-viewer img');"
        " return i && i.complete && i.naturalWidth > 0; }"
    )
    check = page.locator("#document-check")
    check.locator("select[name=kind]").select_option("document_check")
    check.locator("select[name=findings]").select_option("no")
    check.locator("textarea[name=note]").fill("Bill of lading matches.")
    check.locator("#record-inspection").click()
    expect(page.locator("#document-check-result")).to_contain_text("Document check")
    expect(page.locator("#document-viewer img.document-picture")).to_be_visible()
    # Her opening of the picture is on record (the page after the check lists it).
    expect(page.locator("#document-access")).to_contain_text("Phạm Thị Hoa")
    expect(page.locator("#timeline-steps li[data-step=checked]")).to_contain_text("Phạm Thị Hoa")
    page.click("form[action='/logout'] button")

    sign_in(page, live_server, "lan")
    page.goto(f"{live_server}/declarations/{declaration_id}?lang=vi")
    with page.expect_download() as pending:
        page.click("#print-declaration")
    download = pending.value
    path = download.path()
    assert download.suggested_filename == f"to-khai-{filed['declaration']['number']}.pdf"
    with open(path, "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
