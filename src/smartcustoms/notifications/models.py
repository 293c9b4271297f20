"""Notification tables: the enterprises' callback endpoints, the notifications (one per
outbox event) and their push deliveries."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from smartcustoms.db import Base, UtcDateTime


class NotificationEndpoint(Base):
    """Where an enterprise's notifications are pushed, and the secret that signs them."""

    __tablename__ = "notification_endpoints"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), unique=True)
    url: Mapped[str] = mapped_column(String(500))
    # The HMAC key shared with the client (shown once, when registered); kept to sign.
    secret: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class TraderNotification(Base):
    """A typed notification: made once from one outbox event (its id is unique here)."""

    __tablename__ = "trader_notifications"
    __table_args__ = (
        Index("ix_trader_notifications_queue", "enterprise_id", "acknowledged_at", "id"),
    )

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    event_id: Mapped[int] = mapped_column(BigInteger, unique=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    code: Mapped[str] = mapped_column(String(40))  # rules.Code
    declaration_id: Mapped[int | None] = mapped_column(Integer)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    occurred_at: Mapped[datetime] = mapped_column(UtcDateTime)  # the event's time
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UtcDateTime)  # pull: read


class NotificationDelivery(Base):
    """One push of a notification to an endpoint: retried until 2xx or expiry (then dead)."""

    __tablename__ = "notification_deliveries"
    __table_args__ = (Index("ix_notification_deliveries_due", "state", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    notification_id: Mapped[int] = mapped_column(ForeignKey("trader_notifications.id"), index=True)
    url: Mapped[str] = mapped_column(String(500))
    state: Mapped[str] = mapped_column(String(12))  # rules.DeliveryState
    attempts: Mapped[int] = mapped_column(Integer)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    last_status: Mapped[int | None] = mapped_column(Integer)  # the receiver's HTTP status
    last_error: Mapped[str | None] = mapped_column(String(300))
    delivered_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
