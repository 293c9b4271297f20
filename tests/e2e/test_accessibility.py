"""The portal's main pages pass axe-core (vendored from the npm registry) in Chromium, in
both languages: no serious or critical violation."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

from e2e_pages import MAIN_PAGES, filed_declaration, visit

pytestmark = pytest.mark.e2e

AXE = Path(__file__).resolve().parent.parent / "vendor" / "axe-core" / "axe.min.js"
AXE_SHA256 = "29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c"
BLOCKING = ("serious", "critical")
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def axe_source() -> str:
    source = AXE.read_bytes()
    assert hashlib.sha256(source).hexdigest() == AXE_SHA256, "tests/vendor/axe-core changed"
    return source.decode()


def violations(page: Page, source: str) -> list[dict[str, Any]]:
    """axe-core's violations on the page as it stands (WCAG 2.1 A and AA rules and best
    practices). Injected through the DevTools protocol, so the page's CSP does not apply."""
    page.evaluate(source)
    page.evaluate(f"window.TAGS = {json.dumps(TAGS)}")
    found: list[dict[str, Any]] = page.evaluate(
        """async () => (await axe.run(document, {
              runOnly: {type: "tag", values: TAGS},
              resultTypes: ["violations"],
           })).violations.map(v => ({
              id: v.id, impact: v.impact, help: v.help,
              nodes: v.nodes.slice(0, 3).map(n => n.target.join(" ")),
           }))"""
    )
    return found


def test_the_check_finds_a_violation_where_there_is_one(page: Page) -> None:
    page.set_content('<html><body><main><h1>x</h1><img src="x.png"></main></body></html>')
    found = {v["id"]: v["impact"] for v in violations(page, axe_source())}
    assert found["image-alt"] == "critical"


@pytest.mark.parametrize(("lang", "width"), [("vi", 1280), ("en", 1280), ("vi", 375), ("en", 375)])
def test_the_main_pages_have_no_serious_accessibility_violation(
    page: Page, live_server: str, lang: str, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    source = axe_source()
    declaration = filed_declaration(page.request, live_server)
    who = ["?"]
    report = []
    for main in MAIN_PAGES:
        visit(page, live_server, main, lang, declaration, who)
        for v in violations(page, source):
            if v["impact"] in BLOCKING:
                where = f"{main.name} [{lang}, {width} px]"
                report.append(f"{where}: {v['id']} ({v['impact']}) {v['help']} at {v['nodes']}")
    assert not report, "\n".join(report)
