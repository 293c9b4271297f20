"""An ACDD arriving after its import registered: matched, and its value discrepancy scored
again by risk (the worker's handler): a green import raised to red, once; released goods
only flagged. On SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from partners_support import acdd_from_thailand, register_thailand, signed
from risk_support import Desk as RiskDesk
from smartcustoms.config import Settings
from smartcustoms.db import transaction
from smartcustoms.kit.clock import FixedClock
from smartcustoms.outbox import service as outbox
from smartcustoms.outbox.models import OutboxEvent
from smartcustoms.risk import service as risk
from smartcustoms.risk.models import RiskReassessment
from smartcustoms.worker import event_handlers
from support import Users

INBOX = "/api/v1/partner-exchange/inbox"


@pytest.fixture
def settings(exchanging: Settings) -> Settings:
    return exchanging


@pytest.fixture
def desk(app_client: TestClient, users: Users, thai_key: Ed25519PrivateKey) -> RiskDesk:
    register_thailand(app_client, users.headers("admin"), thai_key)
    desk = RiskDesk(app_client, users)
    desk.without_random_selection()
    desk.rule(
        code="ACDD-VALUE",
        description="SAMPLE: declared below the exporting customs' value: physical inspection",
        criteria={"discrepancies": ["acdd_value"]},
        forced_channel="red",
    )
    return desk


def run_worker(
    factory: sessionmaker[Session], clock: FixedClock, settings: Settings, session: Session
) -> None:
    handlers = event_handlers(models_dir=risk.models_dir(settings.var_dir))
    with transaction(factory) as worker_session:
        outbox.dispatch(worker_session, handlers, at=clock.now())
    session.expire_all()


def outcomes(session: Session, declaration_id: int) -> list[tuple[str, str, str, list[str]]]:
    query = select(RiskReassessment).where(RiskReassessment.declaration_id == declaration_id)
    return [
        (r.outcome, r.channel_before, r.channel_after, r.discrepancies)
        for r in session.scalars(query)
    ]


@pytest.mark.release_held
def test_a_late_acdd_with_a_lower_value_raises_a_green_import_to_red_once(
    app_client: TestClient,
    desk: RiskDesk,
    thai_key: Ed25519PrivateKey,
    session: Session,
    session_factory: sessionmaker[Session],
    clock: FixedClock,
    settings: Settings,
) -> None:
    declaration_id = desk.file()["declaration"]["id"]
    assert desk.decision("hoa", declaration_id).json()["channel"] == "green"

    arrived = app_client.post(INBOX, json=signed(thai_key, body=acdd_from_thailand()))
    assert arrived.status_code == 201, arrived.text
    assert arrived.json()["state"] == "matched"
    run_worker(session_factory, clock, settings, session)

    decision = desk.decision("hoa", declaration_id).json()
    assert (decision["channel"], decision["state"]) == ("red", "pending")
    assert decision["explanation"]["reasons"][0]["code"] == "late_facts"
    assert "ACDD" in decision["explanation"]["reasons"][0]["message_en"]
    worklist = desk.get("hoa", "/api/v1/risk/worklist", params={"channel": "red"}).json()
    assert declaration_id in [e["declaration_id"] for e in worklist["items"]]
    expected = [("raised", "green", "red", ["acdd_value", "acdd_quantity"])]
    assert outcomes(session, declaration_id) == expected

    # The event handled again: nothing more.
    [event] = session.scalars(select(OutboxEvent).where(OutboxEvent.topic == risk.ACDD_TOPIC))
    risk.late_facts_handler(risk.models_dir(settings.var_dir)).handle(session, [event], clock.now())
    session.flush()
    assert outcomes(session, declaration_id) == expected
    raised = [
        e
        for e in session.scalars(
            select(OutboxEvent).where(OutboxEvent.topic == "risk.channel_selected")
        )
        if e.payload.get("reassessed")
    ]
    assert len(raised) == 1


@pytest.mark.taxes_aside
def test_a_late_acdd_for_released_goods_only_flags_them(
    app_client: TestClient,
    desk: RiskDesk,
    thai_key: Ed25519PrivateKey,
    session: Session,
    session_factory: sessionmaker[Session],
    clock: FixedClock,
    settings: Settings,
) -> None:
    filed = desk.file()["declaration"]
    assert filed["status"] == "cleared"

    arrived = app_client.post(INBOX, json=signed(thai_key, body=acdd_from_thailand()))
    assert arrived.status_code == 201, arrived.text
    run_worker(session_factory, clock, settings, session)

    assert desk.decision("hoa", filed["id"]).json()["channel"] == "green"
    assert [o[0] for o in outcomes(session, filed["id"])] == ["flagged"]


def test_an_acdd_as_declared_tells_risk_nothing(
    app_client: TestClient, desk: RiskDesk, thai_key: Ed25519PrivateKey, session: Session
) -> None:
    desk.file(transport_document="HASLC0999", invoice_number="INV-OK-1")
    same = acdd_from_thailand(
        transport_document="HASLC0999",
        exporter_reference="INV-OK-1",
        items=[
            {"line_no": 1, "hs_code": "85171300", "quantity": "50", "invoice_value": "10000.00"},
            {"line_no": 2, "hs_code": "61091010", "quantity": "1000", "invoice_value": "2500.00"},
        ],
    )
    assert app_client.post(INBOX, json=signed(thai_key, body=same)).status_code == 201
    topics = [e.topic for e in session.scalars(select(OutboxEvent))]
    assert risk.ACDD_TOPIC not in topics
