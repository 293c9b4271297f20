"""Every paginated page of the portal, with more rows than one page holds, in both languages,
for each role that sees it: page 1, then the pager's link to page 2 and beyond."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from risk_support import PHONES_RED, Desk
from support import Users, import_payload, sign_in

PAGE_SIZE = 20
FILED_PER_CHANNEL = PAGE_SIZE + 1
NEXT = {"en": "Next", "vi": "Sau"}
PREVIOUS = {"en": "Previous", "vi": "Trước"}
TITLE = {
    "/declarations": {"en": "Customs declarations", "vi": "Tờ khai hải quan"},
    "/worklist": {"en": "Office worklist", "vi": "Danh sách công việc của chi cục"},
    "/risk/worklist/red": {"en": "Physical inspections (red)", "vi": "(luồng đỏ)"},
    "/risk/worklist/yellow": {"en": "Document checks (yellow)", "vi": "(luồng vàng)"},
}
# The T-shirts alone: a rule on their heading sends them to the yellow channel, while the
# phones' rule sends anything with a phone on it to red.
TSHIRTS_YELLOW = {
    "code": "TSHIRTS-Y",
    "description": "Cotton T-shirts: documents check",
    "criteria": {"hs_prefixes": ["6109"], "offices": ["03CC"]},
    "forced_channel": "yellow",
}


def _file(desk: Desk, payload: dict[str, object]) -> int:
    filed = desk.post("lan", "/api/v1/declarations/submit", json=payload)
    assert filed.status_code == 201, filed.text
    declaration = filed.json()["declaration"]
    assert declaration["status"] == "registered", declaration
    return int(declaration["id"])


def _tshirts_only() -> dict[str, object]:
    payload = import_payload()
    items = payload["items"]
    assert isinstance(items, list)
    return import_payload(items=[items[1]], invoice_amount="2500.00")


def _rows(html: str) -> list[int]:
    """The declarations a list page shows, by id, from its table's links."""
    table = re.search(r'<table id="[\w-]+">.*?</table>', html, re.S)
    assert table, "the page shows no table"
    return [int(i) for i in re.findall(r'<a href="/declarations/(\d+)"', table.group(0))]


def _pager_link(html: str, label: str) -> str | None:
    nav = re.search(r'<nav class="pager">(.*?)</nav>', html, re.S)
    if nav is None:
        return None
    link = re.search(rf'<a href="([^"]+)">{re.escape(label)}</a>', nav.group(1))
    return link.group(1).replace("&amp;", "&") if link else None


def _walk(client: TestClient, url: str, lang: str) -> list[list[int]]:
    """Each page's rows, following the pager's Next link from the first page to the last."""
    pages: list[list[int]] = []
    target: str | None = url
    while target is not None:
        response = client.get(target)
        assert response.status_code == 200, f"{target} ({lang}): {response.status_code}"
        assert f'<html lang="{lang}"' in response.text
        pages.append(_rows(response.text))
        if len(pages) > 1:
            assert _pager_link(response.text, PREVIOUS[lang]) is not None, target
        target = _pager_link(response.text, NEXT[lang])
        assert len(pages) <= 10, "the pager never ends"
    return pages


def test_every_list_page_shows_its_second_page_in_both_languages(
    app_client: TestClient, users: Users
) -> None:
    desk = Desk(app_client, users)
    desk.without_random_selection()
    desk.rule(**PHONES_RED)
    desk.rule(**TSHIRTS_YELLOW)
    red = {_file(desk, import_payload()) for _ in range(FILED_PER_CHANNEL)}
    yellow = {_file(desk, _tshirts_only()) for _ in range(FILED_PER_CHANNEL)}
    everything = red | yellow
    # Who sees which list: every role sees declarations; officers and supervisors of the
    # office (03CC) also see its worklists.
    lists = [
        ("/declarations", ("lan", "minh", "hoa", "son", "admin"), everything),
        ("/declarations?status=registered", ("lan", "hoa"), everything),
        ("/worklist", ("hoa", "son"), everything),
        ("/risk/worklist/red", ("hoa", "son"), red),
        ("/risk/worklist/yellow", ("hoa", "son"), yellow),
    ]
    for url, people, expected in lists:
        for username in people:
            app_client.cookies.clear()
            sign_in(app_client, username)
            for lang in ("vi", "en"):
                app_client.cookies.set("lang", lang)
                seen = f"{url} as {username} in {lang}"
                pages = _walk(app_client, url, lang)
                assert len(pages) == -(-len(expected) // PAGE_SIZE), seen
                assert all(len(rows) == PAGE_SIZE for rows in pages[:-1]), seen
                assert pages[1], f"{seen}: page 2 shows no rows"
                shown = [i for rows in pages for i in rows]
                assert len(shown) == len(set(shown)), f"{seen}: a row shows on two pages"
                assert set(shown) == expected, seen
                first = app_client.get(url).text
                assert TITLE[url.split("?")[0]][lang] in first, seen
                assert ("Trang 1/" if lang == "vi" else "Page 1 of ") in first, seen
