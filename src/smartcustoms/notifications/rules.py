"""Which outbox events become a trader's notification, under which stable code; the push
schedule (backoff, expiry) and the signature scheme clients check. Pure: no I/O.

One event gives at most one notification (`notification_for` is a function of the event
alone), and the notification is stored under the event's id, so however often the outbox
hands an event out, the trader is told once, with one code.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any
from urllib.parse import urlsplit

from smartcustoms.kit import signatures


class Code(StrEnum):
    """A notification's stable code: what clients switch on (docs/notifications.md)."""

    REGISTERED = "declaration_registered"
    REJECTED = "declaration_rejected"
    CHANNEL = "channel_selected"  # green or red: the channel and what follows
    DOCUMENTS_REQUESTED = "documents_requested"  # yellow: present the documents for a check
    INSPECTION_RECORDED = "inspection_recorded"
    DUTY_DUE = "duty_due"
    DUTY_OVERDUE = "duty_overdue"
    BALANCE_LOW = "balance_low"
    PAID = "duty_paid"  # the taxes are paid or guaranteed
    RELEASED = "goods_released"  # released pending tax determination (Article 33)
    STORED = "goods_stored"  # released for storage (Article 32)
    CLEARED = "declaration_cleared"  # every condition met: cleared
    CANCELLED = "declaration_cancelled"
    LICENCE_DECIDED = "licence_decided"  # a licence granted or refused (the permits domain)


# The outbox topics trader notifications are made from.
TOPICS: Mapping[str, Code] = {
    "declaration.registered": Code.REGISTERED,
    "declaration.rejected": Code.REJECTED,
    "declaration.released": Code.RELEASED,
    "declaration.stored": Code.STORED,
    "declaration.cleared": Code.CLEARED,
    "declaration.cancelled": Code.CANCELLED,
    "risk.channel_selected": Code.CHANNEL,
    "risk.inspection_recorded": Code.INSPECTION_RECORDED,
    "payments.duty_due": Code.DUTY_DUE,
    "payments.duty_overdue": Code.DUTY_OVERDUE,
    "payments.low_balance": Code.BALANCE_LOW,
    "payments.taxes_met": Code.PAID,
    # No domain emits it yet: the permits (single window) domain will, with this payload.
    "permits.licence_decided": Code.LICENCE_DECIDED,
}

# The channel of a documentary check: the trader must present the dossier.
YELLOW = "yellow"


@dataclass(frozen=True)
class EventFacts:
    """What a notification is made from: one outbox event."""

    event_id: int
    topic: str
    aggregate_type: str
    aggregate_id: str
    payload: Mapping[str, Any]
    created_at: datetime


@dataclass(frozen=True)
class Draft:
    """A notification to store: its code, the enterprise told, and its data."""

    event_id: int
    code: Code
    enterprise_id: int
    declaration_id: int | None
    data: dict[str, Any]
    occurred_at: datetime


def _int(value: object) -> int | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return int(str(value))
    except ValueError:
        return None


def notification_for(event: EventFacts) -> Draft | None:
    """The notification an event gives, or None (a topic no trader is told of, or an event
    that names no enterprise)."""
    code = TOPICS.get(event.topic)
    if code is None:
        return None
    payload = event.payload
    declaration_id: int | None = None
    if event.aggregate_type == "organisation":
        enterprise_id = _int(event.aggregate_id)
    else:
        enterprise_id = _int(payload.get("enterprise_id"))
    if event.aggregate_type == "declaration":
        declaration_id = _int(event.aggregate_id)
    declaration_id = _int(payload.get("declaration_id")) or declaration_id
    if code is Code.CHANNEL and str(payload.get("channel")) == YELLOW:
        code = Code.DOCUMENTS_REQUESTED
    if enterprise_id is None:
        return None
    data = {k: v for k, v in payload.items() if k in _KEPT.get(code, _DEFAULT_KEPT)}
    return Draft(event.event_id, code, enterprise_id, declaration_id, data, event.created_at)


_DEFAULT_KEPT = frozenset({"number", "version", "from", "to", "office_code"})
_KEPT: Mapping[Code, frozenset[str]] = {
    Code.CHANNEL: frozenset({"channel", "office_code"}),
    Code.DOCUMENTS_REQUESTED: frozenset({"channel", "office_code"}),
    Code.INSPECTION_RECORDED: frozenset({"kind", "findings", "channel"}),
    Code.DUTY_DUE: frozenset({"chain_id", "due_on", "outstanding_vnd"}),
    Code.DUTY_OVERDUE: frozenset({"chain_id", "due_on", "outstanding_vnd"}),
    Code.BALANCE_LOW: frozenset({"account", "available_vnd", "threshold_vnd"}),
    Code.PAID: frozenset({"chain_id"}),
    Code.LICENCE_DECIDED: frozenset({"licence_id", "decision", "agency"}),
}


