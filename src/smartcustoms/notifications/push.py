"""Pushing notifications to the enterprises' callback URLs: signed, retried with backoff,
dead-lettered after 14 days; and the body and headers a client receives.

A pass claims the due deliveries (`FOR UPDATE SKIP LOCKED`: two workers never send one
delivery at once), sends each, and records the outcome in the worker's transaction.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

import httpx2
from sqlalchemy.orm import Session

from smartcustoms.notifications import repository
from smartcustoms.notifications.messages import texts
from smartcustoms.notifications.models import NotificationDelivery, TraderNotification
from smartcustoms.notifications.outbound import OutboundPolicy, post_pinned
from smartcustoms.notifications.rules import (
    ID_HEADER,
    SIGNATURE_HEADER,
    DeliveryState,
    after_failure,
    sign,
)

ATTEMPT_HEADER = "SmartCustoms-Delivery-Attempt"


@dataclass(frozen=True)
class Outcome:
    status: int | None  # the receiver's HTTP status; None: not reached
    error: str | None = None


class Sender(Protocol):
    """Sends one signed body to a URL (adapters: HTTP; tests use the real one on loopback)."""

    def send(self, url: str, *, body: bytes, headers: Mapping[str, str]) -> Outcome: ...


class HttpSender:
    """POSTs over HTTP with httpx2, to the URL's host resolved once and pinned, refused when
    it is internal (`outbound`: SSRF, DNS rebinding); a refusal, timeout or refused
    connection is an outcome, not an exception, so one bad endpoint never stops a pass."""

    def __init__(self, client: httpx2.Client, policy: OutboundPolicy | None = None) -> None:
        self._client = client
        self._policy = policy or OutboundPolicy()

    def send(self, url: str, *, body: bytes, headers: Mapping[str, str]) -> Outcome:
        answer = post_pinned(self._client, url, body=body, headers=headers, policy=self._policy)
        return Outcome(answer.status, answer.error)


def body_of(notification: TraderNotification) -> bytes:
    """What a client receives (push) and reads (pull): stable for the notification's life."""
    return json.dumps(document_of(notification), ensure_ascii=False, separators=(",", ":")).encode()


def document_of(notification: TraderNotification) -> dict[str, Any]:
    title = texts(f"title.{notification.code}")
    return {
        "id": notification.id,
        "event_id": notification.event_id,
        "code": notification.code,
        "title": {"en": title.en, "vi": title.vi},
        "enterprise_id": notification.enterprise_id,
        "declaration_id": notification.declaration_id,
        "data": notification.data,
        "occurred_at": notification.occurred_at.isoformat(),
        "created_at": notification.created_at.isoformat(),
    }


@dataclass(frozen=True)
class PushRun:
    delivered: int
    failed: int  # will be tried again
    dead: int  # expired: on the dead-letter list


def push_due(session: Session, *, sender: Sender, at: datetime, limit: int = 100) -> PushRun:
    """One pass: send every due delivery (at most `limit`) and record how it went."""
    due = repository.due_deliveries(session, at=at, limit=limit)
    if not due:
        return PushRun(0, 0, 0)
    found = repository.notifications(session, {d.notification_id for d in due})
    endpoints = {
        e: repository.endpoint_of(session, e) for e in {n.enterprise_id for n in found.values()}
    }
    counts = {DeliveryState.DELIVERED: 0, DeliveryState.PENDING: 0, DeliveryState.DEAD: 0}
    for delivery in due:
        notification = found[delivery.notification_id]
        endpoint = endpoints[notification.enterprise_id]
        if endpoint is None:
            outcome = Outcome(None, "no callback URL registered any more")
        else:
            delivery.url = endpoint.url
            body = body_of(notification)
            headers = {
                "Content-Type": "application/json",
                SIGNATURE_HEADER: sign(endpoint.secret, body=body, at=at),
                ID_HEADER: str(notification.id),
                ATTEMPT_HEADER: str(delivery.attempts + 1),
            }
            outcome = sender.send(endpoint.url, body=body, headers=headers)
        counts[_record(delivery, outcome, at=at)] += 1
    session.flush()
    return PushRun(
        counts[DeliveryState.DELIVERED], counts[DeliveryState.PENDING], counts[DeliveryState.DEAD]
    )


def _record(delivery: NotificationDelivery, outcome: Outcome, *, at: datetime) -> DeliveryState:
    delivery.attempts += 1
    delivery.last_status = outcome.status
    if outcome.status is not None and 200 <= outcome.status < 300:
        delivery.state = DeliveryState.DELIVERED.value
        delivery.delivered_at = at
        delivery.next_attempt_at = None
        delivery.last_error = None
        return DeliveryState.DELIVERED
    delivery.last_error = outcome.error or f"HTTP {outcome.status}"
    retry_at = after_failure(delivery.attempts, failed_at=at, expires_at=delivery.expires_at)
    if retry_at is None:
        delivery.state = DeliveryState.DEAD.value
        delivery.next_attempt_at = None
        return DeliveryState.DEAD
    delivery.next_attempt_at = retry_at
    return DeliveryState.PENDING
