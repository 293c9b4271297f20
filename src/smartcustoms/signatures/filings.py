"""Signatures that come with a filing: a WCO XML declaration's XAdES, a licence
application's JWS; and the registration step that refuses an unsigned declaration of a
type that must be signed."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml
from cryptography import x509
from sqlalchemy.orm import Session

from smartcustoms.audit import service as audit
from smartcustoms.config import Settings
from smartcustoms.db.inserts import InsertBatch
from smartcustoms.declarations.pipeline import (
    RegistrationContext,
    RegistrationRefused,
    StepOutcome,
)
from smartcustoms.errors import FieldError
from smartcustoms.identity.rules import Actor
from smartcustoms.signatures import repository
from smartcustoms.signatures.checks import accepted, check_jws, refusal_recorded
from smartcustoms.signatures.messages import texts
from smartcustoms.signatures.models import (
    ApplicationSignature,
    SigningCertificate,
)
from smartcustoms.signatures.rules import (
    SignatureRefused,
    Trust,
    canonical_declaration,
    declaration_form,
    digest,
    plain,
    refused,
    tax_code_of,
)
from smartcustoms.signatures.xades import VerifiedXml, verify_xades


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
        cert, signed_at = accepted(
            session, verified.found, signer=actor, enterprise_id=enterprise_id
        )
    except SignatureRefused as refusal:
        refusal_recorded(
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
        cert, signed_at = check_jws(
            session,
            signature,
            payload,
            signer=actor,
            enterprise_id=enterprise_id,
            trusted=trusted,
            now=at,
        )
    except SignatureRefused as refusal:
        refusal_recorded(
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
