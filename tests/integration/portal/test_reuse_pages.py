"""Copying an earlier declaration, the language switch keeping the page's filters, the step
that confirms a cancellation, and the warning when a bill of lading is filed twice."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from support import Users, csrf, import_payload, sign_in

BASE = "/api/v1/declarations"


def _create(client: TestClient, headers: dict[str, str], **overrides: object) -> dict[str, Any]:
    created = client.post(BASE, json=import_payload(**overrides), headers=headers)
    assert created.status_code == 201, created.text
    return dict(created.json())


# ------------------------------------------------------------------ copy


def test_a_copy_is_a_new_draft_with_the_header_and_items_but_not_number_dates_or_dossier(
    app_client: TestClient, users: Users
) -> None:
    lan = users.headers("lan")
    source = _create(app_client, lan)
    registered = app_client.post(f"{BASE}/{source['id']}/submit", headers=lan).json()

    copied = app_client.post(f"{BASE}/{source['id']}/copy", headers=lan)

    assert copied.status_code == 201, copied.text
    copy = copied.json()
    assert copy["id"] != source["id"]
    assert registered["declaration"]["number"]
    assert (copy["status"], copy["number"], copy["version"]) == ("draft", None, 1)
    assert (copy["submitted_at"], copy["registered_at"]) == (None, None)
    assert (copy["arrival_date"], copy["invoice_date"]) == (None, None)
    assert copy["document_ids"] == []
    assert copy["invoice_number"] == source["invoice_number"]
    assert copy["enterprise_id"] == source["enterprise_id"]
    assert [i["hs_code"] for i in copy["items"]] == ["85171300", "61091010"]


def test_only_who_may_see_and_declare_for_a_declaration_may_copy_it(
    app_client: TestClient, users: Users
) -> None:
    source = _create(app_client, users.headers("lan"))
    app_client.post(f"{BASE}/{source['id']}/submit", headers=users.headers("lan"))

    other_trader = app_client.post(f"{BASE}/{source['id']}/copy", headers=users.headers("binh"))
    officer = app_client.post(f"{BASE}/{source['id']}/copy", headers=users.headers("hoa"))
    broker = app_client.post(f"{BASE}/{source['id']}/copy", headers=users.headers("minh"))

    assert other_trader.status_code == 404
    assert officer.status_code == 403
    assert broker.status_code == 201, broker.text


def test_the_copy_button_on_the_page_and_the_list_makes_a_draft_to_edit(
    app_client: TestClient, users: Users
) -> None:
    source = _create(app_client, users.headers("lan"))
    sign_in(app_client, "lan")
    app_client.cookies.set("lang", "en")
    page = app_client.get(f"/declarations/{source['id']}")
    listing = app_client.get("/declarations")

    copied = app_client.post(
        f"/declarations/{source['id']}/copy",
        data={"csrf_token": csrf(page.text)},
        follow_redirects=False,
    )
    edit = app_client.get(copied.headers["location"])

    assert 'id="copy"' in page.text
    assert f'action="/declarations/{source["id"]}/copy"' in listing.text
    assert copied.status_code == 303
    assert copied.headers["location"].endswith("/edit?msg=copied_ok")
    assert "A new draft was made from the declaration" in edit.text
    assert 'value="Shenzhen Bright Electronics Co., Ltd"' in edit.text


# ------------------------------------------------------------------ language switch


def test_the_language_switch_keeps_the_pages_filters(app_client: TestClient) -> None:
    sign_in(app_client, "lan")
    app_client.cookies.set("lang", "en")
    listing = app_client.get("/declarations?status=draft&page=1")

    link = '/lang/vi?next=/declarations%3Fstatus%3Ddraft%26page%3D1"'
    switched = app_client.get(
        "/lang/vi?next=/declarations%3Fstatus%3Ddraft%26page%3D1%26lang%3Den",
        follow_redirects=False,
    )

    assert link in listing.text
    assert switched.status_code == 303
    # The filters stay; a `lang` in the query would outrank the choice, so it goes.
    assert switched.headers["location"] == "/declarations?status=draft&page=1"
    assert switched.cookies.get("lang") == "vi"


# ------------------------------------------------------------------ cancel confirmation


@pytest.mark.release_held
def test_cancelling_asks_to_confirm_first_and_only_the_confirmed_post_cancels(
    app_client: TestClient, users: Users
) -> None:
    lan = users.headers("lan")
    source = _create(app_client, lan)
    app_client.post(f"{BASE}/{source['id']}/submit", headers=lan)
    sign_in(app_client, "lan")
    app_client.cookies.set("lang", "vi")
    detail = app_client.get(f"/declarations/{source['id']}")
    step = app_client.get(f"/declarations/{source['id']}/cancel")

    unconfirmed = app_client.post(
        f"/declarations/{source['id']}/cancel",
        data={"csrf_token": csrf(detail.text), "reason": "Hàng không về"},
    )
    still = app_client.get(f"{BASE}/{source['id']}", headers=lan).json()["status"]
    confirmed = app_client.post(
        f"/declarations/{source['id']}/cancel",
        data={"csrf_token": csrf(step.text), "reason": "Hàng không về", "confirmed": "yes"},
        follow_redirects=False,
    )
    after = app_client.get(f"{BASE}/{source['id']}", headers=lan).json()

    assert f'<form method="get" action="/declarations/{source["id"]}/cancel"' in detail.text
    assert step.status_code == 200
    assert "Hủy tờ khai này?" in step.text
    assert "không thể hoàn tác" in step.text
    assert 'name="confirmed" value="yes"' in step.text
    assert unconfirmed.status_code == 200
    assert 'value="Hàng không về"' in unconfirmed.text  # the reason comes back on the step
    assert still == "registered"
    assert confirmed.status_code == 303
    assert (after["status"], after["cancel_reason"]) == ("cancelled", "Hàng không về")


def test_no_confirmation_step_for_what_cannot_be_cancelled(
    app_client: TestClient, users: Users
) -> None:
    source = _create(app_client, users.headers("lan"))  # a draft: never registered
    sign_in(app_client, "lan")

    assert app_client.get(f"/declarations/{source['id']}/cancel").status_code == 409


# ------------------------------------------------------------------ duplicate bill of lading


def test_the_same_bill_of_lading_twice_warns_without_blocking_in_both_languages(
    app_client: TestClient, users: Users
) -> None:
    lan = users.headers("lan")
    first = _create(app_client, lan, transport_document="HASLC0999")
    registered = app_client.post(f"{BASE}/{first['id']}/submit", headers=lan).json()
    number = registered["declaration"]["number"]

    second = _create(app_client, lan, transport_document="haslc0999")  # its case ignored
    submitted = app_client.post(
        f"{BASE}/{second['id']}/submit", headers={**lan, "Accept-Language": "vi"}
    )
    other_bl = _create(app_client, lan, transport_document="HASLC0998")
    other_enterprise = _create(app_client, users.headers("binh"), transport_document="HASLC0999")

    assert first["warnings"] == []
    warning = second["warnings"][0]
    assert warning["code"] == "duplicate_transport_document"
    assert warning["path"] == "transport_document"
    assert warning["declaration_ids"] == [first["id"]]
    assert warning["message_en"] == (
        f"Bill of lading haslc0999 is also on declaration {number} of this enterprise: "
        "check that the goods are not declared twice."
    )
    assert warning["message_vi"].startswith(f"Vận đơn haslc0999 đã có trên tờ khai {number}")
    assert submitted.status_code == 200  # a warning never blocks
    assert submitted.json()["declaration"]["warnings"][0]["declaration_ids"] == [first["id"]]
    assert other_bl["warnings"] == []
    assert other_enterprise["warnings"] == []


def test_the_warning_is_on_the_declarations_page_and_its_form(
    app_client: TestClient, users: Users
) -> None:
    lan = users.headers("lan")
    first = _create(app_client, lan)
    second = _create(app_client, lan)
    sign_in(app_client, "lan")
    app_client.cookies.set("lang", "en")

    page = app_client.get(f"/declarations/{second['id']}")
    form = app_client.get(f"/declarations/{second['id']}/edit")
    app_client.cookies.set("lang", "vi")
    vietnamese = app_client.get(f"/declarations/{second['id']}")

    for html in (page.text, form.text):
        assert 'id="filing-warnings"' in html
        assert "Bill of lading HASLC01240012345 is also on declaration #" in html
        assert f'href="/declarations/{first["id"]}"' in html
    assert "Vận đơn HASLC01240012345 đã có trên tờ khai #" in vietnamese.text


@pytest.mark.release_held
def test_an_amendment_does_not_warn_about_its_own_declaration(
    app_client: TestClient, users: Users
) -> None:
    lan = users.headers("lan")
    first = _create(app_client, lan, transport_document="HASLC0777")
    app_client.post(f"{BASE}/{first['id']}/submit", headers=lan)

    amendment = app_client.post(f"{BASE}/{first['id']}/amend", headers=lan)

    assert amendment.status_code == 201, amendment.text
    assert amendment.json()["warnings"] == []
