"""Signing certificates and signed declarations: register, sign, verify after the fact."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from sqlalchemy.orm import Session

from smartcustoms.audit import service as audit
from smartcustoms.config import Settings
from smartcustoms.declarations import service as declarations
from smartcustoms.errors import Conflict, DomainError, NotFound, PermissionDenied
from smartcustoms.identity import service as identity
from smartcustoms.identity.rules import Actor, Role
from smartcustoms.kit.bilingual import Both
from smartcustoms.signatures import repository
from smartcustoms.signatures.checks import accepted, check_jws
from smartcustoms.signatures.crls import store_for
from smartcustoms.signatures.filings import (
    SignatureRequiredStep,
    SignedFiling,
    application_form,
    check_application_signature,
    form_of_written,
    keep_application_signature,
    required_types,
    verify_signed_xml,
)
from smartcustoms.signatures.messages import error, texts
from smartcustoms.signatures.models import (
    DeclarationSignature,
    SigningCertificate,
)
from smartcustoms.signatures.rules import (
    SignatureRefused,
    Trust,
    as_trust,
    check_chain,
    check_tax_code,
    declaration_form,
    digest,
    fingerprint,
    load_bundle,
    load_certificate,
    refused,
    subject_name,
    tax_code_of,
    verify_jws,
)
from smartcustoms.signatures.xades import has_signature, verify_xades

__all__ = [
    "SignatureCheck",
    "SignatureRefused",
    "SignatureRequiredStep",
    "SignedFiling",
    "Trust",
    "Verification",
    "application_form",
    "certificates",
    "check_application_signature",
    "form_of_written",
    "has_signature",
    "keep_application_signature",
    "register_certificate",
    "required_types",
    "revoke_certificate",
    "sign_declaration",
    "signed_form",
    "trust",
    "trusted_cas",
    "verify_declaration",
    "verify_signature",
    "verify_signed_xml",
]


def trusted_cas(paths: Sequence[Path]) -> list[x509.Certificate]:
    """The certification authorities customs trusts, read from PEM files (settings); a file
    that is not there (the demo's CA before the demo is seeded) trusts nothing."""
    found: list[x509.Certificate] = []
    for path in paths:
        if path.is_file():
            found.extend(load_bundle(path.read_bytes()))
    return found


def trust(settings: Settings) -> Trust:
    """The trusted CAs and where their CRLs come from, as configured."""
    crls = store_for(
        settings.signing_crl_dir,
        fetch=settings.signing_crl_fetch,
        timeout_seconds=settings.signing_crl_timeout_seconds,
    )
    return Trust(
        tuple(trusted_cas(settings.signing_trusted_cas)),
        crls_for=crls,
        crl_required=settings.signing_crl_required,
    )


def register_certificate(
    session: Session,
    *,
    actor: Actor,
    pem: str,
    trusted: Sequence[x509.Certificate] | Trust,
    at: datetime,
) -> SigningCertificate:
    """A trader (or broker) registers their company's signing certificate: it must chain to
    a trusted CA, be valid now, be for signing, and name their company's tax code."""
    if not actor.is_trade or actor.organisation_id is None:
        raise error(PermissionDenied, "trade_only")
    cert = load_certificate(pem)
    check_chain([cert], as_trust(trusted).cas, at=at)
    organisation = identity.get_organisation(session, actor.organisation_id)
    tax_code = check_tax_code(cert, [organisation.tax_code or ""])
    if repository.certificate_by_fingerprint(session, fingerprint(cert)) is not None:
        raise error(Conflict, "certificate_already_registered")
    row = SigningCertificate(
        organisation_id=organisation.id,
        fingerprint=fingerprint(cert),
        subject=subject_name(cert)[:300],
        issuer=cert.issuer.rfc4514_string()[:300],
        serial=format(cert.serial_number, "x")[:64],
        tax_code=tax_code,
        not_before=cert.not_valid_before_utc,
        not_after=cert.not_valid_after_utc,
        pem=cert.public_bytes(Encoding.PEM).decode(),
        registered_by_id=actor.user_id,
        registered_at=at,
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        action="certificate.registered",
        object_type="certificate",
        object_id=row.id,
        at=at,
        actor_id=actor.user_id,
        on_behalf_of=organisation.id,
        details={"fingerprint": row.fingerprint, "tax_code": tax_code, "serial": row.serial},
    )
    return row


def certificates(session: Session, *, actor: Actor) -> list[SigningCertificate]:
    if actor.organisation_id is None:
        return []
    return repository.certificates_of(session, actor.organisation_id)


def revoke_certificate(
    session: Session, *, actor: Actor, certificate_id: int, at: datetime
) -> SigningCertificate:
    """Withdraw a certificate (lost token, staff left): signatures made after are refused."""
    row = repository.certificate(session, certificate_id)
    mine = row is not None and row.organisation_id == actor.organisation_id
    if row is None or not (mine or actor.role == Role.ADMIN):
        raise error(NotFound, "certificate_unknown")
    if row.revoked_at is None:
        row.revoked_at = at
        session.flush()
        audit.record(
            session,
            action="certificate.revoked",
            object_type="certificate",
            object_id=row.id,
            at=at,
            actor_id=actor.user_id,
            on_behalf_of=row.organisation_id,
        )
    return row


def signed_form(session: Session, *, actor: Actor, declaration_id: int) -> bytes:
    """The bytes a signature of this declaration version covers (its canonical form)."""
    declaration = declarations.get_declaration(session, actor=actor, declaration_id=declaration_id)
    return declaration_form(
        declaration_id=declaration.id,
        version=declaration.version,
        enterprise_id=declaration.enterprise_id,
        content=asdict(declarations.content_of(declaration)),
    )


def sign_declaration(
    session: Session,
    *,
    actor: Actor,
    declaration_id: int,
    signature: str,
    trusted: Sequence[x509.Certificate] | Trust,
    at: datetime,
) -> DeclarationSignature:
    """Accept a detached JWS over the declaration's canonical form from its declarant (or the
    broker acting for it), after every check; refusals are recorded in the audit chain."""
    declaration = declarations.get_declaration(session, actor=actor, declaration_id=declaration_id)
    if not actor.may_declare_for(declaration.enterprise_id):
        raise error(PermissionDenied, "trade_only")
    payload = signed_form(session, actor=actor, declaration_id=declaration_id)
    try:
        cert, signed_at = check_jws(
            session,
            signature,
            payload,
            signer=actor,
            enterprise_id=declaration.enterprise_id,
            trusted=trusted,
            now=at,
        )
    except SignatureRefused as refusal:
        # Kept in the chain although the request fails: the route lets a refusal commit.
        audit.record(
            session,
            action="declaration.signature_refused",
            object_type="declaration",
            object_id=declaration.id,
            at=at,
            actor_id=actor.user_id,
            on_behalf_of=declaration.enterprise_id,
            details={"reason": str(refusal.details.get("reason"))},
        )
        raise
    row = DeclarationSignature(
        declaration_id=declaration.id,
        certificate_id=cert.id,
        format="jws",
        signature=signature,
        digest=digest(payload),
        signed_at=signed_at,
        signer_id=actor.user_id,
        accepted_at=at,
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        action="declaration.signed",
        object_type="declaration",
        object_id=declaration.id,
        at=at,
        actor_id=actor.user_id,
        on_behalf_of=declaration.enterprise_id,
        details={"signature_id": row.id, "certificate": cert.fingerprint, "digest": row.digest},
    )
    return row


@dataclass(frozen=True)
class SignatureCheck:
    """A stored signature checked again now: valid, or the refusal's reason and words."""

    signature_id: int
    subject: str
    tax_code: str
    signed_at: datetime
    valid: bool
    reason: str | None
    words: Both


def verify_declaration(
    session: Session,
    *,
    actor: Actor,
    declaration_id: int,
    trusted: Sequence[x509.Certificate] | Trust,
) -> list[SignatureCheck]:
    """Every signature of a declaration, checked again against its form as stored now (so an
    edited declaration, or an edited signature, shows as invalid)."""
    declaration = declarations.get_declaration(session, actor=actor, declaration_id=declaration_id)
    payload = signed_form(session, actor=actor, declaration_id=declaration_id)
    rows = repository.signatures_of(session, declaration.id)
    certs = repository.certificates_by_id(session, sorted({r.certificate_id for r in rows}))
    checks = []
    for row in rows:
        cert = certs[row.certificate_id]
        try:
            signer = identity.actor_for(session, user_id=row.signer_id)
            if row.format == "xades":
                # The XML as filed, verified; bound to the version by its signed form's digest.
                found = verify_xades(
                    row.signature.encode(), trusted=trusted, now=row.accepted_at
                ).found
                accepted(session, found, signer=signer, enterprise_id=declaration.enterprise_id)
                if row.digest != digest(payload):
                    raise refused("signature_invalid")
            else:
                check_jws(
                    session,
                    row.signature,
                    payload,
                    signer=signer,
                    enterprise_id=declaration.enterprise_id,
                    trusted=trusted,
                    now=row.accepted_at,
                )
        except DomainError as refusal:
            reason = str(refusal.details.get("reason", refusal.code))
            words = Both(refusal.message_en, refusal.message_vi)
            checks.append(
                SignatureCheck(
                    row.id, cert.subject, cert.tax_code, row.signed_at, False, reason, words
                )
            )
            continue
        stamp = row.signed_at.strftime("%Y-%m-%d %H:%M UTC")
        words = texts("signature_valid", subject=cert.subject, tax_code=cert.tax_code, at=stamp)
        checks.append(
            SignatureCheck(row.id, cert.subject, cert.tax_code, row.signed_at, True, None, words)
        )
    return checks


def certificate_tax_code(pem: str) -> str | None:
    """The tax code a certificate names (for pages that show it before registering)."""
    return tax_code_of(load_certificate(pem))


@dataclass(frozen=True)
class Verification:
    """A signature handed in to be checked (not kept): valid, or the refusal's reason."""

    format: str  # "jws" or "xades"
    valid: bool
    reason: str | None
    words: Both
    subject: str | None = None
    tax_code: str | None = None
    issuer: str | None = None
    signed_at: datetime | None = None
    registered: bool = False


def verify_signature(
    session: Session,
    *,
    signature: str,
    payload: bytes | None,
    trusted: Sequence[x509.Certificate] | Trust,
    now: datetime,
) -> Verification:
    """Check a detached JWS over `payload`, or an XML document with an enveloped XAdES
    (`signature` starting with "<"): the chain to a trusted CA, validity at the signing
    time, key usage, the CRLs and the signature itself. Whether the certificate is
    registered with customs is said, not required (the tax code depends on a filing)."""
    kind = "xades" if signature.lstrip().startswith("<") else "jws"
    try:
        if kind == "xades":
            found = verify_xades(signature.encode(), trusted=trusted, now=now).found
        else:
            if payload is None:
                raise refused("verify_input_missing")
            found = verify_jws(signature, payload, trusted=trusted, now=now)
    except DomainError as refusal:
        reason = str(refusal.details.get("reason", refusal.code))
        return Verification(kind, False, reason, Both(refusal.message_en, refusal.message_vi))
    signer = found.chain[0]
    stamp = found.signed_at.strftime("%Y-%m-%d %H:%M UTC")
    tax_code = tax_code_of(signer)
    subject = subject_name(signer)
    words = texts("signature_valid", subject=subject, tax_code=tax_code or "-", at=stamp)
    registered = repository.certificate_by_fingerprint(session, fingerprint(signer)) is not None
    return Verification(
        kind,
        True,
        None,
        words,
        subject=subject,
        tax_code=tax_code,
        issuer=signer.issuer.rfc4514_string(),
        signed_at=found.signed_at,
        registered=registered,
    )
