"""The outbox relay to RabbitMQ: every event published to a topic exchange (AMQP 0-9-1,
with pika), so other systems can follow the platform without reading its database.

Messages are persistent, their routing key the event's topic (`declaration.registered`),
their `message_id` the event's id (a consumer drops what it has seen: delivery is at least
once), and the broker confirms each publish before the worker marks the batch delivered; a
failed publish raises, the batch rolls back and waits for the next pass.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Sequence
from datetime import datetime

import pika
from pika.adapters.blocking_connection import BlockingChannel
from sqlalchemy.orm import Session

from smartcustoms.outbox.service import Handler, OutboxEvent

CONTENT_TYPE = "application/json"


class AmqpRelay:
    """One connection, opened on first use and again after a failure."""

    def __init__(self, url: str, *, exchange: str, timeout_seconds: float = 10.0) -> None:
        self._parameters = pika.URLParameters(url)
        self._parameters.socket_timeout = timeout_seconds
        self._parameters.blocked_connection_timeout = timeout_seconds
        self._exchange = exchange
        self._connection: pika.BlockingConnection | None = None
        self._channel: BlockingChannel | None = None

    def _open(self) -> BlockingChannel:
        if self._channel is not None and self._channel.is_open:
            return self._channel
        self.close()
        self._connection = pika.BlockingConnection(self._parameters)
        channel = self._connection.channel()
        channel.exchange_declare(exchange=self._exchange, exchange_type="topic", durable=True)
        channel.confirm_delivery()
        self._channel = channel
        return channel

    def publish(self, events: Sequence[OutboxEvent]) -> None:
        try:
            channel = self._open()
            for event in events:
                channel.basic_publish(
                    exchange=self._exchange,
                    routing_key=event.topic,
                    body=json.dumps(_message(event), ensure_ascii=False).encode(),
                    properties=pika.BasicProperties(
                        content_type=CONTENT_TYPE,
                        delivery_mode=pika.DeliveryMode.Persistent,
                        message_id=str(event.id),
                        timestamp=int(event.created_at.timestamp()),
                        type=event.topic,
                    ),
                    mandatory=False,
                )
        except Exception:
            self.close()
            raise

    def handler(self) -> Handler:
        def handle(_session: Session, events: Sequence[OutboxEvent], _at: datetime) -> None:
            self.publish(events)

        return Handler("amqp.relay", None, handle)

    def close(self) -> None:
        connection, self._connection, self._channel = self._connection, None, None
        if connection is not None and connection.is_open:
            with contextlib.suppress(Exception):
                connection.close()


def _message(event: OutboxEvent) -> dict[str, object]:
    return {
        "id": event.id,
        "topic": event.topic,
        "aggregate_type": event.aggregate_type,
        "aggregate_id": event.aggregate_id,
        "payload": event.payload,
        "created_at": event.created_at.isoformat(),
    }
