"""Clearance and release through the API, on SQLite and PostgreSQL: a green declaration
cleared as it registers, a yellow or red one after its check and the officer's decision, a
condition unmet holding the release, no cancellation after release, the Time Release
Study's timestamps."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from risk_support import PHONES_RED, Desk
from smartcustoms.declarations import service
from smartcustoms.declarations.clearance import ClearanceSetup, ClearanceSubject
from smartcustoms.declarations.release_rules import ConditionKind, ConditionOutcome
from smartcustoms.identity import service as identity
from smartcustoms.kit.clock import FixedClock
from smartcustoms.outbox.service import events_for
from smartcustoms.risk.service import ChannelChecksDone
from support import TEST_NOW, Users, import_payload

# The channel's checks and the officers' decisions; payments' tests cover the taxes.
pytestmark = pytest.mark.taxes_aside

BASE = "/api/v1/declarations"
ALL_YELLOW = {"code": "ALL-HP", "criteria": {"offices": ["03CC"]}, "forced_channel": "yellow"}


@pytest.fixture
def desk(app_client: TestClient, users: Users) -> Desk:
    desk = Desk(app_client, users)
    desk.without_random_selection()  # the channel depends on the rules each test sets up
    return desk


def clearance(desk: Desk, declaration_id: int, username: str = "lan") -> dict[str, Any]:
    answer = desk.get(username, f"{BASE}/{declaration_id}/clearance")
    assert answer.status_code == 200, answer.text
    return dict(answer.json())


def decide(
    desk: Desk, declaration_id: int, decision: str, username: str = "hoa", **body: Any
) -> Any:
    return desk.post(
        username, f"{BASE}/{declaration_id}/release", json={"decision": decision, **body}
    )


def changes(desk: Desk, declaration_id: int) -> list[tuple[str | None, str, str, int | None]]:
    history = desk.get("lan", f"{BASE}/{declaration_id}/history").json()
    return [(c["from_status"], c["to_status"], c["at"], c["actor_id"]) for c in history["changes"]]


def topics(session: Session, declaration_id: int) -> list[str]:
    return [
        e.topic
        for e in events_for(session, aggregate_type="declaration", aggregate_id=declaration_id)
    ]


def iso(at: datetime) -> str:
    return at.isoformat().replace("+00:00", "Z")


def test_a_green_declaration_with_every_condition_met_is_cleared_as_it_registers(
    desk: Desk, session: Session
) -> None:
    filed = desk.post("lan", f"{BASE}/submit", json=import_payload())
    assert filed.status_code == 201, filed.text
    declaration = filed.json()["declaration"]
    assert (declaration["status"], filed.json()["steps"][-1]) == (
        "cleared",
        {"step": "risk", "channel": "green"},
    )

    assert [c[:2] for c in changes(desk, declaration["id"])] == [
        (None, "submitted"),
        ("submitted", "registered"),
        ("registered", "cleared"),
    ]
    assert {c[2] for c in changes(desk, declaration["id"])} == {iso(TEST_NOW)}
    assert topics(session, declaration["id"]) == [
        "declaration.submitted",
        "declaration.registered",
        "declaration.cleared",
    ]
    seen = clearance(desk, declaration["id"])
    assert seen["status"] == "cleared"
    assert seen["conditions"] == []  # nothing left to evaluate
    assert seen["waiting_for"] == []
    assert seen["time_release"]["registration_to_release_seconds"] == 0
    assert seen["time_release"]["decided_by"] is None


def test_cancelling_after_release_is_refused_but_amending_keeps_the_release(
    desk: Desk, session: Session
) -> None:
    first = desk.file()["declaration"]
    assert first["status"] == "cleared"

    refused = desk.post("lan", f"{BASE}/{first['id']}/cancel", json={"reason": "Order cancelled"})
    assert refused.status_code == 409
    assert refused.json()["reason"] == "cleared"
    assert "after release a declaration can only be amended" in refused.json()["detail"]

    amendment = desk.post("lan", f"{BASE}/{first['id']}/amend")
    assert amendment.status_code == 201, amendment.text
    second = desk.post("lan", f"{BASE}/{amendment.json()['id']}/submit").json()["declaration"]
    assert second["status"] == "cleared"
    assert desk.get("lan", f"{BASE}/{first['id']}").json()["status"] == "amended"
    history = desk.get("lan", f"{BASE}/{second['id']}/history").json()["changes"]
    carried = [
        c for c in history if c["declaration_id"] == second["id"] and c["to_status"] == "cleared"
    ]
    assert carried[0]["note"] == "carried over from version 1 (cleared)"
    assert clearance(desk, second["id"])["time_release"]["released_at"] == iso(TEST_NOW)


@pytest.mark.release_held
def test_an_unmet_condition_holds_a_green_declaration_and_the_officer_may_release_it_pending_tax(
    desk: Desk, session: Session
) -> None:
    declaration = desk.file()["declaration"]
    assert declaration["status"] == "registered"
    seen = clearance(desk, declaration["id"])
    assert [(c["code"], c["met"]) for c in seen["conditions"]] == [
        ("green", True),
        ("no_controls", True),
        ("held", False),
    ]
    assert seen["waiting_for"] == [
        {"message_en": "the test's hold", "message_vi": "điều kiện giữ hàng của phép thử"}
    ]
    assert not seen["officer_decision_awaited"]
    assert clearance(desk, declaration["id"], "hoa")["decisions"] == ["storage", "pending_tax"]
    assert seen["decisions"] == []  # the trader decides nothing

    needless = decide(desk, declaration["id"], "release")
    assert (needless.status_code, needless.json()["reason"]) == (409, "no_decision_needed")
    unexplained = decide(desk, declaration["id"], "pending_tax")
    assert unexplained.status_code == 422
    released = decide(desk, declaration["id"], "pending_tax", note="Valuation under consultation")
    assert released.status_code == 200, released.text
    assert released.json()["status"] == "released"
    assert topics(session, declaration["id"])[-1] == "declaration.released"
    cancel = desk.post("lan", f"{BASE}/{declaration['id']}/cancel", json={"reason": "No"})
    assert (cancel.status_code, cancel.json()["reason"]) == (409, "released")


def test_a_yellow_declaration_waits_for_its_check_then_for_the_officers_release(
    desk: Desk, session: Session, clock: FixedClock, users: Users
) -> None:
    desk.rule(**ALL_YELLOW)
    declaration = desk.file()["declaration"]
    declaration_id = declaration["id"]
    assert declaration["status"] == "registered"
    seen = clearance(desk, declaration_id)
    assert [w["message_en"] for w in seen["waiting_for"]] == [
        "the document check (yellow channel)",
        "the customs officer's release decision",
    ]
    early = decide(desk, declaration_id, "release")
    assert (early.status_code, early.json()["reason"]) == (409, "checks_pending")

    clock.advance(timedelta(hours=1))
    desk.tokens.clear()  # access tokens last an hour
    inspected = desk.post(
        "hoa",
        f"/api/v1/risk/inspections/{declaration_id}",
        json={"kind": "document_check", "findings": False},
    )
    assert inspected.status_code == 201, inspected.text
    seen = clearance(desk, declaration_id)
    assert seen["status"] == "registered"  # a check done does not release by itself
    assert seen["conditions"][0]["message_en"] == "Yellow channel: document check done, no findings"
    assert [w["message_en"] for w in seen["waiting_for"]] == [
        "the customs officer's release decision"
    ]
    assert seen["officer_decision_awaited"]

    assert decide(desk, declaration_id, "release", username="lan").status_code == 403
    assert decide(desk, declaration_id, "release", username="tuan").status_code == 404
    clock.advance(timedelta(hours=1))
    desk.tokens.clear()
    released = decide(desk, declaration_id, "release")
    assert released.status_code == 200, released.text
    assert released.json()["status"] == "cleared"

    hoa = users.actor("hoa").user_id
    start = TEST_NOW + timedelta(hours=2)
    assert changes(desk, declaration_id)[-2:] == [
        ("registered", "approved", iso(start), hoa),
        ("approved", "cleared", iso(start), None),
    ]
    assert topics(session, declaration_id)[-2:] == ["declaration.approved", "declaration.cleared"]
    trs = clearance(desk, declaration_id)["time_release"]
    assert (trs["registered_at"], trs["decided_at"], trs["decided_by"]) == (
        iso(TEST_NOW),
        iso(start),
        hoa,
    )
    assert trs["decided_by_name"] == identity.officer_name(session, hoa)
    assert trs["decided_by_name"]
    assert not trs["decided_by_name"].isdigit()
    assert trs["registration_to_release_seconds"] == 7200
    again = decide(desk, declaration_id, "release")
    assert (again.status_code, again.json()["code"]) == (409, "transition_refused")


def test_a_red_inspection_that_found_nothing_leads_to_the_release(desk: Desk) -> None:
    desk.rule(**PHONES_RED)
    declaration_id = desk.file()["declaration"]["id"]
    assert clearance(desk, declaration_id)["waiting_for"][0]["message_vi"] == (
        "kiểm tra thực tế hàng hóa (luồng đỏ)"
    )
    inspected = desk.post(
        "hoa",
        f"/api/v1/risk/inspections/{declaration_id}",
        json={"kind": "physical", "findings": False},
    )
    assert inspected.status_code == 201, inspected.text
    seen = clearance(desk, declaration_id, "hoa")
    assert seen["conditions"][0]["message_vi"] == (
        "Luồng đỏ: đã kiểm tra thực tế hàng hóa, không phát hiện sai phạm"
    )
    assert seen["decisions"] == ["release", "storage", "pending_tax"]
    assert decide(desk, declaration_id, "release").json()["status"] == "cleared"
    assert desk.get("lan", f"{BASE}/{declaration_id}").json()["status"] == "cleared"


@dataclass
class Switch:
    """A condition of the taxes' kind that a test turns on: taxes paid, say."""

    met: bool = False
    asked: list[int] = field(default_factory=list)
    name: str = "taxes"
    kind: ConditionKind = ConditionKind.TAXES

    def __call__(
        self, session: Session, subject: ClearanceSubject, at: datetime
    ) -> ConditionOutcome:
        self.asked.append(subject.declaration_id)
        code = "paid" if self.met else "unpaid"
        return ConditionOutcome(self.met, code, "payment of taxes", "nộp thuế")


