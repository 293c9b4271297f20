"""The officers' risk pages over HTTP: rules, test on history, worklists, inspection, profile,
and the channel panel on the declaration page."""

from __future__ import annotations

import re

from risk_support import PHONES_RED, Desk
from support import csrf, sign_in


def test_hoa_writes_a_rule_in_the_portal_tests_it_and_son_activates_it(desk: Desk) -> None:
    client = desk.client
    desk.file()
    sign_in(client, "hoa")
    form = client.get("/risk/rules/new")
    assert form.status_code == 200
    created = client.post(
        "/risk/rules/new",
        data={
            "csrf_token": csrf(form.text),
            "code": "PHONES-CN",
            "description": "Phones from China",
            "score": "40",
            "hs_prefixes": "8517",
            "origins": "cn",
            "new_trader": "",
        },
        follow_redirects=False,
    )
    assert created.status_code == 303, created.text
    page = client.get(created.headers["location"])
    assert "PHONES-CN" in page.text
    assert 'id="switch-rule"' not in page.text

    tested = client.post(
        created.headers["location"].split("?")[0] + "/test", data={"csrf_token": csrf(page.text)}
    )
    assert tested.status_code == 200
    assert re.search(r"Of \d+ past declarations this rule would have flagged \d+", tested.text) or (
        "tờ khai đã phân luồng" in tested.text
    )
    assert "PHONES-CN" in client.get("/risk/rules").text

    client.cookies.clear()
    sign_in(client, "son")
    page = client.get(created.headers["location"])
    switched = client.post(
        created.headers["location"].split("?")[0] + "/activate",
        data={"csrf_token": csrf(page.text)},
        follow_redirects=True,
    )
    assert switched.status_code == 200
    assert 'id="rule-state"' in switched.text


def test_a_rule_form_with_errors_comes_back_with_them(desk: Desk) -> None:
    client = desk.client
    sign_in(client, "hoa")
    form = client.get("/risk/rules/new")
    response = client.post(
        "/risk/rules/new",
        data={"csrf_token": csrf(form.text), "code": "BAD", "score": "0", "hs_prefixes": "8x"},
    )
    assert response.status_code == 422
    assert 'data-path="criteria.hs_prefixes"' in response.text


def test_an_officer_works_the_red_worklist_and_records_a_finding(desk: Desk) -> None:
    desk.rule(**PHONES_RED)
    declaration = desk.file()["declaration"]
    client = desk.client
    sign_in(client, "hoa")

    worklist = client.get("/risk/worklist/red")
    assert worklist.status_code == 200
    assert declaration["number"] in worklist.text
    assert "Công ty TNHH Thương mại Sông Hồng (demo)" in worklist.text  # the importer, by name
    detail = client.get(f"/declarations/{declaration['id']}")
    assert 'id="risk-channel"' in detail.text
    assert 'data-code="forced_rule"' in detail.text

    form = client.get(f"/risk/inspections/{declaration['id']}")
    assert form.status_code == 200
    saved = client.post(
        f"/risk/inspections/{declaration['id']}",
        data={
            "csrf_token": csrf(form.text),
            "kind": "physical",
            "findings": "yes",
            "corrected_hs_code": "8517.62.00",
            "revenue_adjustment_vnd": "1.500.000",  # the portal speaks Vietnamese by default
            "violation": "Misdeclared HS code",
        },
        follow_redirects=False,
    )
    assert saved.status_code == 303, saved.text
    after = client.get(saved.headers["location"])
    assert 'id="risk-inspection"' in after.text
    assert "85176200" in after.text
    assert "<dd>1.500.000</dd>" in after.text
    assert declaration["number"] not in client.get("/risk/worklist/red").text

    profile = client.get(f"/risk/traders/{declaration['enterprise_id']}")
    assert profile.status_code == 200
    assert 'id="compliance"' in profile.text


def test_the_trader_sees_the_channel_on_the_declaration_page_without_the_reasons(
    desk: Desk,
) -> None:
    desk.rule(**PHONES_RED)
    declaration = desk.file()["declaration"]
    client = desk.client
    client.cookies.set("lang", "vi")
    sign_in(client, "lan")
    detail = client.get(f"/declarations/{declaration['id']}")
    assert "luồng đỏ" in detail.text
    assert 'id="risk-reasons"' not in detail.text
    assert client.get("/risk/rules", follow_redirects=False).status_code == 403


