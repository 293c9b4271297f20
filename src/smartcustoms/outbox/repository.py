"""Outbox queries."""

from __future__ import annotations

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
