"""The main navigation: a few menus by area (web/navigation.py). Every role's menus fit one
line on a 1280 px screen; on a phone they stay inside the screen, open or closed; a menu
opens and closes by keyboard and its links lead to their pages; without script a menu's
name is a link to its first page and its list opens on focus."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from e2e_support import sign_in

pytestmark = pytest.mark.e2e

# One user of each role that has portal pages.
USERS = ("lan", "minh", "hoa", "son", "admin", "thu")
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 740}

TOPS = """() => [...document.querySelectorAll('nav.menus > ul > li')]
    .map(li => Math.round(li.getBoundingClientRect().top))"""


def open_as(page: Page, base: str, username: str, lang: str) -> None:
    page.context.clear_cookies()
    sign_in(page, base, username)
    page.goto(f"{base}/lang/{lang}?next=/")  # the language kept, then the role's home


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_role_s_menus_fit_one_line_at_1280_px(
    page: Page, live_server: str, lang: str
) -> None:
    page.set_viewport_size(DESKTOP)
    wrapped = []
    for username in USERS:
        open_as(page, live_server, username, lang)
        tops: list[int] = page.evaluate(TOPS)
        assert tops, f"{username}: no menu"
        header = page.locator("header.top").bounding_box()
        assert header is not None
        # One line: every menu at the same height, the header no taller than the brand's
        # two lines and its padding.
        if len(set(tops)) != 1 or header["height"] > 70:
            wrapped.append(f"{username} [{lang}]: tops {tops}, header {header['height']} px")
    assert not wrapped, "\n".join(wrapped)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_on_a_phone_the_menus_and_their_lists_stay_inside_the_screen(
    page: Page, live_server: str, lang: str
) -> None:
    page.set_viewport_size(PHONE)
    outside = []
    for username in USERS:
        open_as(page, live_server, username, lang)
        buttons = page.locator("nav.menus button.menu-button")
        for index in range(buttons.count()):
            button = buttons.nth(index)
            button.click()
            expect(button).to_have_attribute("aria-expanded", "true")
            listed = page.locator(f"#{button.get_attribute('aria-controls')}")
            expect(listed).to_be_visible()
            box: Any = listed.bounding_box()
            width = page.evaluate("document.documentElement.scrollWidth")
            if box["x"] < 0 or box["x"] + box["width"] > PHONE["width"] or width > PHONE["width"]:
                outside.append(f"{username} [{lang}] {button.inner_text()}: {box}, page {width}")
            button.click()
            expect(listed).to_be_hidden()
    assert not outside, "\n".join(outside)


def test_a_menu_opens_by_keyboard_and_its_link_leads_to_the_page(
    page: Page, live_server: str
) -> None:
    page.set_viewport_size(DESKTOP)
    open_as(page, live_server, "hoa", "en")
    button = page.get_by_role("button", name="Declarations")
    links = page.locator(f"#{button.get_attribute('aria-controls')}")
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(links).to_be_hidden()

    button.focus()
    page.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(links).to_be_visible()
    # Escape closes it and gives the focus back to its button; Space opens it again.
    page.keyboard.press("Tab")
    expect(links.get_by_role("link", name="Office worklist")).to_be_focused()
    page.keyboard.press("Escape")
    expect(links).to_be_hidden()
    expect(button).to_be_focused()
    page.keyboard.press("Space")
    expect(links).to_be_visible()

    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(links.get_by_role("link", name="Yellow channel")).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server}/risk/worklist/yellow")
    # The page is marked in its menu, and the menu as the current area.
    button = page.get_by_role("button", name="Declarations")
    current = page.locator(f"#{button.get_attribute('aria-controls')} a[aria-current=page]")
    expect(current).to_have_text("Yellow channel")
    expect(page.locator("nav.menus li.current")).to_have_count(1)


def test_a_menu_opening_closes_the_other_and_a_click_elsewhere_closes_it(
    page: Page, live_server: str
) -> None:
    page.set_viewport_size(DESKTOP)
    open_as(page, live_server, "hoa", "en")
    declarations = page.get_by_role("button", name="Declarations")
    risk = page.get_by_role("button", name="Risk management")
    declarations.click()
    risk.click()
    expect(declarations).to_have_attribute("aria-expanded", "false")
    expect(risk).to_have_attribute("aria-expanded", "true")
    page.locator("main h1").click()
    expect(risk).to_have_attribute("aria-expanded", "false")


def test_without_script_a_menu_is_a_link_whose_list_opens_on_focus(
    browser: Browser, live_server: str
) -> None:
    context = browser.new_context(java_script_enabled=False, viewport=DESKTOP)
    try:
        page = context.new_page()
        sign_in(page, live_server, "hoa")
        page.goto(f"{live_server}/worklist?lang=en")
        name = page.locator("nav.menus a.menu-name", has_text="Risk management")
        assert name.get_attribute("href") == "/risk/rules"
        expect(page.locator("#nav-risk")).to_be_hidden()
        name.focus()
        expect(page.locator("#nav-risk")).to_be_visible()
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        expect(page.get_by_role("link", name="Fraud model versions")).to_be_focused()
        page.keyboard.press("Enter")
        page.wait_for_url(f"{live_server}/risk/models")
    finally:
        context.close()
