"""The checks every accepted signature passes after its cryptography: the certificate
registered, not withdrawn by its registrant before the signing time, naming the declaring
enterprise's (or its broker's) tax code; and how a refusal is kept in the audit chain."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from cryptography import x509
from sqlalchemy.orm import Session

from smartcustoms.audit import service as audit
from smartcustoms.identity import service as identity
from smartcustoms.identity.rules import Actor, Role
from smartcustoms.signatures import repository
from smartcustoms.signatures.models import (
    SigningCertificate,
)
from smartcustoms.signatures.rules import (
    ReadSignature,
    SignatureRefused,
    Trust,
    check_tax_code,
    fingerprint,
    refused,
    verify_jws,
)


def allowed_tax_codes(session: Session, signer: Actor, enterprise_id: int) -> list[str]:
    """The declaring enterprise's tax code, and a broker's own when it acts under a mandate."""
    codes = [identity.get_organisation(session, enterprise_id).tax_code or ""]
    broker = signer.role == Role.BROKER and signer.organisation_id is not None
    if broker and signer.may_declare_for(enterprise_id) and signer.organisation_id is not None:
        codes.append(identity.get_organisation(session, signer.organisation_id).tax_code or "")
    return codes


def check_jws(
    session: Session,
    token: str,
    payload: bytes,
    *,
    signer: Actor,
    enterprise_id: int,
    trusted: Sequence[x509.Certificate] | Trust,
    now: datetime,
) -> tuple[SigningCertificate, datetime]:
    found = verify_jws(token, payload, trusted=trusted, now=now)
    return accepted(session, found, signer=signer, enterprise_id=enterprise_id)


def accepted(
    session: Session, found: ReadSignature, *, signer: Actor, enterprise_id: int
) -> tuple[SigningCertificate, datetime]:
    """A verified signature's certificate is registered, not revoked by its registrant
    before the signing time, and names the enterprise's (or its broker's) tax code."""
    registered = repository.certificate_by_fingerprint(session, fingerprint(found.chain[0]))
    if registered is None:
        raise refused("certificate_unknown")
    if registered.revoked_at is not None and registered.revoked_at <= found.signed_at:
        raise refused("certificate_revoked", revoked_at=registered.revoked_at.date().isoformat())
    check_tax_code(found.chain[0], allowed_tax_codes(session, signer, enterprise_id))
    return registered, found.signed_at


def refusal_recorded(
    session: Session,
    refusal: SignatureRefused,
    *,
    actor: Actor,
    object_type: str,
    object_id: str | int,
    enterprise_id: int | None,
    at: datetime,
) -> None:
    audit.record(
        session,
        action=f"{object_type}.signature_refused",
        object_type=object_type,
        object_id=object_id,
        at=at,
        actor_id=actor.user_id,
        on_behalf_of=enterprise_id,
        details={"reason": str(refusal.details.get("reason"))},
    )