# Push: retried with exponential backoff from a minute up to an hour between attempts, and
# given up (dead-lettered) two weeks after the notification was made, as UK CDS's does.
FIRST_RETRY = timedelta(minutes=1)
LONGEST_WAIT = timedelta(hours=1)
PUSH_EXPIRY = timedelta(days=14)
# A notification can be read again (pull) or pushed again for 90 days.
REPLAY_WINDOW = timedelta(days=90)


class DeliveryState(StrEnum):
    PENDING = "pending"  # waiting for its (next) attempt
    DELIVERED = "delivered"  # the receiver answered 2xx
    DEAD = "dead"  # expired unanswered: on the dead-letter list until replayed


def retry_after(attempts: int) -> timedelta:
    """How long to wait after the `attempts`-th failed attempt before the next one."""
    if attempts < 1:
        return timedelta(0)
    return min(FIRST_RETRY * (1 << min(attempts - 1, 20)), LONGEST_WAIT)


def after_failure(attempts: int, *, failed_at: datetime, expires_at: datetime) -> datetime | None:
    """When to try again after the `attempts`-th failure; None: the delivery has expired."""
    retry_at = failed_at + retry_after(attempts)
    return None if retry_at > expires_at else retry_at


def may_replay(created_at: datetime, *, at: datetime) -> bool:
    return at - created_at <= REPLAY_WINDOW


# The signature: `SmartCustoms-Signature: t=<unix seconds>,v1=<hex>` with
# v1 = HMAC-SHA256(endpoint secret, "<t>." + body), the scheme of kit.signatures.
SIGNATURE_HEADER = "SmartCustoms-Signature"
ID_HEADER = "SmartCustoms-Notification-Id"


def sign(secret: str, *, body: bytes, at: datetime) -> str:
    return signatures.sign(secret.encode(), payload=body, at=at)


def verify(secret: str, *, header: str | None, body: bytes, now: datetime) -> datetime:
    """What a client does (tests do it too): raises kit.signatures.SignatureInvalid."""
    return signatures.verify(secret.encode(), header=header, payload=body, now=now)


def digest_of_secret(secret: str) -> str:
    """Shown instead of the secret once it is registered: its first characters' hash."""
    return hashlib.sha256(secret.encode()).hexdigest()[:12]


def same_secret(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())


MAX_URL_LENGTH = 500


def url_problem(url: str, *, allow_loopback: bool) -> str | None:
    """Why a callback URL is refused (a message key), or None when it is acceptable."""
    if len(url) > MAX_URL_LENGTH:
        return "callback_url_too_long"
    try:
        parts = urlsplit(url)
        host = parts.hostname
        _ = parts.port
    except ValueError:
        return "callback_url_invalid"
    if parts.scheme not in ("https", "http") or not host or parts.username or parts.password:
        return "callback_url_invalid"
    if parts.scheme == "http" and not allow_loopback:
        return "callback_url_not_https"
    if not allow_loopback and _is_internal(host):
        return "callback_url_internal"
    return None


# Outbound requests (callback URLs, partner endpoints) go only to public addresses: not to
# loopback, private, link-local (cloud metadata: 169.254.169.254), shared, reserved,
# multicast or unspecified ones, unless an allowed network (SMARTCUSTOMS_OUTBOUND_ALLOWED_
# NETWORKS, or the loopback on a developer's machine) holds the address.
Network = ipaddress.IPv4Network | ipaddress.IPv6Network
LOOPBACK_NETWORKS: tuple[Network, ...] = (
    ipaddress.ip_network("127.0.0.0/8"),
    ipaddress.ip_network("::1/128"),
)


def networks_from(text: str) -> tuple[Network, ...]:
    """Networks written as CIDRs (or single addresses), separated by spaces or commas;
    ValueError on one that is not."""
    return tuple(
        ipaddress.ip_network(part, strict=False) for part in text.replace(",", " ").split()
    )


def address_refused(address: str, allowed: tuple[Network, ...] = ()) -> bool:
    """Whether an outbound request may not go to this IP address."""
    try:
        found: ipaddress.IPv4Address | ipaddress.IPv6Address = ipaddress.ip_address(
            address.split("%", 1)[0]
        )
    except ValueError:
        return True
    if isinstance(found, ipaddress.IPv6Address) and found.ipv4_mapped is not None:
        found = found.ipv4_mapped
    if any(found.version == net.version and found in net for net in allowed):
        return False
    return not found.is_global or found.is_multicast


def _is_internal(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_private or address.is_link_local
