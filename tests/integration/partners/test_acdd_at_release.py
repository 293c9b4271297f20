"""At an export's release the worker queues its ACDD, with only the agreed elements, for the
destination's customs, and sends it signed, again and again with backoff while the partner
is down, until the partner acknowledges it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import httpx2
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from bank_support import WAIT, Receiver, receiving
from partners_support import public_pem, register_thailand
from smartcustoms.config import Settings
from smartcustoms.kit.clock import FixedClock
from smartcustoms.notifications.service import HttpSender, OutboundPolicy
from smartcustoms.partners.rules import envelope_from, signature_valid
from smartcustoms.worker import Worker, event_handlers, signer_from
from support import Users, export_payload


@pytest.fixture
def settings(exchanging: Settings) -> Settings:
    return exchanging


@pytest.fixture
def thailand() -> Iterator[Receiver]:
    with receiving() as receiver:
        yield receiver


def _sent(client: TestClient, users: Users) -> list[dict[str, Any]]:
    answer = client.get(
        "/api/v1/partner-exchange/messages",
        params={"direction": "out"},
        headers=users.headers("hoa"),
    )
    assert answer.status_code == 200, answer.text
    found: list[dict[str, Any]] = answer.json()
    return found


def test_a_released_export_sends_its_acdd_until_the_partner_acknowledges(
    app_client: TestClient,
    users: Users,
    settings: Settings,
    session_factory: sessionmaker[Session],
    clock: FixedClock,
    thailand: Receiver,
    our_key: Ed25519PrivateKey,
) -> None:
    register_thailand(
        app_client, users.headers("admin"), Ed25519PrivateKey.generate(), endpoint=thailand.url
    )
    filed = app_client.post(
        "/api/v1/declarations/submit",
        json=export_payload(country_of_destination="TH", transport_document="BL-TH-0001"),
        headers=users.headers("lan"),
    )
    assert filed.status_code == 201, filed.text
    declaration = filed.json()["declaration"]
    assert declaration["status"] == "cleared", declaration["status"]

    thailand.answers.put(503)  # Thai Customs is down for the first attempt
    with httpx2.Client(timeout=WAIT) as http:
        worker = Worker(
            session_factory=session_factory,
            clock=clock,
            handlers=event_handlers(partner_signer=signer_from(settings)),
            sender=HttpSender(http, OutboundPolicy.of("127.0.0.0/8")),
        )
        first = worker.run_pass()
        assert (first.partner.delivered, first.partner.failed) == (0, 1)
        [waiting] = _sent(app_client, users)
        assert waiting["state"] == "pending"
        assert waiting["last_status"] == 503
        retry_at = datetime.fromisoformat(waiting["next_attempt_at"])
        assert retry_at == clock.now() + timedelta(seconds=30)

        assert worker.run_pass().partner.failed == 0  # not due yet: nothing sent
        assert thailand.nothing_more()
        clock.advance(timedelta(seconds=30))
        assert worker.run_pass().partner.delivered == 1
        assert worker.run_pass().idle

    arrival = thailand.next()
    assert thailand.nothing_more()
    document = json.loads(arrival.body)
    envelope = envelope_from(document["envelope"])
    assert signature_valid(envelope, document["signature"], public_pem(our_key))
    assert (envelope.type, envelope.sender, envelope.receiver) == ("acdd", "VN", "TH")
    body = envelope.body
    assert body["number"] == declaration["number"]
    assert body["transport_document"] == "BL-TH-0001"
    assert body["exporter_reference"] == "INV-2026-0042"
    # Only the agreed elements: no unit prices, contract, freight, insurance or ids.
    assert set(body["items"][0]) == {
        "line_no", "hs_code", "description", "origin_country", "quantity", "unit",
        "invoice_value",
    }  # fmt: skip
    for withheld in ("freight", "insurance", "contract_number", "enterprise_id", "incoterms"):
        assert withheld not in body
    [done] = _sent(app_client, users)
    assert (done["state"], done["attempts"], done["declaration_id"]) == (
        "delivered",
        2,
        declaration["id"],
    )


def test_an_officer_sends_a_given_up_message_again(
    app_client: TestClient, users: Users, settings: Settings
) -> None:
    unknown = app_client.post(
        "/api/v1/partner-exchange/messages/999999/retry", headers=users.headers("hoa")
    )
    assert unknown.status_code == 404
    assert unknown.json()["detail"]
