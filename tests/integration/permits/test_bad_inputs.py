"""Issue 16's bad inputs not covered elsewhere: a licence for another line or another party
does not clear a line; an agency's decision sent twice, or sent on a withdrawn application,
is an idempotent no-op or a clear error, with nothing half-changed."""

from __future__ import annotations

from permits_support import API, Window, apples_payload


def balance(window: Window, licence_id: int, username: str = "lan") -> str:
    return str(window.get(f"{API}/applications/{licence_id}", username=username)["balance"])


def test_a_licence_for_apples_does_not_clear_oranges(window: Window) -> None:
    licence = window.grant(window.apply()["id"])["id"]
    payload = apples_payload("4000")
    (item,) = payload["items"]  # type: ignore[misc]
    item.update(hs_code="08051020", description="Fresh oranges")

    filed = window.file(payload)

    assert filed["status"] == "rejected"
    (reason,) = filed["status_reasons"]
    assert reason["code"] == "licence_missing"
    assert "08051020" in reason["message_en"]
    assert "PPD" in reason["message_en"]
    assert balance(window, licence) == "10000"


def test_another_enterprises_licence_does_not_clear_lans_apples(window: Window) -> None:
    documents = [
        window.upload("binh-invoice.pdf", "invoice", "binh"),
        window.upload("binh-lading.pdf", "bill_of_lading", "binh"),
    ]
    binh = window.apply("binh", enterprise_id=window.enterprise("binh"), document_ids=documents)
    window.grant(binh["id"])

    filed = window.file(apples_payload("4000"))

    assert filed["status"] == "rejected"
    assert filed["status_reasons"][0]["code"] == "licence_missing"
    assert balance(window, binh["id"], "binh") == "10000"
    # Nothing of Lan's refused declaration was drawn or left waiting.
    attached = window.get(f"{API}/declarations/{filed['id']}")
    assert attached == {"waits": [], "attached": []}


def test_an_approval_sent_twice_draws_for_the_waiting_declaration_once(window: Window) -> None:
    pending = window.apply()["id"]
    filed = window.file(apples_payload("4000"))
    assert filed["status"] == "registered"
    window.message("ppd-system", message_id="a-1", application_id=pending, action="accept")
    body = {"message_id": "a-2", "application_id": pending, "action": "approve"}

    first = window.message("ppd-system", **body)
    again = window.message("ppd-system", **body)

    assert first.status_code == again.status_code == 200, again.text
    assert (first.json()["applied"], again.json()["applied"]) == (True, False)
    assert again.json()["application"]["state"] == "approved"
    assert balance(window, pending) == "6000"
    found = window.get(f"{API}/declarations/{filed['id']}")
    assert [(a["application"]["id"], a["quantity"]) for a in found["attached"]] == [
        (pending, "4000")
    ]
    steps = window.get(f"{API}/applications/{pending}")["steps"]
    assert [s["state"] for s in steps] == ["received", "in_review", "approved"]


def test_an_agency_message_on_a_withdrawn_application_is_refused_and_changes_nothing(
    window: Window,
) -> None:
    filed = window.apply()
    window.act("lan", filed["id"], "withdraw")

    refused = window.message(
        "ppd-system", message_id="w-1", application_id=filed["id"], action="approve"
    )

    assert refused.status_code == 409
    assert refused.json()["detail"]
    after = window.get(f"{API}/applications/{filed['id']}")
    assert (after["state"], after["balance"]) == ("withdrawn", "0")
    assert [s["state"] for s in after["steps"]] == ["received", "withdrawn"]
    # The message was not recorded as applied: sent again, it is refused again, not a no-op.
    assert (
        window.message(
            "ppd-system", message_id="w-1", application_id=filed["id"], action="approve"
        ).status_code
        == 409
    )
