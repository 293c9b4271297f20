"""Notification queries."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from smartcustoms.notifications.models import (
    NotificationDelivery,
    NotificationEndpoint,
    TraderNotification,
)
from smartcustoms.notifications.rules import DeliveryState


def endpoint_of(session: Session, enterprise_id: int) -> NotificationEndpoint | None:
    query = select(NotificationEndpoint).where(NotificationEndpoint.enterprise_id == enterprise_id)
    return session.scalars(query).first()


def endpoints_of(session: Session, enterprise_ids: Collection[int]) -> dict[int, str]:
    """The callback URL of each of these enterprises that registered one."""
    if not enterprise_ids:
        return {}
    query = select(NotificationEndpoint.enterprise_id, NotificationEndpoint.url).where(
        NotificationEndpoint.enterprise_id.in_(list(enterprise_ids))
    )
    return dict(session.execute(query).all())


def secrets_of(session: Session, enterprise_ids: Collection[int]) -> dict[int, str]:
    if not enterprise_ids:
        return {}
    query = select(NotificationEndpoint.enterprise_id, NotificationEndpoint.secret).where(
        NotificationEndpoint.enterprise_id.in_(list(enterprise_ids))
    )
    return dict(session.execute(query).all())


def known_events(session: Session, event_ids: Collection[int]) -> set[int]:
    if not event_ids:
        return set()
    query = select(TraderNotification.event_id).where(
        TraderNotification.event_id.in_(list(event_ids))
    )
    return set(session.scalars(query))


def notification(session: Session, notification_id: int) -> TraderNotification | None:
    return session.get(TraderNotification, notification_id)


def notifications(session: Session, ids: Collection[int]) -> dict[int, TraderNotification]:
    if not ids:
        return {}
    query = select(TraderNotification).where(TraderNotification.id.in_(list(ids)))
    return {n.id: n for n in session.scalars(query)}


def queue(
    session: Session,
    enterprise_id: int,
    *,
    after_id: int,
    since: datetime,
    unread_only: bool,
    limit: int,
) -> list[TraderNotification]:
    """An enterprise's notifications oldest first: those not acknowledged (the pull queue),
    or all of them since a time (a replay)."""
    query = (
        select(TraderNotification)
        .where(
            TraderNotification.enterprise_id == enterprise_id,
            TraderNotification.id > after_id,
            TraderNotification.created_at >= since,
        )
        .order_by(TraderNotification.id)
        .limit(limit)
    )
    if unread_only:
        query = query.where(TraderNotification.acknowledged_at.is_(None))
    return list(session.scalars(query))


def acknowledge(session: Session, enterprise_id: int, ids: Collection[int], at: datetime) -> int:
    """Mark these of the enterprise's notifications read; how many were not already."""
    if not ids:
        return 0
    result = session.execute(
        update(TraderNotification)
        .where(
            TraderNotification.enterprise_id == enterprise_id,
            TraderNotification.id.in_(list(ids)),
            TraderNotification.acknowledged_at.is_(None),
        )
        .values(acknowledged_at=at)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def due_deliveries(session: Session, *, at: datetime, limit: int) -> list[NotificationDelivery]:
    """Pushes due now, oldest first, locked; rows another worker holds are skipped."""
    query = (
        select(NotificationDelivery)
        .where(
            NotificationDelivery.state == DeliveryState.PENDING,
            NotificationDelivery.next_attempt_at <= at,
        )
        .order_by(NotificationDelivery.next_attempt_at, NotificationDelivery.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return list(session.scalars(query))


def delivery(
    session: Session, delivery_id: int, *, lock: bool = False
) -> NotificationDelivery | None:
    query = select(NotificationDelivery).where(NotificationDelivery.id == delivery_id)
    if lock:
        query = query.with_for_update()
    return session.scalars(query).first()


def deliveries_of(session: Session, notification_id: int) -> list[NotificationDelivery]:
    query = (
        select(NotificationDelivery)
        .where(NotificationDelivery.notification_id == notification_id)
        .order_by(NotificationDelivery.id)
    )
    return list(session.scalars(query))


def dead_letters(session: Session, *, limit: int, offset: int) -> list[NotificationDelivery]:
    query = (
        select(NotificationDelivery)
        .where(NotificationDelivery.state == DeliveryState.DEAD)
        .order_by(NotificationDelivery.id.desc())
        .limit(limit)
        .offset(offset)
    )
    return list(session.scalars(query))


def count_dead(session: Session) -> int:
    query = select(func.count()).where(NotificationDelivery.state == DeliveryState.DEAD)
    return int(session.scalar(query) or 0)
