"""The portal: Lan applies and tracks one clock per step, Thu works her agency's queue and
decides, the declaration's page says what it waits for, from whom, since when."""

from __future__ import annotations

from permits_support import Window, apples_payload
from support import csrf, sign_in


def test_lan_applies_from_her_dossier_and_sees_who_holds_the_file(window: Window) -> None:
    documents = window.dossier()
    client = window.client
    sign_in(client, "lan")
    form = client.get("/permits/new?lang=en")
    assert form.status_code == 200
    assert "Commercial invoice" in form.text
    answer = client.post(
        "/permits/new",
        data={
            "csrf_token": csrf(form.text),
            "procedure": "plant_quarantine_import",
            "hs_code": "08081000",
            "goods": "Fresh apples",
            "origin_country": "nz",
            "quantity": "5000",
            "unit": "KGM",
            "certificate_country": "NZ",
            "document_ids": [str(d) for d in documents],
        },
        follow_redirects=True,
    )
    assert answer.status_code == 200, answer.text
    # Vietnamese, the portal's default language, after the redirect.
    assert "đã tiếp nhận" in answer.text
    assert "cơ quan chuyên ngành" in answer.text
    listed = client.get("/permits?lang=en")
    assert "received" in listed.text
    assert "the agency" in listed.text


def test_an_application_missing_a_document_is_shown_again_with_the_reason(
    window: Window,
) -> None:
    invoice = window.upload("invoice.pdf", "invoice")
    client = window.client
    sign_in(client, "lan")
    form = client.get("/permits/new?lang=en")
    answer = client.post(
        "/permits/new",
        data={
            "csrf_token": csrf(form.text),
            "procedure": "plant_quarantine_import",
            "hs_code": "08081000",
            "goods": "Fresh apples",
            "origin_country": "NZ",
            "quantity": "not a number",
            "unit": "KGM",
            "document_ids": [str(invoice)],
        },
    )
    assert answer.status_code == 422
    assert 'id="error"' in answer.text


def test_thu_decides_from_her_queue_and_the_declaration_page_follows(window: Window) -> None:
    pending = window.apply()
    declaration = window.file(apples_payload("4000"))
    client = window.client
    sign_in(client, "lan")
    waiting = client.get(f"/declarations/{declaration['id']}?lang=en")
    assert 'id="permits-awaited"' in waiting.text
    assert "Plant Protection Department (sample)" in waiting.text

    client.cookies.clear()
    sign_in(client, "thu")
    assert client.get("/", follow_redirects=False).headers["location"] == "/permits/queue"
    queue = client.get("/permits/queue?lang=en")
    assert pending["number"] in queue.text
    detail = client.get(f"/permits/{pending['id']}?lang=en")
    for action in ("accept", "approve"):
        decided = client.post(
            f"/permits/{pending['id']}/act",
            data={"csrf_token": csrf(detail.text), "action": action},
            follow_redirects=True,
        )
        assert decided.status_code == 200, decided.text
    assert "đã cấp phép" in decided.text

    client.cookies.clear()
    sign_in(client, "lan")
    moved = client.get(f"/declarations/{declaration['id']}?lang=en")
    assert 'id="permits-awaited"' not in moved.text
    assert 'id="permits-attached"' in moved.text


def test_another_agency_is_told_it_does_not_own_the_procedure(window: Window) -> None:
    pending = window.apply()
    client = window.client
    sign_in(client, "khoa")
    detail = client.get(f"/permits/{pending['id']}?lang=en")
    assert detail.status_code == 404
    refused = client.post(
        f"/permits/{pending['id']}/act",
        data={"csrf_token": csrf(client.get("/permits/queue").text), "action": "approve"},
    )
    assert refused.status_code in (403, 404)
