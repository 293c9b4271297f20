"""The declaration page tells the truth about release, in Vietnamese and English: a green
channel is cleared only when nothing else is awaited, and after a red inspection that found
nothing the next step (the officer's release decision) is shown and can be taken."""

from __future__ import annotations

import html
import re

import pytest
from fastapi.testclient import TestClient

from risk_support import PHONES_RED, Desk
from support import Users, csrf, sign_in

# The channel's checks and the officers' decisions; payments' tests cover the taxes.
pytestmark = pytest.mark.taxes_aside


@pytest.fixture
def desk(app_client: TestClient, users: Users) -> Desk:
    desk = Desk(app_client, users)
    desk.without_random_selection()
    return desk


def conditions(text: str) -> str:
    """The clearance panel's sentence, as a reader sees it."""
    found = re.search(r'<p id="clearance-conditions">(.*?)</p>', text, re.S)
    assert found, "no clearance conditions on the page"
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", found.group(1))).strip())


def page(client: TestClient, declaration_id: int, lang: str) -> str:
    response = client.get(f"/declarations/{declaration_id}", params={"lang": lang})
    assert response.status_code == 200, response.text
    return response.text


def test_a_cleared_green_declaration_says_so_and_never_cleared_automatically_while_held(
    desk: Desk,
) -> None:
    declaration_id = desk.file()["declaration"]["id"]
    client = desk.client
    sign_in(client, "lan")

    english = page(client, declaration_id, "en")
    assert "Cleared: the goods are released." in english
    assert "Cleared automatically" not in english
    assert "No document check, no physical inspection." in english  # the channel panel
    vietnamese = page(client, declaration_id, "vi")
    assert "Đã thông quan: hàng hóa được giải phóng." in vietnamese
    assert "thông quan tự động" not in vietnamese
    assert 'id="registration-to-release">0 giây<' in vietnamese
    assert 'id="released-by"' not in vietnamese  # cleared by itself: no officer to name


@pytest.mark.release_held
def test_a_green_declaration_still_owing_says_what_it_waits_for(desk: Desk) -> None:
    declaration_id = desk.file()["declaration"]["id"]
    client = desk.client
    sign_in(client, "lan")

    english = page(client, declaration_id, "en")
    assert conditions(english) == (
        "Green channel: no check. No licence or specialised inspection needed. "
        "Waiting for: the test's hold."
    )
    assert "The goods are not released yet." in english
    assert ">registered<" in english
    assert "Cleared" not in english
    vietnamese = page(client, declaration_id, "vi")
    assert conditions(vietnamese) == (
        "Luồng xanh: miễn kiểm tra. Không thuộc diện cấp phép, kiểm tra chuyên ngành. "
        "Đang chờ: điều kiện giữ hàng của phép thử."
    )
    assert 'id="release-form"' not in vietnamese  # a trader decides nothing


def test_after_a_red_inspection_with_no_findings_the_officer_releases_and_the_trader_sees_it(
    desk: Desk,
) -> None:
    desk.rule(**PHONES_RED)
    declaration_id = desk.file()["declaration"]["id"]
    client = desk.client
    sign_in(client, "lan")
    assert conditions(page(client, declaration_id, "en")) == (
        "No licence or specialised inspection needed. "
        "Waiting for: the physical inspection of the goods (red channel); "
        "the customs officer's release decision."
    )
    inspected = desk.post(
        "hoa",
        f"/api/v1/risk/inspections/{declaration_id}",
        json={"kind": "physical", "findings": False},
    )
    assert inspected.status_code == 201, inspected.text
    assert conditions(page(client, declaration_id, "vi")) == (
        "Luồng đỏ: đã kiểm tra thực tế hàng hóa, không phát hiện sai phạm. "
        "Không thuộc diện cấp phép, kiểm tra chuyên ngành. "
        "Đang chờ: quyết định giải phóng hàng của công chức hải quan."
    )

    client.cookies.clear()
    sign_in(client, "hoa")
    officer_page = page(client, declaration_id, "en")
    assert 'id="release-release"' in officer_page
    assert "Release pending tax determination" in officer_page
    released = client.post(
        f"/declarations/{declaration_id}/release",
        data={"csrf_token": csrf(officer_page), "decision": "release", "note": ""},
        follow_redirects=True,
    )
    assert released.status_code == 200, released.text
    assert "Đã ghi nhận quyết định." in released.text
    assert 'id="release-form"' not in released.text

    client.cookies.clear()
    sign_in(client, "lan")
    trader_page = page(client, declaration_id, "vi")
    assert "Đã thông quan: hàng hóa được giải phóng." in trader_page
    assert ">đã thông quan<" in trader_page  # the status, as a label
    assert "đã quyết định giải phóng hàng" in trader_page  # the officer's step in the history
    # The trader is told who released the goods and when: the officer by name, never an id.
    assert "Hàng hóa được công chức hải quan Phạm Thị Hoa quyết định giải phóng lúc" in (
        trader_page
    )
    english = page(client, declaration_id, "en")
    told = re.search(r'<p id="released-by">(.*?)</p>', english, re.S)
    assert told is not None
    assert re.fullmatch(
        r"Released by customs officer Phạm Thị Hoa at \S.*\d\.", html.unescape(told.group(1))
    )
    assert "by customs officer Phạm Thị Hoa" in english  # the time release's decision line


def test_a_storage_decision_without_a_reason_is_refused_on_the_page(desk: Desk) -> None:
    desk.rule(**PHONES_RED)
    declaration_id = desk.file()["declaration"]["id"]
    client = desk.client
    sign_in(client, "hoa")
    officer_page = page(client, declaration_id, "vi")
    refused = client.post(
        f"/declarations/{declaration_id}/release",
        data={"csrf_token": csrf(officer_page), "decision": "storage", "note": " "},
    )
    assert refused.status_code == 422
    assert "Hãy nêu lý do cho đưa hàng về bảo quản." in refused.text
