"""A day field takes day/month/year whatever the browser's locale (Chromium here runs in
US English, where a native date input would show mm/dd/yyyy)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from e2e_support import sign_in

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_invoice_date_is_typed_day_first_and_checked_by_the_browser(
    page: Page, live_server: str, lang: str
) -> None:
    sign_in(page, live_server, "lan")
    page.goto(f"{live_server}/declarations/new?lang={lang}")
    field = page.locator("#f-invoice_date")
    assert field.get_attribute("type") == "text"
    assert field.get_attribute("placeholder") == (
        "ngày/tháng/năm" if lang == "vi" else "dd/mm/yyyy"
    )
    for typed, valid in [
        ("31/12/2026", True),
        ("1.2.2027", True),
        ("2026-12-31", True),
        ("12/31/26", False),
        ("tomorrow", False),
    ]:
        field.fill(typed)
        assert field.evaluate("e => e.checkValidity()") is valid, typed
