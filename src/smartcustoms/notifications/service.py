"""Notification use cases, the domain's public face.

- `making`: the outbox handler that turns events into notifications, once per event;
- `push`: signed pushes to the callback URL, retried, dead-lettered after 14 days;
- here: the callback endpoint, the pull queue and its acknowledgements, replays (the
  trader's, and the operators' of the dead-letter list).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from smartcustoms.audit import service as audit
from smartcustoms.config import Settings
from smartcustoms.errors import Conflict, NotFound, RuleViolated
from smartcustoms.identity.rules import Actor
from smartcustoms.notifications import repository
from smartcustoms.notifications.access import (
    is_operator,
    require_operator,
    require_own_trader,
    require_reads,
)
from smartcustoms.notifications.making import (
    EVENT_TOPICS,
    EventLike,
    make_notifications,
    new_delivery,
    record,
)
from smartcustoms.notifications.messages import error, invalid, texts
from smartcustoms.notifications.models import (
    NotificationDelivery,
    NotificationEndpoint,
    TraderNotification,
)
from smartcustoms.notifications.outbound import (
    DestinationRefused,
    OutboundPolicy,
    destination_problem,
)
from smartcustoms.notifications.push import (
    HttpSender,
    Outcome,
    PushRun,
    Sender,
    body_of,
    document_of,
    push_due,
)
from smartcustoms.notifications.rules import (
    PUSH_EXPIRY,
    REPLAY_WINDOW,
    Code,
    DeliveryState,
    may_replay,
    url_problem,
)

__all__ = [
    "EVENT_TOPICS",
    "Code",
    "DeadLetter",
    "DeliveryState",
    "DestinationRefused",
    "EndpointView",
    "EventLike",
    "HttpSender",
    "OutboundPolicy",
    "Outcome",
    "PushRun",
    "Sender",
    "acknowledge",
    "body_of",
    "dead_letters",
    "destination_problem",
    "document_of",
    "endpoint",
    "is_operator",
    "make_notifications",
    "outbound_policy",
    "pull",
    "push_due",
    "record",
    "redeliver",
    "register_endpoint",
    "remove_endpoint",
    "replay_dead_letter",
    "texts",
]


def outbound_policy(settings: Settings) -> OutboundPolicy:
    """Where this instance's outbound requests may go besides public addresses."""
    return OutboundPolicy.of(
        settings.outbound_allowed_networks, loopback=settings.notifications_allow_loopback
    )


PULL_LIMIT = 100
ACK_LIMIT = 500


@dataclass(frozen=True)
class EndpointView:
    enterprise_id: int
    url: str
    updated_at: datetime
    secret: str | None  # only in the answer that registered it


def register_endpoint(
    session: Session,
    *,
    actor: Actor,
    enterprise_id: int,
    url: str,
    allow_loopback: bool,
    at: datetime,
    outbound: OutboundPolicy | None = None,
) -> EndpointView:
    """Set the enterprise's callback URL; a new signing secret each time (shown once).

    Its host is resolved now: refused when it is internal (`outbound`: the allowed
    networks; the loopback too with `allow_loopback`); every push checks again."""
    require_own_trader(actor, enterprise_id)
    url = url.strip()
    problem = url_problem(url, allow_loopback=allow_loopback)
    if problem is None:
        policy = outbound or OutboundPolicy.of(loopback=allow_loopback)
        refused = destination_problem(url, policy)
        if refused is not None:
            problem = {"destination_internal": "callback_url_internal"}.get(
                refused, "callback_url_invalid"
            )
    if problem is not None:
        raise invalid("url", problem)
    secret = "whsec_" + secrets.token_urlsafe(32)
    found = repository.endpoint_of(session, enterprise_id)
    if found is None:
        found = NotificationEndpoint(
            enterprise_id=enterprise_id, url=url, secret=secret, created_at=at, updated_at=at
        )
        session.add(found)
    else:
        found.url, found.secret, found.updated_at = url, secret, at
    session.flush()
    # The secret is never recorded: only that a new one was made.
    _audit(session, actor, "notifications.endpoint_set", enterprise_id, at, {"url": url})
    return EndpointView(enterprise_id, url, at, secret)


def _audit(
    session: Session,
    actor: Actor,
    action: str,
    enterprise_id: int,
    at: datetime,
    details: dict[str, object],
) -> None:
    audit.record(
        session,
        action=action,
        object_type="notification_endpoint",
        object_id=enterprise_id,
        at=at,
        actor_id=actor.user_id,
        on_behalf_of=enterprise_id,
        details=details,
    )


def endpoint(session: Session, *, actor: Actor, enterprise_id: int) -> EndpointView:
    require_reads(actor, enterprise_id)
    found = repository.endpoint_of(session, enterprise_id)
    if found is None:
        raise error(NotFound, "no_endpoint")
    return EndpointView(enterprise_id, found.url, found.updated_at, None)


