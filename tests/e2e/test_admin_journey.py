"""The administrator creates a broker of a broker firm from the admin pages in a real
browser; the broker signs in and may file for an enterprise that delegated to the firm."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from e2e_support import sign_in

pytestmark = pytest.mark.e2e

PASSWORD = "copper-lantern-river-77"


def test_the_admin_creates_a_broker_who_then_files_for_the_enterprise(
    page: Page, live_server: str
) -> None:
    sign_in(page, live_server, "admin")
    page.goto(f"{live_server}/lang/vi?next=/admin/users")  # Vietnamese from here on
    page.get_by_role("link", name="Thêm người dùng").click()
    page.fill("#f-username", "e2e.broker")
    page.fill("#f-password", PASSWORD)
    page.fill("#f-full_name", "Đại lý Thử")
    page.select_option("#f-role", "broker")
    page.select_option(
        "#f-organisation_id", label="Công ty TNHH Đại lý Hải quan Duyên Hải (demo) (0401112222)"
    )
    page.click("#save-user")
    expect(page.locator(".flash")).to_have_text("Đã tạo người dùng.")
    expect(page.locator("#username")).to_have_text("e2e.broker")

    page.goto(f"{live_server}/admin/users?q=e2e.broker")
    expect(page.locator("#users tbody tr")).to_have_count(1)

    page.context.clear_cookies()
    page.goto(f"{live_server}/login?lang=vi")
    page.fill("input[name=username]", "e2e.broker")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.goto(f"{live_server}/declarations/new?lang=vi")
    expect(page.locator("form[action='/declarations/new']")).to_contain_text(
        "Công ty TNHH Thương mại Sông Hồng (demo)"
    )
