"""Signing certificates and signed declarations: register, sign, verify after the fact."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from sqlalchemy.orm import Session

from smartcustoms.audit import service as audit
from smartcustoms.config import Settings
from smartcustoms.db.inserts import InsertBatch
from smartcustoms.declarations import service as declarations
from smartcustoms.declarations.pipeline import (
    RegistrationContext,
    RegistrationRefused,
    StepOutcome,
)
from smartcustoms.errors import Conflict, DomainError, FieldError, NotFound, PermissionDenied
from smartcustoms.identity import service as identity
from smartcustoms.identity.rules import Actor, Role
from smartcustoms.kit.bilingual import Both
from smartcustoms.signatures import repository
from smartcustoms.signatures.crls import store_for
from smartcustoms.signatures.messages import error, texts
from smartcustoms.signatures.models import (
    ApplicationSignature,
    DeclarationSignature,
    SigningCertificate,
)
from smartcustoms.signatures.rules import (
    ReadSignature,
    SignatureRefused,
    Trust,
    as_trust,
    canonical_declaration,
    check_chain,
    check_tax_code,
    declaration_form,
    digest,
    fingerprint,
    load_bundle,
    load_certificate,
    plain,
    refused,
    subject_name,
    tax_code_of,
    verify_jws,
)
from smartcustoms.signatures.xades import VerifiedXml, has_signature, verify_xades

__all__ = [
    "SignatureCheck",
    "SignatureRefused",
    "SignatureRequiredStep",
    "SignedFiling",
    "Trust",
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
    "verify_signed_xml",
]


def trusted_cas(paths: Sequence[Path]) -> list[x509.Certificate]:
    """The certification authorities customs trusts, read from PEM files (settings)."""
    found: list[x509.Certificate] = []
    for path in paths:
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


def _allowed_tax_codes(session: Session, signer: Actor, enterprise_id: int) -> list[str]:
    """The declaring enterprise's tax code, and a broker's own when it acts under a mandate."""
    codes = [identity.get_organisation(session, enterprise_id).tax_code or ""]
    broker = signer.role == Role.BROKER and signer.organisation_id is not None
    if broker and signer.may_declare_for(enterprise_id) and signer.organisation_id is not None:
        codes.append(identity.get_organisation(session, signer.organisation_id).tax_code or "")
    return codes


def _check(
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
    return _accepted(session, found, signer=signer, enterprise_id=enterprise_id)


def _accepted(
    session: Session, found: ReadSignature, *, signer: Actor, enterprise_id: int
) -> tuple[SigningCertificate, datetime]:
    """A verified signature's certificate is registered, not revoked by its registrant
    before the signing time, and names the enterprise's (or its broker's) tax code."""
    registered = repository.certificate_by_fingerprint(session, fingerprint(found.chain[0]))
    if registered is None:
        raise refused("certificate_unknown")
    if registered.revoked_at is not None and registered.revoked_at <= found.signed_at:
        raise refused("certificate_revoked", revoked_at=registered.revoked_at.date().isoformat())
    check_tax_code(found.chain[0], _allowed_tax_codes(session, signer, enterprise_id))
    return registered, found.signed_at


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
        cert, signed_at = _check(
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
                _accepted(session, found, signer=signer, enterprise_id=declaration.enterprise_id)
                if row.digest != digest(payload):
                    raise refused("signature_invalid")
            else:
                _check(
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


# ---------------------------------------------------------------------------- XAdES filings


def _refusal_recorded(
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


@dataclass(frozen=True)
class SignedFiling:
    """A filing's verified signature, ready to be kept with the declaration it becomes."""

    certificate: SigningCertificate
    signed_at: datetime
    format: str
    signature: str
    document: bytes  # what the signature covers (for XAdES, the XML without the signature)

    def keep(
        self, batch: InsertBatch, *, declaration_id: int, payload: bytes, actor: Actor, at: datetime
    ) -> None:
        repository.add_signature(
            batch,
            {
                "declaration_id": declaration_id,
                "certificate_id": self.certificate.id,
                "format": self.format,
                "signature": self.signature,
                "digest": digest(payload),
                "signed_at": self.signed_at,
                "signer_id": actor.user_id,
                "accepted_at": at,
            },
        )


