"""Hoa, a customs officer, opens the exchange with partner customs after Singapore's outage,
sees a message waiting and sends it again, in English then in Vietnamese."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from playwright.sync_api import Page, expect

from e2e_support import headers, post, sign_in
from partners_support import public_pem
from smartcustoms.db import make_engine, make_session_factory, transaction
from smartcustoms.partners import service as partners
from support import TEST_NOW

pytestmark = pytest.mark.e2e


def test_hoa_sends_a_waiting_message_again(
    page: Page, live_server: str, live_database_url: str
) -> None:
    admin = headers(page.request, live_server, "admin")
    post(page.request, f"{live_server}/api/v1/partners/SG", admin,
         {"name": "Singapore Customs", "endpoint": "https://127.0.0.1:9/inbox",
          "public_key": public_pem(Ed25519PrivateKey.generate())})  # fmt: skip
    engine = make_engine(live_database_url)
    try:
        with transaction(make_session_factory(engine)) as session:
            partners.queue_message(
                session, signer=partners.Signer("VN", Ed25519PrivateKey.generate()),
                country="SG", type="note", body={"text": "outage drill"}, at=TEST_NOW,
            )  # fmt: skip
    finally:
        engine.dispose()

    sign_in(page, live_server, "hoa")
    page.locator("nav.menus").get_by_role("link", name="Partner customs").click()
    expect(page.locator("h1")).to_have_text("Exchange with partner customs")
    row = page.locator("#partner-messages tbody tr", has_text="SG").first
    expect(row).to_contain_text("Waiting to be sent")
    row.locator("button", has_text="Send again now").click()
    expect(page.locator(".flash")).to_have_text(
        "Queued again: the worker sends it at its next pass."
    )
    page.click("text=Tiếng Việt")
    expect(page.locator("h1")).to_have_text("Trao đổi với hải quan đối tác")
    expect(page.locator("#partner-messages")).to_contain_text("Đang chờ gửi")
