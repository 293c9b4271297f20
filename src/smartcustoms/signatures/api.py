"""Signing certificates and declaration signatures over JSON."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from smartcustoms.deps import ApiActor, IdInPath, Now, ServicesDep, SessionDep, requires
from smartcustoms.openapi import AUTHENTICATED, OWNER_CHECKED, STATE_CHANGING
from smartcustoms.problems import domain_error_response, request_language
from smartcustoms.signatures import service
from smartcustoms.signatures.schemas import (
    CertificateCreate,
    CertificateRead,
    SignatureCheckRead,
    SignatureCreate,
    SignatureRead,
    VerificationCreate,
    VerificationRead,
)

router = APIRouter(prefix="/api/v1/signatures", tags=["signatures"], responses=AUTHENTICATED)


@router.post(
    "/certificates",
    status_code=201,
    response_model=CertificateRead,
    responses=STATE_CHANGING,
    dependencies=[requires("signatures.certificates")],
)
def register_certificate(
    body: CertificateCreate, actor: ApiActor, session: SessionDep, services: ServicesDep, now: Now
) -> Any:
    trusted = service.trust(services.settings)
    row = service.register_certificate(session, actor=actor, pem=body.pem, trusted=trusted, at=now)
    return CertificateRead.model_validate(row)


@router.get(
    "/certificates",
    response_model=list[CertificateRead],
    dependencies=[requires("signatures.certificates")],
)
def certificates(actor: ApiActor, session: SessionDep) -> Any:
    return [CertificateRead.model_validate(c) for c in service.certificates(session, actor=actor)]


@router.post(
    "/certificates/{certificate_id:int}/revoke",
    response_model=CertificateRead,
    responses=STATE_CHANGING,
    dependencies=[requires("signatures.certificates")],
)
def revoke_certificate(
    certificate_id: IdInPath, actor: ApiActor, session: SessionDep, now: Now
) -> Any:
    row = service.revoke_certificate(session, actor=actor, certificate_id=certificate_id, at=now)
    return CertificateRead.model_validate(row)


@router.get(
    "/declarations/{declaration_id:int}/form",
    responses=OWNER_CHECKED,
    dependencies=[requires("declarations.read")],
)
def signed_form(declaration_id: IdInPath, actor: ApiActor, session: SessionDep) -> Response:
    """The exact bytes to sign: the declaration version's canonical JSON."""
    form = service.signed_form(session, actor=actor, declaration_id=declaration_id)
    return Response(form, media_type="application/json")


@router.post(
    "/declarations/{declaration_id:int}",
    status_code=201,
    response_model=SignatureRead,
    responses=STATE_CHANGING,
    dependencies=[requires("signatures.sign")],
)
def sign_declaration(
    declaration_id: IdInPath,
    body: SignatureCreate,
    request: Request,
    actor: ApiActor,
    session: SessionDep,
    services: ServicesDep,
    now: Now,
) -> Any:
    trusted = service.trust(services.settings)
    try:
        row = service.sign_declaration(
            session,
            actor=actor,
            declaration_id=declaration_id,
            signature=body.signature,
            trusted=trusted,
            at=now,
        )
    except service.SignatureRefused as refused:
        # Answered, not raised: the request then commits the refusal the audit chain recorded.
        return domain_error_response(request, refused)
    return SignatureRead.model_validate(row)


@router.get(
    "/declarations/{declaration_id:int}",
    response_model=list[SignatureCheckRead],
    responses=OWNER_CHECKED,
    dependencies=[requires("declarations.read")],
)
def verify_declaration(
    declaration_id: IdInPath,
    request: Request,
    actor: ApiActor,
    session: SessionDep,
    services: ServicesDep,
) -> Any:
    """Each signature of the declaration, checked again now."""
    trusted = service.trust(services.settings)
    lang = request_language(request)
    return [
        SignatureCheckRead(
            signature_id=c.signature_id,
            subject=c.subject,
            tax_code=c.tax_code,
            signed_at=c.signed_at,
            valid=c.valid,
            reason=c.reason,
            message=c.words.vi if lang == "vi" else c.words.en,
        )
        for c in service.verify_declaration(
            session, actor=actor, declaration_id=declaration_id, trusted=trusted
        )
    ]


@router.post(
    "/verify", response_model=VerificationRead, dependencies=[requires("signatures.verify")]
)
def verify_signature(
    body: VerificationCreate,
    request: Request,
    _actor: ApiActor,
    session: SessionDep,
    services: ServicesDep,
    now: Now,
) -> Any:
    """Check a signature handed in, JWS (with the bytes it signs) or XAdES (the signed XML):
    chain to a trusted CA, validity at the signing time, key usage, revocation (CRLs) and
    the signature. Nothing is kept; `registered` says whether customs knows the certificate."""
    found = service.verify_signature(
        session,
        signature=body.signature,
        payload=None if body.payload is None else body.payload.encode(),
        trusted=service.trust(services.settings),
        now=now,
    )
    lang = request_language(request)
    return VerificationRead(
        format=found.format,
        valid=found.valid,
        reason=found.reason,
        message=found.words.vi if lang == "vi" else found.words.en,
        subject=found.subject,
        tax_code=found.tax_code,
        issuer=found.issuer,
        signed_at=found.signed_at,
        registered=found.registered,
    )
