"""Outbox queries."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from smartcustoms.outbox.models import OutboxEvent


def events_for(session: Session, *, aggregate_type: str, aggregate_id: str) -> list[OutboxEvent]:
    query = (
        select(OutboxEvent)
        .where(OutboxEvent.aggregate_type == aggregate_type)
        .where(OutboxEvent.aggregate_id == aggregate_id)
        .order_by(OutboxEvent.id)
    )
    return list(session.scalars(query))


def pending(session: Session, *, topics: Sequence[str] | None, limit: int) -> list[OutboxEvent]:
    """Undelivered events of these topics (None: of any), oldest first, locked; rows another
    worker holds are skipped (PostgreSQL), so two workers never handle one event at once.
    SQLite has no row locks: its one writing transaction at a time does the same."""
    query = (
        select(OutboxEvent)
        .where(OutboxEvent.delivered_at.is_(None))
        .order_by(OutboxEvent.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    if topics is not None:
        query = query.where(OutboxEvent.topic.in_(topics))
    return list(session.scalars(query))


def mark_delivered(session: Session, ids: Sequence[int], *, at: datetime) -> None:
    session.execute(
        update(OutboxEvent)
        .where(OutboxEvent.id.in_(ids))
        .values(delivered_at=at, attempts=OutboxEvent.attempts + 1)
        .execution_options(synchronize_session="fetch")
    )
