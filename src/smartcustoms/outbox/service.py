"""Emit domain events; delivery is the workers' job."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table
from sqlalchemy.orm import Session

from smartcustoms.db.inserts import InsertBatch
from smartcustoms.outbox import repository
from smartcustoms.outbox.models import OutboxEvent as OutboxEvent


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


_EVENTS = cast(Table, OutboxEvent.__table__)


def add_events(batch: InsertBatch, events: Sequence[Event], *, at: datetime) -> None:
    """Add events to a batch, so they are written with the change they are about."""
    batch.add(_EVENTS, event_rows(events, at=at))


def emit_all(session: Session, events: Sequence[Event], *, at: datetime) -> None:
    """Record several events at once (one statement), in the caller's transaction.

    Unlike emit, nothing is added to the session: the rows are written at once, so this suits
    hot paths that write many events and never read them back as objects.
    """
    batch = InsertBatch(session)
    add_events(batch, events, at=at)
    batch.write()


def event_rows(events: Sequence[Event], *, at: datetime) -> list[dict[str, Any]]:
    """The events as rows of the outbox table (every column but id)."""
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


def claim(session: Session, *, topics: Sequence[str], limit: int = 500) -> list[OutboxEvent]:
    """A worker's batch: undelivered events of these topics, oldest first, locked until the
    worker's transaction ends. Mark each handled with `delivered`."""
    return repository.pending(session, topics=topics, limit=limit)


def delivered(event: OutboxEvent, *, at: datetime) -> None:
    """The worker handled the event (in its transaction): it is not handed out again."""
    event.delivered_at = at
    event.attempts += 1


# A worker's handler: the claimed events of its topics, in the worker's transaction. It is
# idempotent (an event may come again after a crash), and raising rolls the batch back, so
# the events wait for the next pass.
HandleEvents = Callable[[Session, Sequence[OutboxEvent], datetime], None]


@dataclass(frozen=True)
class Handler:
    """Who handles which events: `topics` None means every topic (a relay)."""

    name: str
    topics: frozenset[str] | None
    handle: HandleEvents

    def wants(self, topic: str) -> bool:
        return self.topics is None or topic in self.topics


def dispatch(
    session: Session, handlers: Sequence[Handler], *, at: datetime, limit: int = 500
) -> int:
    """One worker pass: claim a batch of undelivered events (rows another worker holds are
    skipped), hand each handler the events it wants, mark them delivered; how many."""
    if not handlers:
        return 0
    topics: list[str] | None = []
    for handler in handlers:
        if handler.topics is None:
            topics = None
            break
        assert topics is not None
        topics.extend(handler.topics)
    events = repository.pending(session, topics=topics, limit=limit)
    if not events:
        return 0
    for handler in handlers:
        wanted = [e for e in events if handler.wants(e.topic)]
        if wanted:
            handler.handle(session, wanted, at)
    repository.mark_delivered(session, [e.id for e in events], at=at)
    return len(events)
