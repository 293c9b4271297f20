"""Outbox queries."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
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


def pending(session: Session, *, topics: Sequence[str], limit: int) -> list[OutboxEvent]:
    """Undelivered events of these topics, oldest first, locked; rows another worker holds
    are skipped (PostgreSQL), so two workers never handle one event at once."""
    query = (
        select(OutboxEvent)
        .where(OutboxEvent.delivered_at.is_(None), OutboxEvent.topic.in_(topics))
        .order_by(OutboxEvent.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return list(session.scalars(query))
