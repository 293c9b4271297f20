"""A declaration's lifecycle through the API, on SQLite and PostgreSQL: amendments,
cancellation, and what each status refuses."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from risk_support import PHONES_RED, Desk
from smartcustoms.declarations.models import Declaration
from smartcustoms.outbox.service import events_for
from smartcustoms.risk.models import RiskDecision
from smartcustoms.tariff.models import TaxAssessment
from support import Users, import_payload

# About a registered declaration before its goods are released: a condition never met holds
# the release (as unpaid taxes do), so a green one is not cleared at once.
pytestmark = pytest.mark.release_held

BASE = "/api/v1/declarations"


@pytest.fixture
def desk(app_client: TestClient, users: Users) -> Desk:
    return Desk(app_client, users)


def _amend(desk: Desk, declaration_id: int) -> dict[str, Any]:
    amendment = desk.post("lan", f"{BASE}/{declaration_id}/amend")
    assert amendment.status_code == 201, amendment.text
    return dict(amendment.json())


def _cancel(desk: Desk, declaration_id: int, reason: str = "Seller cancelled the order") -> Any:
    return desk.post("lan", f"{BASE}/{declaration_id}/cancel", json={"reason": reason})


def _refusal(response: Any) -> dict[str, Any]:
    """The reason a lifecycle refusal gives: 409 problem details with the status and action."""
    assert response.status_code == 409, response.text
    problem = response.json()
    assert (problem["status"], problem["code"]) == (409, "transition_refused")
    return {
        "status": problem["declaration_status"],
        **{k: problem[k] for k in ("action", "reason")},
    }


def _written_by_registration(session: Session, declaration_id: int) -> tuple[int, int]:
    """How many tax assessments and risk decisions a version has."""
    taxes = select(func.count()).where(TaxAssessment.declaration_id == declaration_id)
    risks = select(func.count()).where(RiskDecision.declaration_id == declaration_id)
    return session.scalar(taxes) or 0, session.scalar(risks) or 0


def _steps(history: dict[str, Any], declaration_id: int) -> list[tuple[str | None, str]]:
    return [
        (c["from_status"], c["to_status"])
        for c in history["changes"]
        if c["declaration_id"] == declaration_id
    ]


def test_cancel_withdraws_the_open_amendment_and_its_submit_is_refused(
    desk: Desk, session: Session
) -> None:
    filed = desk.file()["declaration"]
    amendment = _amend(desk, filed["id"])

    cancelled = _cancel(desk, filed["id"], reason="Goods never shipped")

    assert cancelled.status_code == 200, cancelled.text
    assert cancelled.json()["status"] == "cancelled"
    withdrawn = desk.get("lan", f"{BASE}/{amendment['id']}").json()
    assert withdrawn["status"] == "withdrawn"
    submit = desk.post("lan", f"{BASE}/{amendment['id']}/submit")
    assert _refusal(submit) == {"status": "withdrawn", "action": "submit", "reason": "withdrawn"}
    assert _written_by_registration(session, amendment["id"]) == (0, 0)
    history = desk.get("lan", f"{BASE}/{filed['id']}/history").json()
    assert [(v["version"], v["status"]) for v in history["versions"]] == [
        (1, "cancelled"),
        (2, "withdrawn"),
    ]
    assert _steps(history, filed["id"]) == [
        (None, "draft"),
        ("draft", "submitted"),
        ("submitted", "registered"),
        ("registered", "cancelled"),
    ]
    assert _steps(history, amendment["id"]) == [(None, "draft"), ("draft", "withdrawn")]
    withdrawal = history["changes"][-1]
    assert withdrawal["note"] == "withdrawn: version 1 was cancelled (Goods never shipped)"
    topics = [
        e.topic
        for e in events_for(session, aggregate_type="declaration", aggregate_id=amendment["id"])
    ]
    assert topics == ["declaration.amendment_opened", "declaration.withdrawn"]


def test_an_amendment_left_open_by_an_earlier_cancel_cannot_register(
    desk: Desk, session: Session
) -> None:
    """Data written before cancelling withdrew amendments: the version it amends is checked."""
    filed = desk.file()["declaration"]
    amendment = _amend(desk, filed["id"])
    session.execute(
        update(Declaration).where(Declaration.id == filed["id"]).values(status="cancelled")
    )
    session.commit()

    submit = desk.post("lan", f"{BASE}/{amendment['id']}/submit")

    assert _refusal(submit) == {"status": "cancelled", "action": "supersede", "reason": "cancelled"}
    assert "it was cancelled" in submit.json()["detail"]
    assert _written_by_registration(session, amendment["id"]) == (0, 0)
    versions = desk.get("lan", f"{BASE}/{filed['id']}/history").json()["versions"]
    assert [v["status"] for v in versions] == ["cancelled", "draft"]


def test_amend_then_submit_registers_version_two_and_the_first_becomes_amended(
    desk: Desk, session: Session
) -> None:
    filed = desk.file()["declaration"]
    amendment = _amend(desk, filed["id"])

    answer = desk.post("lan", f"{BASE}/{amendment['id']}/submit")

    assert answer.status_code == 200, answer.text
    registered = answer.json()["declaration"]
    assert (registered["number"], registered["version"], registered["status"]) == (
        filed["number"],
        2,
        "registered",
    )
    assert _written_by_registration(session, amendment["id"]) == (1, 1)
    history = desk.get("lan", f"{BASE}/{filed['id']}/history").json()
    assert _steps(history, filed["id"])[-1] == ("registered", "amended")
    assert _steps(history, amendment["id"]) == [
        (None, "draft"),
        ("draft", "submitted"),
        ("submitted", "registered"),
    ]
    superseded = next(c for c in history["changes"] if c["to_status"] == "amended")
    assert superseded["note"] == "superseded by version 2"
    listed = desk.get("lan", BASE, params={"number": filed["number"]}).json()
    assert [d["id"] for d in listed["items"]] == [amendment["id"]]  # the version in force


def test_a_superseded_version_can_be_neither_amended_nor_cancelled(desk: Desk) -> None:
    filed = desk.file()["declaration"]
    amendment = _amend(desk, filed["id"])
    assert desk.post("lan", f"{BASE}/{amendment['id']}/submit").status_code == 200

    amend_old = desk.post("lan", f"{BASE}/{filed['id']}/amend")
    cancel_old = _cancel(desk, filed["id"])

    assert _refusal(amend_old) == {"status": "amended", "action": "amend", "reason": "superseded"}
    assert _refusal(cancel_old) == {"status": "amended", "action": "cancel", "reason": "superseded"}
    assert _cancel(desk, amendment["id"]).json()["status"] == "cancelled"


def test_amending_a_cancelled_declaration_is_refused(desk: Desk) -> None:
    filed = desk.file()["declaration"]
    assert _cancel(desk, filed["id"]).status_code == 200

    amend = desk.post("lan", f"{BASE}/{filed['id']}/amend")

    assert _refusal(amend) == {"status": "cancelled", "action": "amend", "reason": "cancelled"}
    assert _refusal(_cancel(desk, filed["id"]))["reason"] == "cancelled"


def _overdue_tax_debt(desk: Desk, enterprise_id: int) -> None:
    # Due years before any day these tests run on: overdue far beyond the 90 days that block.
    debt = desk.post(
        "son",
        f"/api/v1/risk/traders/{enterprise_id}/tax-debts",
        json={"amount_vnd": "12000000", "due_date": "2020-01-01", "reference": "TB-99"},
    )
    assert debt.status_code == 201, debt.text


def test_a_rejected_declaration_can_be_neither_amended_nor_cancelled(desk: Desk) -> None:
    first = desk.file()["declaration"]
    _overdue_tax_debt(desk, first["enterprise_id"])
    rejected = desk.file()["declaration"]
    assert rejected["status"] == "rejected"

    amend = desk.post("lan", f"{BASE}/{rejected['id']}/amend")
    cancel = _cancel(desk, rejected["id"])

    assert _refusal(amend) == {"status": "rejected", "action": "amend", "reason": "rejected"}
    assert _refusal(cancel) == {"status": "rejected", "action": "cancel", "reason": "rejected"}


def test_a_rejected_amendment_leaves_the_declaration_in_force_and_the_cancel_withdraws_it(
    desk: Desk,
) -> None:
    filed = desk.file()["declaration"]
    amendment = _amend(desk, filed["id"])
    _overdue_tax_debt(desk, filed["enterprise_id"])
    answer = desk.post("lan", f"{BASE}/{amendment['id']}/submit").json()
    assert answer["declaration"]["status"] == "rejected"
    assert desk.get("lan", f"{BASE}/{filed['id']}").json()["status"] == "registered"
    assert desk.post("lan", f"{BASE}/{filed['id']}/amend").status_code == 409  # still open

    assert _cancel(desk, filed["id"]).status_code == 200

    assert desk.get("lan", f"{BASE}/{amendment['id']}").json()["status"] == "withdrawn"
    history = desk.get("lan", f"{BASE}/{filed['id']}/history").json()
    assert _steps(history, amendment["id"])[-1] == ("rejected", "withdrawn")


def test_cancelling_a_draft_is_refused_and_says_why_in_both_languages(desk: Desk) -> None:
    draft = desk.post("lan", BASE, json=import_payload()).json()

    english = _cancel(desk, draft["id"])
    vietnamese = desk.client.post(
        f"{BASE}/{draft['id']}/cancel",
        json={"reason": "wrong goods"},
        headers={**desk.headers("lan"), "Accept-Language": "vi"},
    )

    assert _refusal(english) == {"status": "draft", "action": "cancel", "reason": "draft"}
    assert english.json()["detail"] == (
        "Cannot cancel this declaration: it is a draft and has not been registered."
    )
    assert vietnamese.json()["detail"] == (
        "Không thể hủy tờ khai này: tờ khai đang là bản nháp, chưa được đăng ký."
    )


def test_a_withdrawn_amendment_cannot_be_edited(desk: Desk) -> None:
    filed = desk.file()["declaration"]
    amendment = _amend(desk, filed["id"])
    assert _cancel(desk, filed["id"]).status_code == 200

    edit = desk.put("lan", f"{BASE}/{amendment['id']}", json=import_payload(packages=41))

    assert _refusal(edit) == {"status": "withdrawn", "action": "edit", "reason": "withdrawn"}
    assert desk.get("lan", f"{BASE}/{amendment['id']}").json()["packages"] == 40


def test_officers_do_not_see_a_withdrawn_amendment(desk: Desk) -> None:
    filed = desk.file()["declaration"]
    amendment = _amend(desk, filed["id"])
    assert _cancel(desk, filed["id"]).status_code == 200

    assert desk.get("hoa", f"{BASE}/{amendment['id']}").status_code == 404
    versions = desk.get("hoa", f"{BASE}/{filed['id']}/history").json()["versions"]
    assert [v["status"] for v in versions] == ["cancelled"]


def test_no_inspection_is_recorded_for_a_cancelled_declaration(desk: Desk) -> None:
    desk.rule(**PHONES_RED)
    filed = desk.file()["declaration"]
    assert _cancel(desk, filed["id"]).status_code == 200

    inspection = desk.post(
        "hoa",
        f"/api/v1/risk/inspections/{filed['id']}",
        json={"kind": "physical", "findings": False},
    )

    assert _refusal(inspection) == {
        "status": "cancelled",
        "action": "inspect",
        "reason": "cancelled",
    }
