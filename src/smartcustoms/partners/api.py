"""Partner registry API: administrators register partners; customs read the list."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from smartcustoms.deps import ApiActor, IdInPath, Now, Services, ServicesDep, SessionDep, requires
from smartcustoms.notifications import service as notifications
from smartcustoms.openapi import AUTHENTICATED, STATE_CHANGING, problems
from smartcustoms.partners import service
from smartcustoms.partners.schemas import (
    CertificateClaim,
    CertificateUseRead,
    MessageRead,
    PartnerCreate,
    PartnerRead,
    ReceiptRead,
    message_read,
)

router = APIRouter(prefix="/api/v1/partners", tags=["partners"])

Country = Annotated[str, Path(pattern="^[A-Za-z]{2}$")]


def _read(found: Any) -> PartnerRead:
    return PartnerRead.model_validate(found, from_attributes=True)


def _details(country: str, body: PartnerCreate, services: Services) -> service.PartnerDetails:
    return service.PartnerDetails(
        country,
        body.name,
        body.endpoint,
        body.public_key,
        body.active,
        ours=services.settings.partners_country,
        allow_http=services.settings.partners_allow_http,
        outbound=notifications.outbound_policy(services.settings),
    )


@router.get(
    "",
    response_model=list[PartnerRead],
    responses=AUTHENTICATED,
    dependencies=[requires("partners.read")],
)
def partners(actor: ApiActor, session: SessionDep) -> Any:
    """Partner customs administrations, by country (customs and administrators)."""
    return [_read(p) for p in service.partners(session, actor=actor)]


@router.post(
    "/{country}",
    status_code=201,
    response_model=PartnerRead,
    responses=STATE_CHANGING | {422: {}},
    dependencies=[requires("partners.manage")],
)
def register(
    country: Country,
    body: PartnerCreate,
    actor: ApiActor,
    services: ServicesDep,
    session: SessionDep,
    now: Now,
) -> Any:
    """Register the partner of a country (administrators): its endpoint and Ed25519 key."""
    found = service.register_partner(
        session, actor=actor, details=_details(country, body, services), at=now
    )
    return _read(found)


@router.put(
    "/{country}",
    response_model=PartnerRead,
    responses=STATE_CHANGING | {422: {}},
    dependencies=[requires("partners.manage")],
)
def update(
    country: Country,
    body: PartnerCreate,
    actor: ApiActor,
    services: ServicesDep,
    session: SessionDep,
    now: Now,
) -> Any:
    """Change a partner's endpoint or key (a rotation), or switch it off."""
    found = service.update_partner(
        session, actor=actor, details=_details(country, body, services), at=now
    )
    return _read(found)


exchange_router = APIRouter(prefix="/api/v1/partner-exchange", tags=["partners"])


@exchange_router.post(
    "/inbox",
    status_code=201,
    response_model=ReceiptRead,
    responses=problems(400, 403, 409),
    openapi_extra={"security": []},
)
async def inbox(request: Request, services: ServicesDep, session: SessionDep) -> Any:
    """A partner customs' signed message (ACDD, e-C/O): verified against the registry's key
    and stored once; a replayed message id is refused with 409 (the sender reads it as
    acknowledged). Authenticated by its Ed25519 signature, not by a token."""
    raw = await request.body()
    return await run_in_threadpool(_receive, services, session, raw)


def _not_json(constant: str) -> object:
    """NaN and Infinity are no JSON (the databases' JSON types refuse them)."""
    raise ValueError(f"{constant} is not JSON")


def _receive(services: Services, session: Session, raw: bytes) -> ReceiptRead:
    try:
        document: object = json.loads(raw, parse_constant=_not_json)
    except (ValueError, UnicodeDecodeError, RecursionError):  # RecursionError: too deep
        document = None
    found = service.receive(
        session,
        document=document,
        our_country=services.settings.partners_country,
        at=services.clock.now(),
        on_receipt=service.on_receipt(),
    )
    return ReceiptRead(acknowledged=found.message_id, state=found.state)


@exchange_router.get(
    "/messages",
    response_model=list[MessageRead],
    responses=AUTHENTICATED,
    dependencies=[requires("partners.exchange")],
)
def exchanged(
    actor: ApiActor,
    session: SessionDep,
    direction: Annotated[str | None, Query(pattern="^(in|out)$")] = None,
) -> Any:
    """Messages exchanged with partner customs, newest first (customs, administrators)."""
    return [message_read(m) for m in service.messages(session, actor=actor, direction=direction)]


@exchange_router.post(
    "/messages/{message_id}/retry",
    response_model=MessageRead,
    responses=STATE_CHANGING,
    dependencies=[requires("partners.exchange")],
)
def retry(message_id: IdInPath, actor: ApiActor, session: SessionDep, now: Now) -> Any:
    """Send an outgoing message again now (one waiting for its next attempt, or given up)."""
    return message_read(service.retry(session, actor=actor, message=message_id, at=now))


@exchange_router.post(
    "/declarations/{declaration_id}/certificates",
    response_model=CertificateUseRead,
    responses=STATE_CHANGING | {422: {}},
    dependencies=[requires("declarations.file")],
)
def use_certificate(
    declaration_id: IdInPath,
    body: CertificateClaim,
    actor: ApiActor,
    services: ServicesDep,
    session: SessionDep,
    now: Now,
) -> Any:
    """Claim a received e-C/O (e-Form D) for a draft import: checked (issued, its exporter,
    its quantities left) and put in the declaration's dossier, where the tariff's FTA check
    accepts it as proof of origin."""
    used = service.use_certificate(
        session,
        actor=actor,
        storage=services.storage,
        declaration_id=declaration_id,
        country=body.country,
        reference=body.reference,
        size_limit=services.settings.max_upload_bytes,
        at=now,
    )
    return CertificateUseRead(
        country=used.certificate.country,
        reference=body.reference,
        document_id=used.document_id,
        quantities={hs: format(q.normalize(), "f") for hs, q in used.quantities.items()},
    )
