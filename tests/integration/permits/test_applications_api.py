"""Traders apply with documents from their dossier; the owning agency moves the file through
its procedure, with one clock per step; nothing else may."""

from __future__ import annotations

from datetime import timedelta

from kit_dates import iso
from permits_support import API, Window, apples_payload
from support import TEST_NOW


def test_an_application_reuses_dossier_documents_and_starts_the_agencys_clock(
    window: Window,
) -> None:
    documents = window.dossier()
    filed = window.apply(document_ids=documents)
    assert filed["state"] == "received"
    assert filed["holder"] == "agency"
    assert filed["agency"] == "PPD"
    assert filed["number"] == f"PPD-2026-{filed['id']:06d}"
    assert filed["document_ids"] == documents
    assert filed["deadline_at"] == iso(TEST_NOW + timedelta(hours=8))
    assert filed["sampled"] is False
    assert filed["sampling_reason"] == "mutual_recognition"
    assert [s["state"] for s in filed["steps"]] == ["received"]


def test_documents_come_from_the_declaration_dossier_without_uploading_again(
    window: Window,
) -> None:
    documents = window.dossier()
    draft = window.client.post(
        "/api/v1/declarations",
        json={**apples_payload(), "document_ids": documents},
        headers=window.headers("lan"),
    )
    assert draft.status_code == 201, draft.text
    filed = window.apply(declaration_id=draft.json()["id"])
    assert sorted(filed["document_ids"]) == sorted(documents)


def test_an_application_without_the_required_documents_is_refused_naming_them(
    window: Window,
) -> None:
    invoice = window.upload("invoice.pdf", "invoice")
    refused = window.apply_raw(document_ids=[invoice])
    assert refused.status_code == 422
    assert "bill_of_lading" in refused.json()["detail"]
    assert window.get(f"{API}/applications") == []


def test_a_line_the_procedure_does_not_control_is_refused(window: Window) -> None:
    refused = window.apply_raw(hs_code="85171300", document_ids=window.dossier())
    assert refused.status_code == 422
    assert "85171300" in refused.json()["detail"]


def test_another_enterprises_documents_are_not_taken(window: Window) -> None:
    binhs = window.upload("b-invoice.pdf", "invoice", username="binh")
    refused = window.apply_raw(document_ids=[binhs, *window.dossier()])
    assert refused.status_code == 404


def test_the_agency_approves_and_the_licence_gets_its_validity_and_balance(
    window: Window,
) -> None:
    filed = window.apply()
    accepted = window.act("thu", filed["id"], "accept")
    assert accepted["state"] == "in_review"
    assert accepted["deadline_at"] == iso(TEST_NOW + timedelta(hours=24))
    approved = window.act("thu", filed["id"], "approve_with_conditions", conditions="Cold store")
    assert approved["state"] == "approved_with_conditions"
    assert approved["holder"] is None
    assert approved["valid_from"] == "2026-11-20"
    assert approved["valid_until"] == "2026-12-20"  # the sample's 30 days
    assert approved["balance"] == "10000"
    assert approved["conditions"] == "Cold store"
    assert [s["state"] for s in approved["steps"]] == [
        "received",
        "in_review",
        "approved_with_conditions",
    ]
    assert all(s["ended_at"] for s in approved["steps"][:-1])


def test_the_trader_sees_a_supplement_request_and_answers_it(window: Window) -> None:
    filed = window.apply()
    asked = window.act("thu", filed["id"], "request_supplement", note="Phytosanitary cert.")
    assert asked["holder"] == "trader"
    assert asked["deadline_at"] == iso(TEST_NOW + timedelta(hours=120))
    mine = window.get(f"{API}/applications/{filed['id']}")
    assert mine["state"] == "supplement_requested"
    answered = window.act("lan", filed["id"], "supplement")
    assert answered["state"] == "in_review"
    assert answered["holder"] == "agency"


def test_an_agency_that_does_not_own_the_procedure_cannot_decide(window: Window) -> None:
    filed = window.apply()
    refused = window.act_raw("khoa", filed["id"], "accept")
    assert refused.status_code == 403
    assert "PPD" in refused.json()["detail"]
    assert window.get(f"{API}/applications/{filed['id']}")["state"] == "received"


def test_the_trader_cannot_decide_and_others_cannot_see(window: Window) -> None:
    filed = window.apply()
    assert window.act_raw("lan", filed["id"], "approve").status_code == 403
    hidden = window.client.get(f"{API}/applications/{filed['id']}", headers=window.headers("binh"))
    assert hidden.status_code == 404
    assert window.act_raw("binh", filed["id"], "withdraw").status_code == 404


def test_a_decision_on_a_withdrawn_application_is_refused_and_changes_nothing(
    window: Window,
) -> None:
    filed = window.apply()
    assert window.act("lan", filed["id"], "withdraw")["state"] == "withdrawn"
    refused = window.act_raw("thu", filed["id"], "approve")
    assert refused.status_code == 409
    after = window.get(f"{API}/applications/{filed['id']}")
    assert after["state"] == "withdrawn"
    assert after["balance"] == "0"


def test_a_lot_selected_for_sampling_goes_through_the_lab(window: Window) -> None:
    # No certificate under mutual recognition: sampled or not by the draw; the agency may
    # take a sample of any lot.
    filed = window.apply(certificate_country=None)
    window.act("thu", filed["id"], "accept")
    window.act("thu", filed["id"], "take_sample")
    lab = window.act("thu", filed["id"], "record_lab_result", lab_passed=False)
    assert lab["state"] == "lab_result"
    refused = window.act_raw("thu", filed["id"], "approve")
    assert refused.status_code == 409
    assert window.act("thu", filed["id"], "reject")["state"] == "rejected"


def test_the_agency_queue_lists_open_files_by_deadline(window: Window) -> None:
    first = window.apply()
    second = window.apply()
    window.act("thu", first["id"], "accept")  # 24 h from now: after the second's 8 h
    queue = window.get(f"{API}/applications", username="thu")
    assert [a["id"] for a in queue] == [second["id"], first["id"]]
    assert window.get(f"{API}/applications", username="khoa") == []
