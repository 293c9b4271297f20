"""Emit domain events; delivery is the workers' job."""

from __future__ import annotations

from datetime import datetime
from typing import Any

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


def events_for(
    session: Session, *, aggregate_type: str, aggregate_id: str | int
) -> list[OutboxEvent]:
    return repository.events_for(
        session, aggregate_type=aggregate_type, aggregate_id=str(aggregate_id)
    )