def test_a_release_decided_while_taxes_are_due_clears_once_another_domain_reevaluates(
    desk: Desk, app_client: TestClient, session: Session, clock: FixedClock
) -> None:
    taxes = Switch()
    setup = ClearanceSetup([ChannelChecksDone(), taxes])
    app_client.app.state.services.clearance = setup  # type: ignore[attr-defined]
    desk.rule(**PHONES_RED)
    declaration_id = desk.file()["declaration"]["id"]
    desk.post(
        "hoa",
        f"/api/v1/risk/inspections/{declaration_id}",
        json={"kind": "physical", "findings": True, "violation": "Undervalued"},
    )
    approved = decide(desk, declaration_id, "release")
    assert approved.json()["status"] == "approved", approved.text
    assert [w["message_en"] for w in approved.json()["waiting_for"]] == ["payment of taxes"]

    clock.advance(timedelta(minutes=5))
    still = service.reevaluate_clearance(
        session, declaration_id=declaration_id, setup=setup, at=clock.now()
    )
    assert still.status == "approved"
    taxes.met = True  # the payments domain confirmed the payment, then asks again
    cleared = service.reevaluate_clearance(
        session, declaration_id=declaration_id, setup=setup, at=clock.now()
    )
    assert cleared.status == "cleared"
    assert changes(desk, declaration_id)[-1] == ("approved", "cleared", iso(clock.now()), None)
    asked = len(taxes.asked)
    service.reevaluate_clearance(
        session, declaration_id=declaration_id, setup=setup, at=clock.now()
    )
    assert len(taxes.asked) == asked  # past clearance: nothing is asked, nothing written


