"""Notification queries (the package's face, `repository`, holds the others)."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from smartcustoms.payments.models import Notification


def known_keys(session: Session, keys: Collection[str]) -> set[str]:
    if not keys:
        return set()
    query = select(Notification.key).where(Notification.key.in_(list(keys)))
    return set(session.scalars(query))


def add_once(session: Session, notification: Notification) -> bool:
    """Store it unless one with its key exists (also one a concurrent worker just wrote)."""
    if known_keys(session, [notification.key]):
        return False
    try:
        with session.begin_nested():
            session.add(notification)
            session.flush()
    except IntegrityError:
        return False
    return True


def of_enterprise(session: Session, enterprise_id: int, *, limit: int) -> list[Notification]:
    query = (
        select(Notification)
        .where(Notification.enterprise_id == enterprise_id)
        .order_by(Notification.id.desc())
        .limit(limit)
    )
    return list(session.scalars(query))