def verify_signed_xml(
    session: Session,
    *,
    actor: Actor,
    xml: bytes,
    enterprise_of: Callable[[bytes], int | None],
    trusted: Sequence[x509.Certificate] | Trust,
    at: datetime,
) -> SignedFiling:
    """A declaration filed as WCO XML with an enveloped XAdES signature: the signature is
    checked as a JWS is (chain, validity at the signing time, key usage, CRLs, registration,
    tax code of the enterprise `enterprise_of` finds in the signed document); a refusal is
    recorded in the audit chain (the filing's digest names it)."""
    enterprise_id = None
    try:
        verified: VerifiedXml = verify_xades(xml, trusted=trusted, now=at)
        enterprise_id = enterprise_of(verified.document)
        if enterprise_id is None:
            raise refused("tax_code_mismatch", tax_code=tax_code_of(verified.found.chain[0]))
        cert, signed_at = _accepted(
            session, verified.found, signer=actor, enterprise_id=enterprise_id
        )
    except SignatureRefused as refusal:
        _refusal_recorded(
            session,
            refusal,
            actor=actor,
            object_type="declaration_filing",
            object_id=digest(xml),
            enterprise_id=enterprise_id,
            at=at,
        )
        raise
    return SignedFiling(cert, signed_at, "xades", xml.decode(), verified.document)


def form_of_written(declaration_id: int, version: int, enterprise_id: int, content: Any) -> bytes:
    """The signed form of a declaration as registration wrote it."""
    return declaration_form(
        declaration_id=declaration_id,
        version=version,
        enterprise_id=enterprise_id,
        content=asdict(content),
    )


# ---------------------------------------------------------------------------- required


def required_types(settings: Settings) -> frozenset[str]:
    """The declaration types whose declarations must be signed (the configured file, or the
    shipped SAMPLE)."""
    path = (
        settings.signing_required_file or Path(__file__).parent / "sample" / "signing_required.yaml"
    )
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return frozenset(str(code) for code in data.get("declaration_types") or ())


@dataclass(frozen=True)
class SignatureRequiredStep:
    """Registration refuses a declaration of a type that must be signed unless it carries a
    signature accepted over this version (JWS posted before submitting, or the XAdES it was
    filed with: `context.signed`)."""

    required: frozenset[str]
    name: str = "signatures"

    def __call__(self, context: RegistrationContext) -> StepOutcome:
        type_code = context.content.type_code or ""
        if type_code not in self.required or context.signed:
            return StepOutcome(self.name, {"required": type_code in self.required})
        payload = form_of_written(
            context.declaration_id, context.version, context.enterprise_id, context.content
        )
        wanted = digest(payload)
        rows = repository.signatures_of(context.session, context.declaration_id)
        if any(r.digest == wanted for r in rows):
            return StepOutcome(self.name, {"required": True, "signed": True})
        en, vi = texts("signature_required", type_code=type_code)
        raise RegistrationRefused(
            message_en=en,
            message_vi=vi,
            reasons=[FieldError("type_code", "signature_required", en, vi)],
        )


# ---------------------------------------------------------------------------- applications


def application_form(request: Mapping[str, Any]) -> bytes:
    """A licence application's signed form: the filed request's canonical JSON, without the
    signature itself and without fields left empty (null)."""
    kept = {k: v for k, v in request.items() if k != "signature" and v is not None}
    return canonical_declaration(plain(kept))


def check_application_signature(
    session: Session,
    *,
    actor: Actor,
    enterprise_id: int,
    procedure: str,
    payload: bytes,
    signature: str | None,
    required: bool,
    trusted: Sequence[x509.Certificate] | Trust,
    at: datetime,
) -> SignedFiling | None:
    """A licence application's signature checked at filing (a refusal is recorded in the
    audit chain); None when it is unsigned and its procedure does not require one."""
    try:
        if signature is None:
            if not required:
                return None
            raise refused("signature_required_application", procedure=procedure)
        cert, signed_at = _check(
            session,
            signature,
            payload,
            signer=actor,
            enterprise_id=enterprise_id,
            trusted=trusted,
            now=at,
        )
    except SignatureRefused as refusal:
        _refusal_recorded(
            session,
            refusal,
            actor=actor,
            object_type="permit_application_filing",
            object_id=digest(payload),
            enterprise_id=enterprise_id,
            at=at,
        )
        raise
    return SignedFiling(cert, signed_at, "jws", signature, payload)


def keep_application_signature(
    session: Session, signed: SignedFiling, *, application_id: int, actor: Actor, at: datetime
) -> None:
    row = ApplicationSignature(
        application_id=application_id,
        certificate_id=signed.certificate.id,
        format=signed.format,
        signature=signed.signature,
        digest=digest(signed.document),
        signed_at=signed.signed_at,
        signer_id=actor.user_id,
        accepted_at=at,
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        action="permit_application.signed",
        object_type="permit_application",
        object_id=application_id,
        at=at,
        actor_id=actor.user_id,
        on_behalf_of=signed.certificate.organisation_id,
        details={"certificate": signed.certificate.fingerprint, "digest": row.digest},
    )
