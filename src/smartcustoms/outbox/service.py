"""Emit domain events; delivery is the workers' job."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, insert, text
from sqlalchemy.orm import Session

from smartcustoms.outbox import repository
from smartcustoms.outbox.models import OutboxEvent


def emit(
    session: Session,
    *,
    topic: str,
    aggregate_type: str,
    aggregate_id: str | int,
    payload: dict[str, Any],
    at: datetime,
) -> OutboxEvent:
    """Record an event in the caller's transaction, so it exists only if the change does."""
    event = OutboxEvent(
        topic=topic,
        aggregate_type=aggregate_type,
        aggregate_id=str(aggregate_id),
        payload=payload,
        created_at=at,
        attempts=0,
    )
    session.add(event)
    return event


@dataclass(frozen=True)
class Event:
    """An event to record; see emit_all."""

    topic: str
    aggregate_type: str
    aggregate_id: str | int
    payload: dict[str, Any]


_INSERT_EVENT = insert(cast(Table, OutboxEvent.__table__))
# PostgreSQL: all the events in one statement, their rows as one JSON parameter (an
# executemany binds and converts every row's seven values one by one).
_EVENTS_ON_POSTGRESQL = text(
    "INSERT INTO outbox_events (topic, aggregate_type, aggregate_id, payload, created_at,"
    " delivered_at, attempts)"
    " SELECT event ->> 0, event ->> 1, event ->> 2, event -> 3, :created_at, NULL, 0"
    " FROM json_array_elements(CAST(:events AS json)) AS event"
).bindparams(bindparam("created_at", type_=OutboxEvent.__table__.c.created_at.type))


def emit_all(session: Session, events: Sequence[Event], *, at: datetime) -> None:
    """Record several events in one statement, in the caller's transaction.

    Unlike emit, nothing is added to the session: the rows are written at once, so this suits
    hot paths that write many events and never read them back as objects.
    """
    if not events:
        return
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        rows = [[e.topic, e.aggregate_type, str(e.aggregate_id), e.payload] for e in events]
        connection.execute(_EVENTS_ON_POSTGRESQL, {"events": json.dumps(rows), "created_at": at})
        return
    connection.execute(_INSERT_EVENT, event_rows(events, at=at))


def event_rows(events: Sequence[Event], *, at: datetime) -> list[dict[str, Any]]:
    """The events as parameters of an executemany of the outbox table's insert."""
    return [
        {
            "topic": e.topic,
            "aggregate_type": e.aggregate_type,
            "aggregate_id": str(e.aggregate_id),
            "payload": e.payload,
            "created_at": at,
            "delivered_at": None,
            "attempts": 0,
        }
        for e in events
    ]


def events_for(
    session: Session, *, aggregate_type: str, aggregate_id: str | int
) -> list[OutboxEvent]:
    return repository.events_for(
        session, aggregate_type=aggregate_type, aggregate_id=str(aggregate_id)
    )
