"""An agency's system pushes decisions, each with a message id: applied once however often
it is sent; a reused id or a step out of order is a clear error, nothing changed."""

from __future__ import annotations

from permits_support import API, Window


def test_the_same_message_twice_is_applied_once(window: Window) -> None:
    filed = window.apply()
    first = window.message(
        "ppd-system", message_id="m-1", application_id=filed["id"], action="accept"
    )
    assert first.status_code == 200, first.text
    assert first.json()["applied"] is True
    again = window.message(
        "ppd-system", message_id="m-1", application_id=filed["id"], action="accept"
    )
    assert again.status_code == 200
    assert again.json()["applied"] is False
    assert again.json()["application"]["state"] == "in_review"
    steps = window.get(f"{API}/applications/{filed['id']}")["steps"]
    assert [s["state"] for s in steps] == ["received", "in_review"]


def test_a_message_id_reused_for_another_action_is_refused(window: Window) -> None:
    filed = window.apply()
    window.message("ppd-system", message_id="m-2", application_id=filed["id"], action="accept")
    reused = window.message(
        "ppd-system", message_id="m-2", application_id=filed["id"], action="approve"
    )
    assert reused.status_code == 409
    assert "m-2" in reused.json()["detail"]
    assert window.get(f"{API}/applications/{filed['id']}")["state"] == "in_review"


def test_a_callback_out_of_order_is_refused_and_changes_nothing(window: Window) -> None:
    filed = window.apply()
    early = window.message(
        "ppd-system",
        message_id="m-3",
        application_id=filed["id"],
        action="record_lab_result",
        lab_passed=True,
    )
    assert early.status_code == 409
    after = window.get(f"{API}/applications/{filed['id']}")
    assert after["state"] == "received"
    assert after["steps"][-1]["ended_at"] is None
    # The message id was not spent: the right step may still use it.
    assert window.message(
        "ppd-system", message_id="m-3", application_id=filed["id"], action="accept"
    ).json()["applied"]


def test_another_agencys_system_cannot_decide(window: Window) -> None:
    filed = window.apply()
    refused = window.message("khoa", message_id="x-1", application_id=filed["id"], action="accept")
    assert refused.status_code == 403


def test_the_agency_system_receives_its_queue(window: Window) -> None:
    filed = window.apply()
    queue = window.get(f"{API}/applications", username="ppd-system")
    assert [a["id"] for a in queue] == [filed["id"]]
    assert queue[0]["document_ids"]
