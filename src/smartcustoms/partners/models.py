"""The partner registry: one partner customs administration per country."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from smartcustoms.db import Base, ExactDecimal, UtcDateTime

Quantity = ExactDecimal(18, 4)


class PartnerCustoms(Base):
    __tablename__ = "partner_customs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    country: Mapped[str] = mapped_column(String(2), unique=True)  # ISO 3166 alpha-2
    name: Mapped[str] = mapped_column(String(200))
    endpoint: Mapped[str] = mapped_column(String(500))  # where messages to it are sent
    public_key_pem: Mapped[str] = mapped_column(Text)  # Ed25519: verifies its messages
    key_fingerprint: Mapped[str] = mapped_column(String(64))
    active: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class PartnerMessage(Base):
    """A signed message exchanged with a partner customs, sent ("out") or received ("in").

    Outgoing rows are the exchange's own outbox: written in the transaction that decides to
    send, delivered by the worker, retried with backoff until the partner acknowledges.
    Incoming rows are stored once per (sender, message id): a replay is refused.
    """

    __tablename__ = "partner_messages"
    __table_args__ = (UniqueConstraint("direction", "country", "message_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    direction: Mapped[str] = mapped_column(String(3))  # "out" or "in"
    country: Mapped[str] = mapped_column(String(2), index=True)  # the partner's
    message_id: Mapped[str] = mapped_column(String(64))
    type: Mapped[str] = mapped_column(String(10))  # acdd, eco, note
    envelope: Mapped[dict[str, Any]] = mapped_column(JSON)
    signature: Mapped[str] = mapped_column(String(200))
    state: Mapped[str] = mapped_column(String(12), index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UtcDateTime, index=True)
    last_status: Mapped[int | None] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(String(300))
    # What the message is about: the export declaration an ACDD was built from (out), the
    # import declaration an incoming one was matched to (in).
    declaration_id: Mapped[int | None] = mapped_column(Integer, index=True)
    # The outbox event it was made from (an ACDD at release): made once per event.
    source_event_id: Mapped[int | None] = mapped_column(BigInteger, unique=True)
    reference: Mapped[str | None] = mapped_column(String(50), index=True)  # transport doc
    # An incoming ACDD's exporter reference (the invoice number): the other key it is
    # matched to an import declaration by.
    invoice_reference: Mapped[str | None] = mapped_column(String(50), index=True)
    facts: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class CertificateUse(Base):
    """How much of an e-C/O's goods (by HS subheading) a declaration claims: a C/O is not
    used beyond the quantity it certifies."""

    __tablename__ = "partner_certificate_uses"
    __table_args__ = (UniqueConstraint("certificate_id", "declaration_id", "hs_code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    certificate_id: Mapped[int] = mapped_column(ForeignKey("partner_messages.id"), index=True)
    declaration_id: Mapped[int] = mapped_column(Integer, index=True)
    hs_code: Mapped[str] = mapped_column(String(6))
    quantity: Mapped[Decimal] = mapped_column(Quantity)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