def remove_endpoint(session: Session, *, actor: Actor, enterprise_id: int, at: datetime) -> None:
    """Stop pushing (pull keeps working); pending pushes go dead when next due."""
    require_own_trader(actor, enterprise_id)
    found = repository.endpoint_of(session, enterprise_id)
    if found is None:
        raise error(NotFound, "no_endpoint")
    url = found.url
    session.delete(found)
    session.flush()
    _audit(session, actor, "notifications.endpoint_removed", enterprise_id, at, {"url": url})


def pull(
    session: Session,
    *,
    actor: Actor,
    enterprise_id: int,
    after_id: int = 0,
    since: datetime | None = None,
    include_acknowledged: bool = False,
    limit: int = PULL_LIMIT,
    at: datetime,
) -> list[TraderNotification]:
    """The enterprise's queue, oldest first: the notifications not yet acknowledged; with
    `include_acknowledged`, every one since `since` (at most 90 days back: a replay)."""
    require_reads(actor, enterprise_id)
    earliest = at - REPLAY_WINDOW
    return repository.queue(
        session,
        enterprise_id,
        after_id=after_id,
        since=max(since, earliest) if since is not None else earliest,
        unread_only=not include_acknowledged,
        limit=min(max(limit, 1), PULL_LIMIT),
    )


def acknowledge(
    session: Session, *, actor: Actor, enterprise_id: int, ids: list[int], at: datetime
) -> int:
    """The client has them: they leave the queue (a replay still reads them)."""
    require_reads(actor, enterprise_id)
    if len(ids) > ACK_LIMIT:
        raise invalid("ids", "too_many_ids", limit=ACK_LIMIT)
    done = repository.acknowledge(session, enterprise_id, set(ids), at)
    session.flush()
    if done:
        audit.record(
            session,
            action="notifications.acknowledged",
            object_type="organisation",
            object_id=enterprise_id,
            at=at,
            actor_id=actor.user_id,
            on_behalf_of=enterprise_id,
            details={"count": done},
        )
    return done


def _replayable(notification: TraderNotification, *, at: datetime) -> None:
    if not may_replay(notification.created_at, at=at):
        raise error(RuleViolated, "replay_window_passed", notification_id=notification.id)


def redeliver(
    session: Session, *, actor: Actor, notification_id: int, at: datetime
) -> NotificationDelivery:
    """Push a notification (of the last 90 days) again to the registered callback URL."""
    found = repository.notification(session, notification_id)
    if found is None:
        raise error(NotFound, "notification_not_found", notification_id=notification_id)
    try:
        require_reads(actor, found.enterprise_id)
    except NotFound:
        raise error(NotFound, "notification_not_found", notification_id=notification_id) from None
    _replayable(found, at=at)
    target = repository.endpoint_of(session, found.enterprise_id)
    if target is None:
        raise error(Conflict, "no_endpoint")
    delivery = new_delivery(found.id, target.url, at=at)
    session.add(delivery)
    session.flush()
    _record_push(session, "notification.redelivered", found, actor, at)
    return delivery


def _record_push(
    session: Session, action: str, found: TraderNotification, actor: Actor, at: datetime
) -> None:
    audit.record(
        session,
        action=action,
        object_type="notification",
        object_id=found.id,
        at=at,
        actor_id=actor.user_id,
        on_behalf_of=found.enterprise_id,
    )


@dataclass(frozen=True)
class DeadLetter:
    delivery: NotificationDelivery
    notification: TraderNotification


def dead_letters(
    session: Session, *, actor: Actor, limit: int = 50, offset: int = 0
) -> tuple[list[DeadLetter], int]:
    """The pushes given up, newest first, with their notification; and how many in all."""
    require_operator(actor)
    found = repository.dead_letters(session, limit=limit, offset=offset)
    notes = repository.notifications(session, {d.notification_id for d in found})
    letters = [DeadLetter(d, notes[d.notification_id]) for d in found]
    return letters, repository.count_dead(session)


def replay_dead_letter(
    session: Session, *, actor: Actor, delivery_id: int, at: datetime
) -> NotificationDelivery:
    """Try a dead push again: due now, with 14 days more (its notification under 90 days)."""
    require_operator(actor)
    found = repository.delivery(session, delivery_id, lock=True)
    if found is None:
        raise error(NotFound, "delivery_not_found", delivery_id=delivery_id)
    if found.state != DeliveryState.DEAD:
        raise error(Conflict, "not_dead", delivery_id=delivery_id)
    notification = repository.notification(session, found.notification_id)
    assert notification is not None
    _replayable(notification, at=at)
    found.state = DeliveryState.PENDING.value
    found.attempts = 0
    found.next_attempt_at = at
    found.expires_at = at + PUSH_EXPIRY
    session.flush()
    _record_push(session, "notification.dead_letter_replayed", notification, actor, at)
    return found
