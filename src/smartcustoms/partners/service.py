"""Partners use cases, the domain's public face: the registry (register, change and list
partner customs administrations, here), and the exchange of signed messages with them
(`exchange`: send, deliver, receive, retry, list), ACDD at release and on arrival (`acdd`),
e-C/O received and used as proof of origin (`eco`), re-exported here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from smartcustoms.audit import service as audit
from smartcustoms.errors import Conflict, NotFound, PermissionDenied
from smartcustoms.identity import policy
from smartcustoms.identity.rules import Actor
from smartcustoms.notifications import service as notifications
from smartcustoms.partners import repository
from smartcustoms.partners.acdd import RELEASE_TOPICS, acdd_of, match_received, send_at_release
from smartcustoms.partners.eco import (
    CertificateRefused,
    CertificateUsed,
    check_received,
    use_certificate,
)
from smartcustoms.partners.exchange import (
    DeliveryRun,
    OnReceipt,
    Signer,
    deliver_due,
    find_message,
    messages,
    queue_message,
    receive,
    require_customs,
    retry,
    signer_from,
    wire_body,
)
from smartcustoms.partners.matching import RISK_CODES, AcddMatchStep
from smartcustoms.partners.messages import error, invalid
from smartcustoms.partners.models import PartnerCustoms
from smartcustoms.partners.rules import country_problem, endpoint_problem_for, read_public_key
from smartcustoms.reference import service as reference

__all__ = [
    "RELEASE_TOPICS",
    "RISK_CODES",
    "AcddMatchStep",
    "CertificateRefused",
    "CertificateUsed",
    "DeliveryRun",
    "OnReceipt",
    "PartnerDetails",
    "Signer",
    "acdd_of",
    "deliver_due",
    "find_message",
    "match_received",
    "messages",
    "on_receipt",
    "partner_for",
    "partners",
    "queue_message",
    "receive",
    "register_partner",
    "require_customs",
    "retry",
    "send_at_release",
    "signer_from",
    "update_partner",
    "use_certificate",
    "wire_body",
]


@dataclass(frozen=True)
class PartnerDetails:
    country: str
    name: str
    endpoint: str
    public_key: str  # PEM, or the raw key in base64
    active: bool = True
    ours: str = "VN"  # the country this instance is the customs of (settings)
    allow_http: bool = False  # plain http endpoints (a developer's machine, the tests)
    # Where endpoints may point besides public addresses (the settings' allowed networks).
    outbound: notifications.OutboundPolicy | None = None


def _require_admin(actor: Actor) -> None:
    if not policy.allowed(actor, "partners.manage").allowed:
        raise error(PermissionDenied, "admins_only")


def _checked(session: Session, details: PartnerDetails) -> tuple[str, str, str]:
    country = details.country.strip().upper()
    known = reference.get_catalog(session).countries
    problem = country_problem(country, known, ours=details.ours)
    if problem is not None:
        raise invalid("country", problem, country=country)
    endpoint = details.endpoint.strip()
    problem = endpoint_problem_for(endpoint, allow_http=details.allow_http)
    if problem is None:
        policy = details.outbound or notifications.OutboundPolicy()
        refused = notifications.destination_problem(endpoint, policy)
        if refused is not None:
            problem = {"destination_internal": "endpoint_internal"}.get(refused, "endpoint_invalid")
    if problem is not None:
        raise invalid("endpoint", problem)
    key = read_public_key(details.public_key)
    if key is None:
        raise invalid("public_key", "public_key_invalid")
    return country, key.pem, key.fingerprint


def register_partner(
    session: Session, *, actor: Actor, details: PartnerDetails, at: datetime
) -> PartnerCustoms:
    _require_admin(actor)
    country, pem, fingerprint = _checked(session, details)
    if repository.by_country(session, country) is not None:
        raise error(Conflict, "partner_exists", country=country)
    partner = PartnerCustoms(
        country=country,
        name=details.name.strip(),
        endpoint=details.endpoint.strip(),
        public_key_pem=pem,
        key_fingerprint=fingerprint,
        active=details.active,
        created_at=at,
        updated_at=at,
    )
    session.add(partner)
    session.flush()
    _record(session, "partner.registered", partner, actor, at, before=None)
    return partner


def _record(
    session: Session,
    action: str,
    partner: PartnerCustoms,
    actor: Actor,
    at: datetime,
    *,
    before: dict[str, object] | None,
) -> None:
    audit.record(
        session,
        action=action,
        object_type="partner",
        object_id=partner.country,
        at=at,
        actor_id=actor.user_id,
        details={
            "before": None if before is None else audit.digest(before),
            "after": audit.digest(_state(partner)),
            "key_fingerprint": partner.key_fingerprint,
        },
    )


def _state(partner: PartnerCustoms) -> dict[str, object]:
    return {
        "name": partner.name,
        "endpoint": partner.endpoint,
        "key": partner.key_fingerprint,
        "active": partner.active,
    }


def update_partner(
    session: Session, *, actor: Actor, details: PartnerDetails, at: datetime
) -> PartnerCustoms:
    """New endpoint, key (rotation) or state for a registered partner."""
    _require_admin(actor)
    country, pem, fingerprint = _checked(session, details)
    partner = repository.by_country(session, country)
    if partner is None:
        raise error(NotFound, "partner_not_found", country=country)
    before = _state(partner)
    partner.name = details.name.strip()
    partner.endpoint = details.endpoint.strip()
    partner.public_key_pem, partner.key_fingerprint = pem, fingerprint
    partner.active = details.active
    partner.updated_at = at
    session.flush()
    _record(session, "partner.updated", partner, actor, at, before=before)
    return partner


def partners(session: Session, *, actor: Actor) -> list[PartnerCustoms]:
    if not policy.allowed(actor, "partners.read").allowed:
        raise error(PermissionDenied, "admins_only")
    return repository.all_partners(session)


def partner_for(session: Session, *, country: str) -> PartnerCustoms:
    """The active partner of a country (for the exchanges): NotFound otherwise."""
    found = repository.by_country(session, country.upper())
    if found is None or not found.active:
        raise error(NotFound, "partner_not_found", country=country)
    return found


def on_receipt() -> dict[str, OnReceipt]:
    """What a received message does by type, besides being stored."""
    return {"acdd": match_received, "eco": check_received}
