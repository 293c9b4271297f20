"""An incoming ACDD and the import declaration it announces are matched whichever comes
first, once; the discrepancies reach the risk step as facts, so a rule on them selects the
channel."""

from __future__ import annotations

from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from partners_support import acdd_from_thailand, register_thailand, signed
from risk_support import Desk as RiskDesk
from smartcustoms.config import Settings
from smartcustoms.partners.models import PartnerMessage
from smartcustoms.risk.models import RiskDecision
from support import Users, import_payload

INBOX = "/api/v1/partner-exchange/inbox"
# Declared: 50 phones for 10,000 and the shirts for 2,500; exported: 60 phones for 12,000.
BOTH = [
    {"kind": "value", "hs_code": "851713", "declared": "10000", "exported": "12000"},
    {"kind": "quantity", "hs_code": "851713", "declared": "50", "exported": "60"},
]
AS_DECLARED = [
    {"line_no": 1, "hs_code": "85171300", "quantity": "50", "invoice_value": "10000.00"},
    {"line_no": 2, "hs_code": "61091010", "quantity": "1000", "invoice_value": "2500.00"},
]


@pytest.fixture
def settings(exchanging: Settings) -> Settings:
    return exchanging


@pytest.fixture
def risk(app_client: TestClient, users: Users, thai_key: Ed25519PrivateKey) -> RiskDesk:
    register_thailand(app_client, users.headers("admin"), thai_key)
    desk = RiskDesk(app_client, users)
    desk.without_random_selection()
    desk.rule(
        code="ACDD-VALUE",
        description="Declared below the exporting customs' value: physical inspection",
        criteria={"discrepancies": ["acdd_value"]},
        forced_channel="red",
    )
    return desk


def _received(session: Session) -> list[PartnerMessage]:
    session.expire_all()
    query = select(PartnerMessage).where(PartnerMessage.direction == "in")
    return list(session.scalars(query.order_by(PartnerMessage.id)))


def _decision_facts(session: Session, declaration_id: int) -> Any:
    query = select(RiskDecision).where(RiskDecision.declaration_id == declaration_id)
    return session.scalars(query).one().facts


def test_an_acdd_received_before_the_import_is_matched_at_registration_and_risk_sees_it(
    app_client: TestClient,
    users: Users,
    thai_key: Ed25519PrivateKey,
    risk: RiskDesk,
    session: Session,
) -> None:
    lower = signed(thai_key, body=acdd_from_thailand())
    same = signed(
        thai_key,
        body=acdd_from_thailand(
            transport_document="HASLC0999", exporter_reference="INV-OK-1", items=AS_DECLARED
        ),
    )
    for message in (lower, same):
        answer = app_client.post(INBOX, json=message)
        assert answer.status_code == 201, answer.text
        assert answer.json()["state"] == "received"  # no import declaration yet

    filed = risk.file()  # HASLC01240012345 / INV-2026-0042: the ACDD with lower values
    # Found by invoice number only (another transport document): the same ACDD.
    clean = risk.file(transport_document="HASLC0888", invoice_number="INV-OK-1")

    assert risk.decision("hoa", filed["declaration"]["id"]).json()["channel"] == "red"
    assert risk.decision("hoa", clean["declaration"]["id"]).json()["channel"] == "green"
    first, second = _received(session)
    assert (first.state, first.declaration_id) == ("matched", filed["declaration"]["id"])
    assert first.facts == BOTH
    assert (second.state, second.declaration_id) == ("matched", clean["declaration"]["id"])
    assert second.facts == []
    facts = _decision_facts(session, filed["declaration"]["id"])
    assert facts["discrepancies"] == ["acdd_value", "acdd_quantity"]
    assert _decision_facts(session, clean["declaration"]["id"])["discrepancies"] == []


def test_an_import_drafted_before_its_acdd_arrived_is_matched_at_its_submission_once(
    app_client: TestClient,
    users: Users,
    thai_key: Ed25519PrivateKey,
    risk: RiskDesk,
    session: Session,
) -> None:
    draft = risk.post("lan", "/api/v1/declarations", json=import_payload())
    assert draft.status_code == 201, draft.text
    draft_id = draft.json()["id"]
    message = signed(thai_key, body=acdd_from_thailand())

    arrived = app_client.post(INBOX, json=message)
    assert arrived.status_code == 201, arrived.text
    # A draft is no import declaration yet (its direction is known at submission).
    assert arrived.json()["state"] == "received"

    submitted = risk.post("lan", f"/api/v1/declarations/{draft_id}/submit")
    assert submitted.status_code == 200, submitted.text
    assert risk.decision("hoa", draft_id).json()["channel"] == "red"
    assert _decision_facts(session, draft_id)["discrepancies"] == ["acdd_value", "acdd_quantity"]

    # The partner sends it again (a lost acknowledgement): refused, nothing changes.
    again = app_client.post(INBOX, json=message)
    assert again.status_code == 409
    [stored] = _received(session)
    assert (stored.state, stored.declaration_id, stored.facts) == ("matched", draft_id, BOTH)


def test_an_acdd_matched_to_one_import_is_not_taken_by_another(
    app_client: TestClient,
    users: Users,
    thai_key: Ed25519PrivateKey,
    risk: RiskDesk,
    session: Session,
) -> None:
    answer = app_client.post(INBOX, json=signed(thai_key, body=acdd_from_thailand()))
    assert answer.status_code == 201, answer.text
    first = risk.file()
    # Another import with the same invoice number, under another bill: no ACDD of its own.
    other = risk.file(transport_document="HASLC0777")

    assert risk.decision("hoa", other["declaration"]["id"]).json()["channel"] == "green"
    [stored] = _received(session)
    assert stored.declaration_id == first["declaration"]["id"]
    assert _decision_facts(session, other["declaration"]["id"])["discrepancies"] == []
