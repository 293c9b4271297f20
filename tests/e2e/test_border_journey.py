"""Bình's carrier files a road cargo manifest in the portal and books a slot at a land
border gate; the gate's public board shows one place less in that slot."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from e2e_support import headers, post, sign_in
from smartcustoms.kit.clock import VIETNAM
from support import TEST_NOW

pytestmark = pytest.mark.e2e


def test_binh_files_a_road_manifest_and_books_a_slot_the_board_shows(
    page: Page, live_server: str
) -> None:
    api = page.request
    post(
        api,
        f"{live_server}/api/v1/border/gates",
        headers(api, live_server, "admin"),
        {
            "code": "E2E-LAND",
            "name": "Cửa khẩu Hữu Nghị (e2e)",
            "office_code": "03CC",
            "kind": "land",
            "lanes": 1,
            "slot_minutes": 30,
            "capacity": 3,
        },
    )
    arrival = (TEST_NOW + timedelta(days=1)).astimezone(VIETNAM)

    sign_in(page, live_server, "binh")
    page.goto(f"{live_server}/lang/vi?next=/border/manifests")
    page.click("summary")
    page.select_option("select[name=mode]", "road")
    page.fill("input[name=transport_id]", "20C-123.45")
    page.fill("input[name=voyage]", "HN-0001")
    page.fill("input[name=office_code]", "03CC")
    page.fill("input[name=arrival_at]", arrival.strftime("%Y-%m-%dT%H:%M"))
    page.fill("input[name=document_number]", "E2E-ROAD-BILL-1")
    page.fill("input[name=consignee_name]", "Công ty TNHH Thương mại Sông Hồng")
    page.fill("input[name=packages]", "12")
    page.fill("input[name=gross_weight]", "4500")
    page.fill("input[name=hs_code]", "61091010")
    page.click("#file-manifest")
    expect(page.locator("p.flash")).to_contain_text("Đã tiếp nhận bản khai hàng hóa")
    expect(page.locator("#manifests")).to_contain_text("E2E-ROAD-BILL-1")
    expect(page.locator("#manifests")).to_contain_text("đúng hạn")

    slot = (TEST_NOW + timedelta(hours=1)).astimezone(VIETNAM)
    page.goto(f"{live_server}/border/slots")
    page.select_option("select[name=gate]", "E2E-LAND")
    page.fill("input[name=slot_start]", slot.strftime("%Y-%m-%dT%H:%M"))
    page.fill("input[name=plate]", "20C-123.45")
    page.click("#book")
    expect(page.locator("#bookings")).to_contain_text("20C12345")

    page.goto(f"{live_server}/border/gates/E2E-LAND/board?lang=en")
    expect(page.locator("#free-slots tr[data-free='2']")).to_have_count(1)
    expect(page.locator("#free-slots tr[data-free='3']")).to_have_count(7)

    # A second truck booked, then cancelled: its place comes back on the board at once.
    page.goto(f"{live_server}/border/slots")
    page.select_option("select[name=gate]", "E2E-LAND")
    page.fill("input[name=slot_start]", slot.strftime("%Y-%m-%dT%H:%M"))
    page.fill("input[name=plate]", "20C-678.90")
    page.click("#book")
    expect(page.locator("#bookings")).to_contain_text("20C67890")
    page.locator("#bookings tr", has_text="20C67890").locator("button.cancel-booking").click()
    expect(page.locator("p.flash")).to_contain_text("Đã hủy đặt chỗ")
    expect(page.locator("#bookings")).not_to_contain_text("20C67890")
    page.goto(f"{live_server}/border/gates/E2E-LAND/board?lang=en")
    expect(page.locator("#free-slots tr[data-free='2']")).to_have_count(1)
