"""Partner registry queries."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from smartcustoms.partners.models import PartnerCustoms, PartnerMessage


def by_country(session: Session, country: str) -> PartnerCustoms | None:
    return session.scalars(select(PartnerCustoms).where(PartnerCustoms.country == country)).first()


def all_partners(session: Session) -> list[PartnerCustoms]:
    return list(session.scalars(select(PartnerCustoms).order_by(PartnerCustoms.country)))


def message(session: Session, message_id: int) -> PartnerMessage | None:
    return session.get(PartnerMessage, message_id)


def received(session: Session, *, country: str, message_id: str) -> PartnerMessage | None:
    query = select(PartnerMessage).where(
        PartnerMessage.direction == "in",
        PartnerMessage.country == country,
        PartnerMessage.message_id == message_id,
    )
    return session.scalars(query).first()


def made_from_event(session: Session, event_id: int) -> PartnerMessage | None:
    query = select(PartnerMessage).where(PartnerMessage.source_event_id == event_id)
    return session.scalars(query).first()


def due_messages(session: Session, *, at: datetime, limit: int) -> list[PartnerMessage]:
    """Outgoing messages due to be sent, oldest first, locked; rows another worker holds
    are skipped (PostgreSQL), so two workers never send one message at once."""
    query = (
        select(PartnerMessage)
        .where(PartnerMessage.direction == "out")
        .where(PartnerMessage.state == "pending")
        .where(PartnerMessage.next_attempt_at <= at)
        .order_by(PartnerMessage.next_attempt_at, PartnerMessage.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return list(session.scalars(query))


def messages(session: Session, *, direction: str | None, limit: int) -> list[PartnerMessage]:
    query = select(PartnerMessage).order_by(PartnerMessage.id.desc()).limit(limit)
    if direction is not None:
        query = query.where(PartnerMessage.direction == direction)
    return list(session.scalars(query))


def acdd_sent_for(session: Session, declaration_id: int) -> bool:
    query = select(PartnerMessage.id).where(
        PartnerMessage.direction == "out",
        PartnerMessage.type == "acdd",
        PartnerMessage.declaration_id == declaration_id,
    )
    return session.scalars(query.limit(1)).first() is not None