def test_storage_then_release_after_the_check(desk: Desk) -> None:
    desk.rule(**ALL_YELLOW)
    declaration_id = desk.file()["declaration"]["id"]
    stored = decide(desk, declaration_id, "storage", note="Awaiting the quarantine result")
    assert stored.json()["status"] == "stored", stored.text
    assert desk.get("hoa", "/api/v1/worklist").json()["items"][0]["status"] == "stored"
    desk.post(
        "hoa",
        f"/api/v1/risk/inspections/{declaration_id}",
        json={"kind": "document_check", "findings": False},
    )
    assert decide(desk, declaration_id, "release").json()["status"] == "cleared"
    history = desk.get("lan", f"{BASE}/{declaration_id}/history").json()["changes"]
    assert [c["note"] for c in history if c["to_status"] == "stored"] == [
        "Awaiting the quarantine result"
    ]


def test_release_times_over_a_period_for_the_officers_office(desk: Desk, clock: FixedClock) -> None:
    green = desk.file()["declaration"]["id"]  # released at once
    desk.rule(**ALL_YELLOW)
    yellow = desk.file()["declaration"]["id"]
    desk.post(
        "hoa",
        f"/api/v1/risk/inspections/{yellow}",
        json={"kind": "document_check", "findings": False},
    )
    clock.advance(timedelta(minutes=40))
    desk.tokens.clear()  # access tokens last 15 minutes: the officers sign in again
    decide(desk, yellow, "release")
    assert clearance(desk, green)["time_release"]["registration_to_release_seconds"] == 0

    day = TEST_NOW.date().isoformat()
    params = {"first_day": day, "last_day": day}
    found = desk.get("hoa", f"{BASE}/release-times", params=params).json()
    assert (found["count"], found["median_seconds"], found["p95_seconds"]) == (2, 1200, 2400)
    assert found["start"] == "2026-11-19T17:00:00Z"  # the customs day starts at midnight in Hanoi
    assert desk.get("tuan", f"{BASE}/release-times", params=params).json()["count"] == 0
    assert desk.get("lan", f"{BASE}/release-times", params=params).status_code == 403
    backwards = {"first_day": day, "last_day": "2026-01-01"}
    assert desk.get("hoa", f"{BASE}/release-times", params=backwards).status_code == 422
