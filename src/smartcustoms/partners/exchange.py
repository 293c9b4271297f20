"""Signed messages with partner customs: sending (the exchange's own outbox, delivered by
the worker and retried with backoff until the partner acknowledges), receiving (verified
against the registry's key, stored once per sender and message id), and the list of both.

What a message is about (an ACDD at release, an e-C/O) lives in `acdd` and `eco`.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from smartcustoms.audit import service as audit
from smartcustoms.errors import Conflict, DomainError, NotFound, PermissionDenied
from smartcustoms.identity import policy
from smartcustoms.identity.rules import Actor
from smartcustoms.notifications import service as notifications
from smartcustoms.partners import repository
from smartcustoms.partners.messages import error
from smartcustoms.partners.models import PartnerMessage
from smartcustoms.partners.rules import (
    GIVE_UP_AFTER,
    Envelope,
    MessageRefused,
    MessageReplayed,
    acknowledged,
    envelope_from,
    envelope_problem,
    retry_after,
    sign_envelope,
    signature_valid,
)

SIGNATURE_FIELD = "signature"
ENVELOPE_FIELD = "envelope"


@dataclass(frozen=True)
class Signer:
    """This instance as a sender: the country it is the customs of and its private key."""

    country: str
    key: Ed25519PrivateKey


def signer_from(country: str, key_file: Path | None) -> Signer | None:
    """The signer the settings name; None when no key file is set."""
    if key_file is None:
        return None
    key = serialization.load_pem_private_key(key_file.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError(f"{key_file} does not hold an Ed25519 private key")
    return Signer(country, key)


def require_customs(actor: Actor) -> None:
    if not policy.allowed(actor, "partners.exchange").allowed:
        raise error(PermissionDenied, "customs_only")


def _refused(reason: str, **params: object) -> MessageRefused:
    found = error(MessageRefused, reason, **params)
    found.details["reason"] = reason
    return found


# --- sending -------------------------------------------------------------------------------


def queue_message(
    session: Session,
    *,
    signer: Signer | None,
    country: str,
    type: str,
    body: dict[str, Any],
    at: datetime,
    declaration_id: int | None = None,
    source_event_id: int | None = None,
    reference: str | None = None,
) -> PartnerMessage:
    """Sign a message to a partner and queue it in the caller's transaction: it exists only
    if the change it is about does, and the worker sends it until acknowledged."""
    if signer is None:
        raise error(Conflict, "signing_key_missing")
    partner = repository.by_country(session, country.strip().upper())
    if partner is None or not partner.active:
        raise error(NotFound, "partner_not_found", country=country)
    envelope = Envelope(
        message_id=str(uuid.uuid4()),
        type=type,
        sender=signer.country,
        receiver=partner.country,
        sent_at=at.isoformat(),
        body=body,
    )
    found = PartnerMessage(
        direction="out",
        country=partner.country,
        message_id=envelope.message_id,
        type=type,
        envelope=envelope.document(),
        signature=sign_envelope(envelope, signer.key),
        state="pending",
        attempts=0,
        next_attempt_at=at,
        declaration_id=declaration_id,
        source_event_id=source_event_id,
        reference=reference,
        facts=[],
        created_at=at,
        updated_at=at,
    )
    session.add(found)
    session.flush()
    return found


def wire_body(message: PartnerMessage) -> bytes:
    """What is POSTed to the partner: the envelope and its signature."""
    document = {ENVELOPE_FIELD: message.envelope, SIGNATURE_FIELD: message.signature}
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()


@dataclass(frozen=True)
class DeliveryRun:
    delivered: int
    failed: int  # will be tried again
    dead: int  # past 14 days: an operator may send it again


def deliver_due(
    session: Session, *, sender: notifications.Sender, at: datetime, limit: int = 100
) -> DeliveryRun:
    """One pass: send every due outgoing message (at most `limit`), record how it went."""
    due = repository.due_messages(session, at=at, limit=limit)
    counts = {"delivered": 0, "pending": 0, "dead": 0}
    endpoints: dict[str, str | None] = {}
    for message in due:
        if message.country not in endpoints:
            partner = repository.by_country(session, message.country)
            endpoints[message.country] = partner.endpoint if partner and partner.active else None
        url = endpoints[message.country]
        if url is None:
            outcome = notifications.Outcome(None, "the partner is not registered or is off")
        else:
            outcome = sender.send(
                url,
                body=wire_body(message),
                headers={"Content-Type": "application/json"},
            )
        counts[_record(message, outcome, at=at)] += 1
    session.flush()
    return DeliveryRun(counts["delivered"], counts["pending"], counts["dead"])


def _record(message: PartnerMessage, outcome: notifications.Outcome, *, at: datetime) -> str:
    message.attempts += 1
    message.last_status = outcome.status
    message.updated_at = at
    if acknowledged(outcome.status):
        message.state, message.next_attempt_at, message.last_error = "delivered", None, None
        return "delivered"
    message.last_error = (outcome.error or f"HTTP {outcome.status}")[:300]
    retry_at = at + retry_after(message.attempts)
    if retry_at > message.created_at + GIVE_UP_AFTER:
        message.state, message.next_attempt_at = "dead", None
        return "dead"
    message.next_attempt_at = retry_at
    return "pending"


def retry(session: Session, *, actor: Actor, message: int, at: datetime) -> PartnerMessage:
    """Send an outgoing message again now (waiting or given up), e.g. after an outage."""
    require_customs(actor)
    found = repository.message(session, message)
    if found is None:
        raise error(NotFound, "message_not_found", message=message)
    if found.direction != "out" or found.state == "delivered":
        raise error(Conflict, "not_retryable", message=message)
    found.state, found.next_attempt_at, found.updated_at = "pending", at, at
    session.flush()
    audit.record(
        session,
        action="partner_message.retried",
        object_type="partner_message",
        object_id=found.id,
        at=at,
        actor_id=actor.user_id,
        details={"country": found.country, "type": found.type},
    )
    return found


# --- receiving -----------------------------------------------------------------------------

# What a received message of a type does besides being stored (match an ACDD to import
# declarations, link an e-C/O): set by the type's module, run in the same transaction.
OnReceipt = Callable[[Session, PartnerMessage, datetime], None]


def receive(
    session: Session,
    *,
    document: object,
    our_country: str,
    at: datetime,
    on_receipt: Mapping[str, OnReceipt],
) -> PartnerMessage:
    """A message a partner POSTed: checked whole before anything is stored."""
    if not isinstance(document, dict) or set(document) != {ENVELOPE_FIELD, SIGNATURE_FIELD}:
        if isinstance(document, dict) and ENVELOPE_FIELD in document:
            raise _refused("signature_missing")
        raise _refused("envelope_invalid")
    raw, signature = document[ENVELOPE_FIELD], document[SIGNATURE_FIELD]
    problem = envelope_problem(raw)
    if problem is not None:
        raise _refused(problem)
    envelope = envelope_from(raw)
    partner = repository.by_country(session, envelope.sender)
    if partner is None or not partner.active:
        raise _refused("sender_unknown", country=envelope.sender)
    if not isinstance(signature, str) or not signature:
        raise _refused("signature_missing")
    if not signature_valid(envelope, signature, partner.public_key_pem):
        raise _refused("signature_invalid", country=envelope.sender)
    if envelope.receiver != our_country:
        raise _refused("receiver_wrong", receiver=envelope.receiver, ours=our_country)
    if repository.received(session, country=partner.country, message_id=envelope.message_id):
        raise _replayed(envelope)
    found = PartnerMessage(
        direction="in",
        country=partner.country,
        message_id=envelope.message_id,
        type=envelope.type,
        envelope=envelope.document(),
        signature=signature,
        state="received",
        attempts=1,
        facts=[],
        created_at=at,
        updated_at=at,
    )
    session.add(found)
    handle = on_receipt.get(envelope.type)
    if handle is not None:
        handle(session, found, at)
    try:
        session.flush()
    except IntegrityError:
        # The same message arrived twice at once (a resend while the first was in flight):
        # the other request stored it; this one is a replay (the request rolls back).
        raise _replayed(envelope) from None
    return found


def _replayed(envelope: Envelope) -> DomainError:
    found = error(
        MessageReplayed,
        "message_replayed",
        message_id=envelope.message_id,
        country=envelope.sender,
    )
    found.details["reason"] = "message_replayed"
    return found


# --- the list ------------------------------------------------------------------------------


def messages(
    session: Session, *, actor: Actor, direction: str | None = None, limit: int = 200
) -> list[PartnerMessage]:
    require_customs(actor)
    return repository.messages(session, direction=direction, limit=limit)


def find_message(session: Session, *, actor: Actor, message: int) -> PartnerMessage:
    require_customs(actor)
    found = repository.message(session, message)
    if found is None:
        raise error(NotFound, "message_not_found", message=message)
    return found
