"""Notifications API: the callback endpoint, the pull queue and acknowledgements, replays,
and the operators' dead-letter list. Thin: the service decides."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from smartcustoms.deps import ApiActor, IdInPath, Now, ServicesDep, SessionDep, requires
from smartcustoms.identity.rules import Actor
from smartcustoms.kit.wire import IsoDateTime
from smartcustoms.notifications import service
from smartcustoms.notifications.messages import invalid
from smartcustoms.notifications.schemas import (
    AcknowledgementCreate,
    AcknowledgementRead,
    DeadLetterRead,
    DeadLettersRead,
    DeliveryRead,
    EndpointCreate,
    EndpointRead,
    NotificationRead,
)
from smartcustoms.openapi import OWNER_CHECKED, STATE_CHANGING

router = APIRouter(prefix="/api/v1/notifications", tags=["notifications"])

Enterprise = Annotated[int | None, Query(ge=1, le=2**31 - 1)]


def _chosen(actor: Actor, enterprise_id: int | None) -> int:
    chosen = enterprise_id or actor.organisation_id
    if chosen is None:
        raise invalid("enterprise_id", "enterprise_required")
    return chosen


def notification_read(found: Any) -> NotificationRead:
    return NotificationRead.model_validate(service.document_of(found))


def _endpoint_read(view: service.EndpointView) -> EndpointRead:
    return EndpointRead(
        enterprise_id=view.enterprise_id,
        url=view.url,
        updated_at=view.updated_at,
        secret=view.secret,
    )


@router.put(
    "/endpoint",
    response_model=EndpointRead,
    responses=STATE_CHANGING | {422: {}},
    dependencies=[requires("notifications.endpoint")],
)
def register_endpoint(
    body: EndpointCreate,
    actor: ApiActor,
    session: SessionDep,
    services: ServicesDep,
    now: Now,
) -> Any:
    """Push your notifications to this URL (the enterprise's own traders). The answer holds
    a new signing secret, shown this once: every push carries
    `SmartCustoms-Signature: t=<unix time>,v1=<HMAC-SHA256(secret, "<t>." + body)>`."""
    view = service.register_endpoint(
        session,
        actor=actor,
        enterprise_id=_chosen(actor, body.enterprise_id),
        url=body.url,
        allow_loopback=services.settings.notifications_allow_loopback,
        at=now,
        outbound=service.outbound_policy(services.settings),
    )
    return _endpoint_read(view)


@router.get(
    "/endpoint",
    response_model=EndpointRead,
    responses=OWNER_CHECKED,
    dependencies=[requires("notifications.read")],
)
def endpoint(actor: ApiActor, session: SessionDep, enterprise_id: Enterprise = None) -> Any:
    """Where the enterprise's notifications are pushed (the secret is never shown again)."""
    chosen = _chosen(actor, enterprise_id)
    return _endpoint_read(service.endpoint(session, actor=actor, enterprise_id=chosen))


@router.delete(
    "/endpoint",
    status_code=204,
    responses=STATE_CHANGING,
    dependencies=[requires("notifications.endpoint")],
)
def remove_endpoint(
    actor: ApiActor, session: SessionDep, now: Now, enterprise_id: Enterprise = None
) -> Response:
    """Stop pushing; the pull queue keeps every notification."""
    chosen = _chosen(actor, enterprise_id)
    service.remove_endpoint(session, actor=actor, enterprise_id=chosen, at=now)
    return Response(status_code=204)


@router.get(
    "",
    response_model=list[NotificationRead],
    responses=OWNER_CHECKED,
    dependencies=[requires("notifications.read")],
)
def pull(
    actor: ApiActor,
    session: SessionDep,
    now: Now,
    enterprise_id: Enterprise = None,
    after_id: Annotated[int, Query(ge=0, le=2**63 - 1)] = 0,
    since: Annotated[IsoDateTime | None, Query()] = None,
    include_acknowledged: bool = False,
    limit: Annotated[int, Query(ge=1, le=100)] = 100,
) -> Any:
    """The pull queue, oldest first: notifications not yet acknowledged. With
    `include_acknowledged=true` (and `since`), a replay of the last 90 days."""
    found = service.pull(
        session,
        actor=actor,
        enterprise_id=_chosen(actor, enterprise_id),
        after_id=after_id,
        since=since,
        include_acknowledged=include_acknowledged,
        limit=limit,
        at=now,
    )
    return [notification_read(n) for n in found]


@router.post(
    "/acknowledgements",
    response_model=AcknowledgementRead,
    responses=STATE_CHANGING,
    dependencies=[requires("notifications.read")],
)
def acknowledge(body: AcknowledgementCreate, actor: ApiActor, session: SessionDep, now: Now) -> Any:
    """These notifications are received: they leave the queue (acknowledging twice is fine)."""
    done = service.acknowledge(
        session,
        actor=actor,
        enterprise_id=_chosen(actor, body.enterprise_id),
        ids=list(body.ids),
        at=now,
    )
    return AcknowledgementRead(acknowledged=done)


def delivery_read(found: Any) -> DeliveryRead:
    return DeliveryRead.model_validate(found, from_attributes=True)


@router.post(
    "/{notification_id}/redeliveries",
    status_code=202,
    response_model=DeliveryRead,
    responses=STATE_CHANGING | {422: {}},
    dependencies=[requires("notifications.read")],
)
def redeliver(notification_id: IdInPath, actor: ApiActor, session: SessionDep, now: Now) -> Any:
    """Push a notification of the last 90 days again to the registered URL."""
    found = service.redeliver(session, actor=actor, notification_id=notification_id, at=now)
    return delivery_read(found)


@router.get(
    "/dead-letters",
    response_model=DeadLettersRead,
    responses=OWNER_CHECKED,
    dependencies=[requires("notifications.operate")],
)
def dead_letters(
    actor: ApiActor,
    session: SessionDep,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=10**6)] = 0,
) -> Any:
    """Pushes given up after 14 days unanswered, newest first (supervisors, administrators)."""
    letters, total = service.dead_letters(session, actor=actor, limit=limit, offset=offset)
    return DeadLettersRead(
        total=total,
        items=[
            DeadLetterRead(
                delivery=delivery_read(d.delivery), notification=notification_read(d.notification)
            )
            for d in letters
        ],
    )


@router.post(
    "/dead-letters/{delivery_id}/replay",
    status_code=202,
    response_model=DeliveryRead,
    responses=STATE_CHANGING | {422: {}},
    dependencies=[requires("notifications.operate")],
)
def replay(delivery_id: IdInPath, actor: ApiActor, session: SessionDep, now: Now) -> Any:
    """Try a dead push again now, with 14 more days (supervisors, administrators)."""
    found = service.replay_dead_letter(session, actor=actor, delivery_id=delivery_id, at=now)
    return delivery_read(found)
