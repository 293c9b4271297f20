"""Partner registry queries."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from smartcustoms.partners.models import CertificateUse, PartnerCustoms, PartnerMessage


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


def acdd_for_import(
    session: Session,
    *,
    transport_document: str | None,
    invoice_number: str | None,
    declaration_ids: tuple[int | None, ...],
) -> PartnerMessage | None:
    """The latest ACDD received with this transport document or invoice number that no
    other declaration holds (unmatched, or matched to this one or to its earlier version)."""
    wanted = []
    if transport_document:
        wanted.append(PartnerMessage.reference == transport_document[:50])
    if invoice_number:
        wanted.append(PartnerMessage.invoice_reference == invoice_number[:50])
    if not wanted:
        return None
    ours = [i for i in declaration_ids if i is not None]
    query = (
        select(PartnerMessage)
        .where(PartnerMessage.direction == "in", PartnerMessage.type == "acdd")
        .where(or_(*wanted))
        .where(
            or_(PartnerMessage.declaration_id.is_(None), PartnerMessage.declaration_id.in_(ours))
        )
        .order_by(PartnerMessage.id.desc())
        .limit(1)
    )
    return session.scalars(query).first()


def certificates(session: Session, *, country: str, reference: str) -> list[PartnerMessage]:
    """The e-C/O messages received about one certificate, oldest first."""
    query = (
        select(PartnerMessage)
        .where(
            PartnerMessage.direction == "in",
            PartnerMessage.type == "eco",
            PartnerMessage.country == country,
            PartnerMessage.reference == reference,
        )
        .order_by(PartnerMessage.id)
    )
    return list(session.scalars(query))


def used_by_others(
    session: Session, *, certificate_id: int, declaration_id: int
) -> dict[str, Decimal]:
    query = (
        select(CertificateUse.hs_code, func.sum(CertificateUse.quantity))
        .where(CertificateUse.certificate_id == certificate_id)
        .where(CertificateUse.declaration_id != declaration_id)
        .group_by(CertificateUse.hs_code)
    )
    return {hs: Decimal(total) for hs, total in session.execute(query)}


def replace_uses(
    session: Session,
    *,
    certificate_id: int,
    declaration_id: int,
    wanted: dict[str, Decimal],
    at: datetime,
) -> None:
    session.execute(
        delete(CertificateUse)
        .where(CertificateUse.certificate_id == certificate_id)
        .where(CertificateUse.declaration_id == declaration_id)
    )
    session.add_all(
        CertificateUse(
            certificate_id=certificate_id,
            declaration_id=declaration_id,
            hs_code=hs,
            quantity=quantity,
            created_at=at,
        )
        for hs, quantity in wanted.items()
    )


def lock(session: Session, message_id: int) -> PartnerMessage | None:
    """The message, its row locked until the transaction ends (a C/O being used: two
    declarations never take its last quantity at once)."""
    return session.get(PartnerMessage, message_id, with_for_update=True, populate_existing=True)
