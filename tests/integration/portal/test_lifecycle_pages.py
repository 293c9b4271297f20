"""The declaration page offers only what the lifecycle allows, in both languages."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from support import Users, import_payload, sign_in

# About a registered declaration before its goods are released: a condition never met holds
# the release (as unpaid taxes do), so a green one is not cleared at once.
pytestmark = pytest.mark.release_held

BASE = "/api/v1/declarations"


def _registered_with_amendment(client: TestClient, users: Users) -> tuple[int, int]:
    """Lan's registered declaration and its open amendment, made through the API."""
    lan = users.headers("lan")
    draft = client.post(BASE, json=import_payload(), headers=lan).json()
    assert client.post(f"{BASE}/{draft['id']}/submit", headers=lan).status_code == 200
    amendment = client.post(f"{BASE}/{draft['id']}/amend", headers=lan)
    assert amendment.status_code == 201, amendment.text
    return draft["id"], amendment.json()["id"]


def _offered(page: Any, declaration_id: int) -> set[str]:
    """The actions the declaration page offers: a form posting to each, or the edit link."""
    actions = {"submit", "amend", "cancel", "documents"}
    offered = {a for a in actions if f'action="/declarations/{declaration_id}/{a}"' in page.text}
    if f'href="/declarations/{declaration_id}/edit"' in page.text:
        offered.add("edit")
    return offered


def test_a_declaration_with_an_open_amendment_links_to_it_instead_of_offering_another(
    app_client: TestClient, users: Users
) -> None:
    declaration_id, amendment_id = _registered_with_amendment(app_client, users)
    sign_in(app_client, "lan")
    app_client.cookies.set("lang", "en")

    english = app_client.get(f"/declarations/{declaration_id}")
    app_client.cookies.set("lang", "vi")
    vietnamese = app_client.get(f"/declarations/{declaration_id}")

    assert _offered(english, declaration_id) == {"cancel"}
    assert f'href="/declarations/{amendment_id}"' in english.text
    assert "An amendment of this declaration is open:" in english.text
    assert "Cancelling the declaration also withdraws its open amendment." in english.text
    assert "Tờ khai này đang có bản khai sửa đổi, bổ sung chưa hoàn tất:" in vietnamese.text
    assert "Hủy tờ khai cũng đồng thời rút bản khai sửa đổi, bổ sung đang mở." in vietnamese.text


def test_a_withdrawn_amendment_offers_no_action_and_no_edit_form(
    app_client: TestClient, users: Users
) -> None:
    declaration_id, amendment_id = _registered_with_amendment(app_client, users)
    sign_in(app_client, "lan")
    app_client.cookies.set("lang", "en")
    open_page_before = app_client.get(f"/declarations/{amendment_id}")
    cancelled = app_client.post(
        f"{BASE}/{declaration_id}/cancel",
        json={"reason": "Goods never shipped"},
        headers=users.headers("lan"),
    )
    assert cancelled.status_code == 200, cancelled.text

    page = app_client.get(f"/declarations/{amendment_id}")
    edit_form = app_client.get(f"/declarations/{amendment_id}/edit")
    app_client.cookies.set("lang", "vi")
    vietnamese = app_client.get(f"/declarations/{amendment_id}")

    assert _offered(open_page_before, amendment_id) == {"edit", "submit", "documents"}
    assert _offered(page, amendment_id) == set()
    assert 'id="declaration-status">withdrawn<' in page.text
    assert 'id="declaration-status">đã rút<' in vietnamese.text
    assert edit_form.status_code == 409
    assert "Cannot edit this declaration: this amendment was withdrawn" in edit_form.text


def test_a_cancelled_declaration_offers_nothing(app_client: TestClient, users: Users) -> None:
    declaration_id, _ = _registered_with_amendment(app_client, users)
    lan = users.headers("lan")
    app_client.post(f"{BASE}/{declaration_id}/cancel", json={"reason": "Lost"}, headers=lan)
    sign_in(app_client, "lan")
    app_client.cookies.set("lang", "en")

    page = app_client.get(f"/declarations/{declaration_id}")

    assert _offered(page, declaration_id) == set()
    assert 'id="open-amendment"' not in page.text
