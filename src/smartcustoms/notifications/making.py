"""Outbox events become typed notifications (the worker's handler), once per event."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy.orm import Session

from smartcustoms.notifications import repository
from smartcustoms.notifications.models import NotificationDelivery, TraderNotification
from smartcustoms.notifications.rules import (
    PUSH_EXPIRY,
    TOPICS,
    DeliveryState,
    Draft,
    EventFacts,
    notification_for,
)


class EventLike(Protocol):
    """An outbox event as the worker hands it over."""

    @property
    def id(self) -> int: ...
    @property
    def topic(self) -> str: ...
    @property
    def aggregate_type(self) -> str: ...
    @property
    def aggregate_id(self) -> str: ...
    @property
    def payload(self) -> Mapping[str, Any]: ...
    @property
    def created_at(self) -> datetime: ...


# The outbox topics this domain's handler wants.
EVENT_TOPICS = frozenset(TOPICS)


def record(session: Session, events: Sequence[EventLike], at: datetime) -> None:
    """The handler: store the notification each event gives, unless one exists for it, and
    a push for each whose enterprise registered a callback URL."""
    make_notifications(session, events, at=at)


def make_notifications(
    session: Session, events: Sequence[EventLike], *, at: datetime
) -> list[TraderNotification]:
    """The notifications made now (an event seen before makes none)."""
    drafts: list[Draft] = []
    for event in events:
        facts = EventFacts(
            event.id,
            event.topic,
            event.aggregate_type,
            event.aggregate_id,
            event.payload,
            event.created_at,
        )
        draft = notification_for(facts)
        if draft is not None:
            drafts.append(draft)
    known = repository.known_events(session, [d.event_id for d in drafts])
    fresh = [d for d in drafts if d.event_id not in known]
    if not fresh:
        return []
    made = [
        TraderNotification(
            event_id=d.event_id,
            enterprise_id=d.enterprise_id,
            code=d.code.value,
            declaration_id=d.declaration_id,
            data=d.data,
            occurred_at=d.occurred_at,
            created_at=at,
        )
        for d in fresh
    ]
    session.add_all(made)
    session.flush()
    endpoints = repository.endpoints_of(session, {n.enterprise_id for n in made})
    session.add_all(
        [
            new_delivery(n.id, endpoints[n.enterprise_id], at=at)
            for n in made
            if n.enterprise_id in endpoints
        ]
    )
    session.flush()
    return made


def new_delivery(notification_id: int, url: str, *, at: datetime) -> NotificationDelivery:
    return NotificationDelivery(
        notification_id=notification_id,
        url=url,
        state=DeliveryState.PENDING.value,
        attempts=0,
        next_attempt_at=at,
        expires_at=at + PUSH_EXPIRY,
        created_at=at,
    )
