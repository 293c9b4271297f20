"""Facts after registration (a manifest filed after its declaration): the worker's risk
handler scores the declaration again; a stricter channel is raised onto the officers'
worklist and the trader told, once; released goods are only flagged; a channel is never
lowered. On SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from border_support import BASE, manifest_payload
from risk_support import PHONES_RED, Desk
from smartcustoms.border.service.linking import LATE_LINK_TOPIC
from smartcustoms.config import Settings
from smartcustoms.db import transaction
from smartcustoms.kit.clock import FixedClock
from smartcustoms.outbox import service as outbox
from smartcustoms.outbox.models import OutboxEvent
from smartcustoms.risk import service as risk
from smartcustoms.risk.models import RiskReassessment
from smartcustoms.worker import event_handlers
from support import TEST_NOW, Users

WEIGHT_YELLOW = {
    "code": "MANIFEST-WEIGHT",
    "description": "SAMPLE: gross weight differs from the cargo report: document check",
    "criteria": {"discrepancies": ["weight"]},
    "forced_channel": "yellow",
}


@pytest.fixture
def weighed(desk: Desk) -> Desk:
    desk.without_random_selection()
    desk.rule(**WEIGHT_YELLOW)
    return desk


def run_worker(
    factory: sessionmaker[Session], clock: FixedClock, settings: Settings, session: Session
) -> int:
    """One outbox pass with every handler of the platform (risk's among them)."""
    handlers = event_handlers(models_dir=risk.models_dir(settings.var_dir))
    with transaction(factory) as worker_session:
        handled = outbox.dispatch(worker_session, handlers, at=clock.now())
    session.expire_all()
    return handled


def file_manifest(desk: Desk, **line: Any) -> None:
    payload = manifest_payload()
    payload["lines"][0].update(line)
    filed = desk.post("binh", f"{BASE}/manifests", json=payload)
    assert filed.status_code == 201, filed.text


def worklist_ids(desk: Desk, channel: str) -> list[int]:
    found = desk.get("hoa", "/api/v1/risk/worklist", params={"channel": channel})
    assert found.status_code == 200, found.text
    return [e["declaration_id"] for e in found.json()["items"]]


def reassessed(session: Session, declaration_id: int) -> list[tuple[str, str, str, list[str]]]:
    query = select(RiskReassessment).where(RiskReassessment.declaration_id == declaration_id)
    return [
        (r.outcome, r.channel_before, r.channel_after, r.discrepancies)
        for r in session.scalars(query)
    ]


def test_the_border_late_link_topic_is_the_one_risk_handles() -> None:
    assert LATE_LINK_TOPIC == risk.MANIFEST_TOPIC


@pytest.mark.release_held
def test_a_green_declaration_is_raised_to_yellow_by_a_late_manifest_once(
    weighed: Desk,
    session: Session,
    session_factory: sessionmaker[Session],
    clock: FixedClock,
    settings: Settings,
    users: Users,
) -> None:
    filed = weighed.file()["declaration"]
    declaration_id = filed["id"]
    assert filed["status"] == "registered"
    assert weighed.decision("hoa", declaration_id).json()["channel"] == "green"

    file_manifest(weighed, gross_weight="1200")  # declared 820.5 kg: beyond the tolerance
    assert run_worker(session_factory, clock, settings, session) > 0

    decision = weighed.decision("hoa", declaration_id).json()
    assert decision["channel"] == "yellow"
    assert decision["state"] == "pending"
    late = decision["explanation"]["reasons"][0]
    assert late["code"] == "late_facts"
    assert "cargo manifest" in late["message_en"]
    assert "bản khai hàng hóa" in late["message_vi"]
    assert decision["explanation"]["reassessed"]["actor"] == "system"
    assert declaration_id in worklist_ids(weighed, "yellow")
    assert reassessed(session, declaration_id) == [("raised", "green", "yellow", ["weight"])]
    # The trader is told as for any channel decision (the same event, the notification).
    events = session.scalars(
        select(OutboxEvent).where(OutboxEvent.topic == "risk.channel_selected")
    ).all()
    raised = [e.payload for e in events if e.payload.get("reassessed")]
    assert [(p["declaration_id"], p["channel"]) for p in raised] == [(declaration_id, "yellow")]
    run_worker(session_factory, clock, settings, session)
    told = weighed.get("lan", "/api/v1/notifications").json()
    codes = [n["code"] for n in told if n["declaration_id"] == declaration_id]
    assert "documents_requested" in codes

    # The same event again (a worker crashed after handling it): nothing changes.
    event = session.scalars(select(OutboxEvent).where(OutboxEvent.topic == LATE_LINK_TOPIC)).one()
    again = risk.late_facts_handler(risk.models_dir(settings.var_dir))
    again.handle(session, [event], clock.now())
    session.flush()
    assert reassessed(session, declaration_id) == [("raised", "green", "yellow", ["weight"])]
    events_after = session.scalars(
        select(OutboxEvent).where(OutboxEvent.topic == "risk.channel_selected")
    ).all()
    assert len(events_after) == len(events)


@pytest.mark.taxes_aside
def test_released_goods_are_only_flagged_for_post_clearance_audit(
    weighed: Desk,
    session: Session,
    session_factory: sessionmaker[Session],
    clock: FixedClock,
    settings: Settings,
    users: Users,
) -> None:
    filed = weighed.file()["declaration"]
    declaration_id = filed["id"]
    assert filed["status"] == "cleared"  # green, nothing else due: released as it registers

    file_manifest(weighed, gross_weight="1200")
    run_worker(session_factory, clock, settings, session)

    assert weighed.decision("hoa", declaration_id).json()["channel"] == "green"
    assert declaration_id not in worklist_ids(weighed, "yellow")
    assert reassessed(session, declaration_id) == [("flagged", "green", "yellow", ["weight"])]
    flags = weighed.get("hoa", "/api/v1/risk/post-clearance-flags")
    assert flags.status_code == 200, flags.text
    assert [
        (f["declaration_id"], f["source"], f["channel_after"]) for f in flags.json()["items"]
    ] == [(declaration_id, "manifest", "yellow")]
    assert weighed.get("lan", "/api/v1/risk/post-clearance-flags").status_code == 403


@pytest.mark.release_held
def test_a_red_declaration_stays_red(
    weighed: Desk,
    session: Session,
    session_factory: sessionmaker[Session],
    clock: FixedClock,
    settings: Settings,
) -> None:
    weighed.rule(**PHONES_RED)
    declaration_id = weighed.file()["declaration"]["id"]
    before = weighed.decision("hoa", declaration_id).json()
    assert before["channel"] == "red"

    file_manifest(weighed, gross_weight="1200")
    run_worker(session_factory, clock, settings, session)

    after = weighed.decision("hoa", declaration_id).json()
    assert (after["channel"], after["decided_at"]) == ("red", before["decided_at"])
    assert reassessed(session, declaration_id) == [("unchanged", "red", "red", ["weight"])]


@pytest.mark.release_held
def test_a_late_manifest_without_discrepancy_changes_nothing(
    weighed: Desk,
    session: Session,
    session_factory: sessionmaker[Session],
    clock: FixedClock,
    settings: Settings,
) -> None:
    declaration_id = weighed.file()["declaration"]["id"]

    file_manifest(weighed)  # as declared
    run_worker(session_factory, clock, settings, session)

    assert weighed.decision("hoa", declaration_id).json()["channel"] == "green"
    assert reassessed(session, declaration_id) == []


def test_reassessing_an_unknown_declaration_does_nothing(session: Session, tmp_path: Path) -> None:
    late = risk.LateFacts(999_999, risk.Source.MANIFEST, ("weight",))
    assert risk.reassess(session, late, at=TEST_NOW, models_dir=tmp_path) is None
