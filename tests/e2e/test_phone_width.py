"""On a phone (375 px wide) the main pages fit the screen: nothing makes the page scroll
sideways (a wide table scrolls inside its own box)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from e2e_pages import MAIN_PAGES, filed_declaration, visit

pytestmark = pytest.mark.e2e

PHONE = {"width": 375, "height": 740}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_main_pages_do_not_overflow_sideways_at_phone_width(
    page: Page, live_server: str, lang: str
) -> None:
    page.set_viewport_size(PHONE)
    declaration = filed_declaration(page.request, live_server)
    who = ["?"]
    too_wide = []
    for main in MAIN_PAGES:
        visit(page, live_server, main, lang, declaration, who)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            # What sticks out, for the message: the widest elements past the right edge.
            culprits = page.evaluate(
                """w => [...document.querySelectorAll('body *')]
                    .filter(e => e.getBoundingClientRect().right > w + 1
                              && !e.closest('.table-scroll'))
                    .slice(0, 4)
                    .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
                              + (e.className ? '.' + String(e.className).split(' ')[0] : ''))""",
                PHONE["width"],
            )
            too_wide.append(f"{main.name} [{lang}]: {width} px, {culprits}")
    assert not too_wide, "\n".join(too_wide)
