"""The optional relay publishes outbox events to RabbitMQ (the real broker on loopback):
each once per delivery, with the event's id as message id; a broker that cannot be reached
leaves the events waiting. Skipped, with the reason, where RabbitMQ is not running (never
in CI, where it is)."""

from __future__ import annotations

import json
import os
import socket
import uuid
from collections.abc import Iterator

import pika
import pytest
from pika.adapters.blocking_connection import BlockingChannel
from sqlalchemy.orm import Session

from smartcustoms.adapters.amqp import AmqpRelay
from smartcustoms.config import Settings
from smartcustoms.outbox import service as outbox
from smartcustoms.outbox.service import Event
from smartcustoms.worker import event_handlers, relay_from
from support import TEST_NOW

AMQP_URL = os.environ.get("SMARTCUSTOMS_TEST_AMQP", "amqp://guest:guest@127.0.0.1:5672/%2F")
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def _reachable() -> bool:
    try:
        connection = pika.BlockingConnection(pika.URLParameters(AMQP_URL))
    except pika.exceptions.AMQPError:
        if IN_CI:
            raise
        return False
    connection.close()
    return True


@pytest.fixture
def exchange() -> str:
    return f"smartcustoms.test.{uuid.uuid4().hex[:10]}"


@pytest.fixture
def listening(exchange: str) -> Iterator[tuple[BlockingChannel, str]]:
    """A queue of the test's own bound to every declaration event of its exchange."""
    if not _reachable():
        pytest.skip(f"RabbitMQ is not reachable at {AMQP_URL} (required when CI=true)")
    connection = pika.BlockingConnection(pika.URLParameters(AMQP_URL))
    channel = connection.channel()
    channel.exchange_declare(exchange=exchange, exchange_type="topic", durable=True)
    queue = channel.queue_declare(queue="", exclusive=True).method.queue
    channel.queue_bind(queue=queue, exchange=exchange, routing_key="declaration.#")
    yield channel, queue
    channel.exchange_delete(exchange=exchange)
    connection.close()


def _received(channel: BlockingChannel, queue: str) -> list[tuple[str, dict[str, object]]]:
    found = []
    while True:
        method, properties, body = channel.basic_get(queue=queue, auto_ack=True)
        if method is None:
            return found
        found.append((str(properties.message_id), json.loads(body)))


def test_events_are_published_to_the_exchange_by_topic(
    session: Session, exchange: str, listening: tuple[BlockingChannel, str]
) -> None:
    channel, queue = listening
    relay = AmqpRelay(AMQP_URL, exchange=exchange)
    outbox.emit_all(
        session,
        [
            Event("declaration.registered", "declaration", 7001, {"number": "1"}),
            Event("risk.rule_activated", "risk_rule", 3, {"code": "R1"}),  # not bound here
            Event("declaration.cleared", "declaration", 7001, {"number": "1"}),
        ],
        at=TEST_NOW,
    )
    try:
        handled = outbox.dispatch(session, [relay.handler()], at=TEST_NOW)
    finally:
        relay.close()

    assert handled >= 3
    events = outbox.events_for(session, aggregate_type="declaration", aggregate_id=7001)
    received = [r for r in _received(channel, queue) if r[1]["aggregate_id"] == "7001"]
    assert received == [
        (
            str(e.id),
            {
                "id": e.id,
                "topic": e.topic,
                "aggregate_type": "declaration",
                "aggregate_id": "7001",
                "payload": {"number": "1"},
                "created_at": TEST_NOW.isoformat(),
            },
        )
        for e in events
    ]
    assert all(e.delivered_at == TEST_NOW for e in events)


def test_the_relay_is_on_only_when_configured() -> None:
    assert relay_from(Settings()) is None
    assert [h.name for h in event_handlers(None)] == [
        "payments.notices",
        "notifications",
        "partners.acdd",
        "risk.late_facts",
    ]
    configured = relay_from(Settings(amqp_url=AMQP_URL))
    assert configured is not None
    assert configured.topics is None  # every event
    assert [h.name for h in event_handlers(configured)][-1] == "amqp.relay"


def test_a_broker_out_of_reach_leaves_the_events_waiting(session: Session) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    relay = AmqpRelay(f"amqp://guest:guest@127.0.0.1:{port}/%2F", exchange="x", timeout_seconds=2)
    outbox.emit_all(
        session, [Event("declaration.registered", "declaration", 7002, {})], at=TEST_NOW
    )
    nested = session.begin_nested()
    with pytest.raises(pika.exceptions.AMQPError):
        outbox.dispatch(session, [relay.handler()], at=TEST_NOW)
    nested.rollback()

    events = outbox.events_for(session, aggregate_type="declaration", aggregate_id=7002)
    assert [e.delivered_at for e in events] == [None]
