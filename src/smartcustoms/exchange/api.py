"""JSON, XML and EDIFACT API of the exchange domain: thin, the service decides."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Final

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from smartcustoms.db import single_write_unit
from smartcustoms.db.inserts import InsertBatch
from smartcustoms.deps import ApiActor, IdInPath, Now, Services, ServicesDep, SessionDep, requires
from smartcustoms.exchange import service
from smartcustoms.exchange.messages import error
from smartcustoms.exchange.rules import RegistrationAnswer, UnsupportedContent
from smartcustoms.exchange.schemas import FilingRead
from smartcustoms.idempotency import ports as idempotency
from smartcustoms.idempotency.ports import IdempotencyKey
from smartcustoms.identity.rules import Actor
from smartcustoms.openapi import OWNER_CHECKED, problems
from smartcustoms.problems import domain_error_response
from smartcustoms.signatures import service as signatures

router = APIRouter(prefix="/api/v1/exchange", tags=["exchange"], responses=OWNER_CHECKED)

XML_TYPES: Final = ("application/xml", "text/xml")
EDIFACT_TYPES: Final = ("application/edifact", "text/plain")
EDIFACT: Final = "application/EDIFACT"
CUSRES_TYPE: Final = f"{EDIFACT}; charset=utf-8"
_XSD_NOTE = (
    "Our schema: `src/smartcustoms/exchange/xsd/declaration-1.xsd`, mapped in docs/exchange.md."
)


def _body(media_type: str, description: str) -> dict[str, Any]:
    return {
        "requestBody": {
            "required": True,
            "description": description,
            "content": {media_type: {"schema": {"type": "string"}}},
        }
    }


def _media_type(request: Request, accepted: tuple[str, ...]) -> None:
    given = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if given not in accepted:
        raise error(
            UnsupportedContent,
            "unsupported_content",
            expected=" or ".join(accepted),
            given=given or "-",
        )


@router.post(
    "/wco/declarations",
    status_code=201,
    response_model=FilingRead,
    responses=problems(401, 403, 404, 415),
    summary="File and submit a declaration written as WCO Data Model XML",
    openapi_extra=_body("application/xml", f"A <Declaration>. {_XSD_NOTE}"),
    dependencies=[requires("declarations.file")],
)
async def file_wco_declaration(
    request: Request,
    actor: ApiActor,
    session: SessionDep,
    services: ServicesDep,
    now: Now,
    key: IdempotencyKey = None,
) -> Any:
    """Registered (or rejected by a registration step) in one go. XML that is not
    well-formed, declares a DTD or entities (refused: billion laughs, XXE), breaks the schema
    or breaks a declaration rule answers 422 with every error, each with its element path and
    line in both languages; nothing is written then. The declaring enterprise is
    `Declarant/ID` (its tax code), or the trader's own."""
    _media_type(request, XML_TYPES)
    xml = await request.body()
    retry = idempotency.keyed(actor.user_id, key, "POST /exchange/wco/declarations", raw=xml)
    single_write_unit(session)  # the declaration and the answer kept under a key: one write
    return await run_in_threadpool(_file_xml, request, session, actor, xml, services, now, retry)


def _file_xml(
    request: Request,
    session: Session,
    actor: Actor,
    xml: bytes,
    services: Services,
    now: datetime,
    retry: idempotency.KeyedRequest | None,
) -> Any:
    if (replay := idempotency.replay(session, retry)) is not None:
        return replay

    def keep(answer: RegistrationAnswer, batch: InsertBatch) -> None:
        kept = FilingRead.of(answer)
        idempotency.keep_in(batch, retry, status_code=201, body=kept, at=now)

    try:
        answer = service.file_xml(
            session,
            actor=actor,
            xml=xml,
            setup=services.registration,
            at=now,
            before_write=keep,
            trusted=signatures.trust(services.settings),
        )
    except signatures.SignatureRefused as refused:
        # Answered, not raised: the request commits the refusal the audit chain recorded.
        return domain_error_response(request, refused)
    except IntegrityError as error:
        return idempotency.replay_of_the_winner(session, retry, error)
    return FilingRead.of(answer)


@router.get(
    "/wco/declarations/{declaration_id:int}",
    response_class=Response,
    responses={200: {"content": {"application/xml": {"schema": {"type": "string"}}}}},
    summary="A declaration as WCO Data Model XML",
    dependencies=[requires("declarations.read")],
)
def export_wco_declaration(declaration_id: IdInPath, actor: ApiActor, session: SessionDep) -> Any:
    """Any declaration the caller may see, drafts included, in the schema filing takes."""
    xml = service.export_xml(session, actor=actor, declaration_id=declaration_id)
    return Response(xml, media_type="application/xml")


@router.post(
    "/edifact/cusdec",
    response_class=Response,
    responses={
        **problems(401, 403, 404, 415),
        200: {
            "description": "Refused: the CUSRES says why, segment by segment (nothing filed).",
            "content": {EDIFACT: {"schema": {"type": "string"}}},
        },
        201: {
            "description": "Filed: the CUSRES with the number and channel (or the reasons "
            "of a rejection at registration).",
            "content": {EDIFACT: {"schema": {"type": "string"}}},
        },
    },
    summary="File a UN/EDIFACT CUSDEC; answered by a CUSRES",
    openapi_extra=_body("text/plain", "A CUSDEC interchange (also taken as application/EDIFACT)."),
    dependencies=[requires("declarations.file")],
)
async def file_cusdec(
    request: Request,
    actor: ApiActor,
    session: SessionDep,
    services: ServicesDep,
    now: Now,
    key: IdempotencyKey = None,
) -> Any:
    """An interchange that cannot be read (its syntax, its UNB) answers 422 with the segment,
    its position and line; one that can is answered by a CUSRES (UTF-8, syntax UNOW)."""
    _media_type(request, EDIFACT_TYPES)
    body = await request.body()
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        text = body.decode("latin-1")  # UNOC, the usual Latin-1 repertoire
    retry = idempotency.keyed(actor.user_id, key, "POST /exchange/edifact/cusdec", raw=body)
    single_write_unit(session)  # the declaration and the answer kept under a key: one write
    return await run_in_threadpool(_file_cusdec, session, actor, text, services, now, retry)


def _file_cusdec(
    session: Session,
    actor: Actor,
    text: str,
    services: Services,
    now: datetime,
    retry: idempotency.KeyedRequest | None,
) -> Response:
    if (replay := idempotency.replay(session, retry)) is not None:
        return replay

    def keep(interchange: str, batch: InsertBatch) -> None:
        # Kept only when the CUSDEC is filed (201): a refusal writes nothing, and is refused
        # again when sent again.
        idempotency.keep_text_in(
            batch, retry, status_code=201, text=interchange, media_type=CUSRES_TYPE, at=now
        )

    try:
        answer, interchange = service.file_cusdec(
            session,
            actor=actor,
            text=text,
            setup=services.registration,
            at=now,
            control=f"{now:%y%m%d%H%M%S}",
            before_write=keep,
        )
    except IntegrityError as error:
        return idempotency.replay_of_the_winner(session, retry, error)
    status = 201 if answer.declaration_id is not None else 200
    return Response(interchange, status_code=status, media_type=CUSRES_TYPE)