def test_son_activates_a_trained_model_version_in_the_portal(desk: Desk) -> None:
    client = desk.client
    sign_in(client, "son")
    assert 'id="no-model"' in client.get("/risk/models").text
    version = desk.post("son", "/api/v1/risk/models/train", json={"max_rows": 300}).json()

    page = client.get("/risk/models")
    activated = client.post(
        f"/risk/models/{version['id']}/activate",
        data={"csrf_token": csrf(page.text)},
        follow_redirects=True,
    )
    assert activated.status_code == 200
    assert 'id="no-model"' not in activated.text
    assert version["sha256"][:12] in activated.text


def _field_error(html: str, path: str) -> str:
    match = re.search(rf'<span class="field-error" data-path="{re.escape(path)}">([^<]*)<', html)
    assert match, f"no error beside {path}"
    return match.group(1)


def test_a_description_longer_than_the_api_allows_is_refused_beside_it_not_cut(
    desk: Desk,
) -> None:
    client = desk.client
    sign_in(client, "hoa")
    client.cookies.set("lang", "en")
    description = "Smartphones declared through Hai Phong below their market value. " * 16
    assert len(description.strip()) > 1000
    rule = {"code": "PHONES-LONG", "score": "40", "hs_prefixes": "8517"}
    form = client.get("/risk/rules/new")

    refused = client.post(
        "/risk/rules/new",
        data={"csrf_token": csrf(form.text), **rule, "description": description},
        follow_redirects=False,
    )

    assert refused.status_code == 422
    assert "1000" in _field_error(refused.text, "description")
    kept = re.search(r'<input name="description" value="([^"]*)"', refused.text)
    assert kept
    assert kept.group(1) == description  # the form comes back as typed
    assert 'name="code" required maxlength="40" value="PHONES-LONG"' in refused.text
    codes = [r["code"] for r in desk.get("hoa", "/api/v1/risk/rules").json()]
    assert "PHONES-LONG" not in codes  # nothing saved, not even a shortened description
    # The API refuses the same description for the same reason.
    body = {
        "code": "PHONES-LONG",
        "description": description,
        "criteria": {"hs_prefixes": ["8517"]},
    }
    by_api = desk.post("hoa", "/api/v1/risk/rules", json={**body, "score": 40})
    assert by_api.status_code == 422
    assert [e["path"] for e in by_api.json()["errors"]] == ["description"]


def test_a_changed_rule_with_too_long_a_description_keeps_its_saved_version(desk: Desk) -> None:
    rule = desk.rule(activate_as=None, **PHONES_RED)
    client = desk.client
    sign_in(client, "hoa")
    page = client.get(f"/risk/rules/{rule['id']}")

    refused = client.post(
        f"/risk/rules/{rule['id']}",
        data={
            "csrf_token": csrf(page.text),
            "code": rule["code"],
            "description": "x" * 1001,
            "forced_channel": "red",
            "hs_prefixes": "8517",
            "offices": "03CC",
        },
    )

    assert refused.status_code == 422
    assert _field_error(refused.text, "description")
    saved = desk.get("hoa", f"/api/v1/risk/rules/{rule['id']}").json()
    assert (saved["description"], saved["version"]) == (rule["description"], rule["version"])


def test_a_list_value_the_api_refuses_is_shown_beside_its_list(desk: Desk) -> None:
    client = desk.client
    sign_in(client, "hoa")
    form = client.get("/risk/rules/new")

    refused = client.post(
        "/risk/rules/new",
        data={
            "csrf_token": csrf(form.text),
            "code": "LONG-ORIGIN",
            "score": "10",
            "origins": "CN " + "X" * 21,  # a code of 20 characters at most, as in the API
        },
    )

    assert refused.status_code == 422
    assert _field_error(refused.text, "criteria.origins")


def test_an_inspection_note_longer_than_the_api_allows_is_refused_and_nothing_recorded(
    desk: Desk,
) -> None:
    desk.rule(**PHONES_RED)
    declaration = desk.file()["declaration"]
    client = desk.client
    sign_in(client, "hoa")
    form = client.get(f"/risk/inspections/{declaration['id']}")

    refused = client.post(
        f"/risk/inspections/{declaration['id']}",
        data={
            "csrf_token": csrf(form.text),
            "kind": "physical",
            "findings": "no",
            "note": "n" * 2001,
        },
    )

    assert refused.status_code == 422
    assert _field_error(refused.text, "note")
    assert "n" * 2001 in refused.text  # the note comes back as typed
    assert declaration["number"] in client.get("/risk/worklist/red").text  # still pending
