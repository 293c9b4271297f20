"""JSON API for declarations: thin, every decision is in the service."""

from __future__ import annotations

from dataclasses import fields
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response
from pydantic import BaseModel, StringConstraints
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from smartcustoms.db import single_write_unit
from smartcustoms.db.inserts import InsertBatch
from smartcustoms.declarations import intake, service
from smartcustoms.declarations.content import HEADER_FIELDS, ITEM_FIELDS
from smartcustoms.declarations.lifecycle import Status
from smartcustoms.declarations.messages import error
from smartcustoms.declarations.models import Declaration
from smartcustoms.declarations.schemas import (
    CancelRequest,
    DeclarationFiling,
    DeclarationPage,
    DeclarationRead,
    DeclarationSummary,
    DeclarationWrite,
    FilingWarningRead,
    HistoryRead,
    StatusChangeRead,
    SubmissionRead,
)
from smartcustoms.deps import ApiActor, IdInPath, Now, Services, ServicesDep, SessionDep, requires
from smartcustoms.errors import ValidationFailed
from smartcustoms.idempotency import ports as idempotency
from smartcustoms.idempotency.ports import IdempotencyKey
from smartcustoms.identity.rules import Actor
from smartcustoms.kit.pagination import Page, PageRequest
from smartcustoms.kit.wire import IsoDate
from smartcustoms.openapi import (
    AUTHENTICATED,
    KEPT_ANSWER,
    OWNER_CHECKED,
    STATE_CHANGING,
    json_body,
    read_by_hand,
)
from smartcustoms.problems import RequestInvalid

router = APIRouter(prefix="/api/v1/declarations", tags=["declarations"], responses=AUTHENTICATED)

Code12 = Annotated[str, StringConstraints(max_length=12, pattern=r"^[A-Za-z0-9]*$")]


def read_model(session: Session, declaration: Declaration) -> DeclarationRead:
    """The API view of a declaration loaded as an object, with its dossier's document ids."""
    data = DeclarationRead.model_validate(declaration)
    data.document_ids = service.attached_document_ids(session, declaration_id=declaration.id)
    data.warnings = _warnings(service.warnings_of(session, declaration))
    return data


def _warnings(found: list[service.FilingWarning]) -> list[FilingWarningRead]:
    return [FilingWarningRead.model_validate(w) for w in found]


def row_warnings(session: Session, row: service.DeclarationRow) -> list[FilingWarningRead]:
    """The warnings of a declaration this request wrote."""
    return _warnings(
        service.filing_warnings(
            session,
            enterprise_id=row.enterprise_id,
            transport_document=row.content.transport_document,
            declaration_id=row.id,
            number=row.number,
        )
    )


def _enterprise_for(actor: Actor, requested: int | None) -> int:
    if requested is not None:
        return requested
    if len(actor.enterprise_ids) == 1:
        return next(iter(actor.enterprise_ids))
    raise error(ValidationFailed, "enterprise_not_chosen")


@router.post(
    "",
    status_code=201,
    response_model=DeclarationRead,
    responses=OWNER_CHECKED,
    dependencies=[requires("declarations.file")],
)
def create_declaration(
    body: DeclarationWrite, actor: ApiActor, session: SessionDep, now: Now
) -> Any:
    single_write_unit(session)  # create_draft writes once
    written = service.create_draft(
        session,
        actor=actor,
        enterprise_id=_enterprise_for(actor, body.enterprise_id),
        content=body.to_content(),
        document_ids=tuple(body.document_ids or ()),
        at=now,
    )
    model = written_model(written, warnings=row_warnings(session, written.declaration))
    return _json(model, status_code=201)


def _json(body: BaseModel, *, status_code: int) -> Response:
    # Serialized here, once: FastAPI would validate the finished model again first.
    return Response(body.model_dump_json(), status_code=status_code, media_type="application/json")


def page_model(result: Page[Declaration]) -> DeclarationPage:
    return DeclarationPage(
        items=[DeclarationSummary.model_validate(d) for d in result.items],
        total=result.total,
        page=result.page,
        size=result.size,
    )


@router.get("", response_model=DeclarationPage, dependencies=[requires("declarations.read")])
def list_declarations(
    actor: ApiActor,
    session: SessionDep,
    status: Annotated[list[Status] | None, Query(max_length=10)] = None,
    type_code: Annotated[Code12 | None, Query()] = None,
    number: Annotated[Code12 | None, Query()] = None,
    created_from: IsoDate | None = None,
    created_to: IsoDate | None = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    size: Annotated[int, Query(ge=1, le=200)] = 20,
) -> Any:
    flt = service.DeclarationFilter(
        statuses=status,
        type_code=type_code,
        number=number,
        created_from=created_from,
        created_to=created_to,
    )
    result = service.list_declarations(
        session, actor=actor, flt=flt, request=PageRequest(page, size)
    )
    return page_model(result)


@router.get(
    "/{declaration_id:int}",
    response_model=DeclarationRead,
    responses=OWNER_CHECKED,
    dependencies=[requires("declarations.read")],
)
def get_declaration(declaration_id: IdInPath, actor: ApiActor, session: SessionDep) -> Any:
    return read_model(
        session, service.get_declaration(session, actor=actor, declaration_id=declaration_id)
    )


@router.put(
    "/{declaration_id:int}",
    response_model=DeclarationRead,
    responses=STATE_CHANGING,
    dependencies=[requires("declarations.file")],
)
def update_declaration(
    declaration_id: IdInPath, body: DeclarationWrite, actor: ApiActor, session: SessionDep, now: Now
) -> Any:
    declaration = service.update_draft(
        session,
        actor=actor,
        declaration_id=declaration_id,
        content=body.to_content(),
        document_ids=tuple(body.document_ids) if body.document_ids is not None else None,
        at=now,
    )
    return read_model(session, declaration)


@router.post(
    "/{declaration_id:int}/submit",
    response_model=SubmissionRead,
    responses={**STATE_CHANGING, 200: KEPT_ANSWER},
    dependencies=[requires("declarations.file")],
)
def submit_declaration(
    declaration_id: IdInPath,
    actor: ApiActor,
    session: SessionDep,
    services: ServicesDep,
    now: Now,
    key: IdempotencyKey = None,
) -> Any:
    retry = idempotency.keyed(actor.user_id, key, f"POST /declarations/{declaration_id}/submit")
    if (replay := idempotency.replay(session, retry)) is not None:
        return replay
    result = service.submit(
        session, actor=actor, declaration_id=declaration_id, setup=services.registration, at=now
    )
    warnings = row_warnings(session, result.declaration)
    return idempotency.answer(
        session, retry, status_code=200, body=submission_model(result, warnings), at=now
    )


@router.post(
    "/submit",
    status_code=201,
    response_model=SubmissionRead,
    responses={**OWNER_CHECKED, 201: KEPT_ANSWER},
    summary="File and submit a complete declaration in one request",
    openapi_extra=read_by_hand(DeclarationFiling),
    dependencies=[requires("declarations.file")],
)
def file_and_submit_declaration(
    sent: Annotated[Any, Depends(json_body)],
    actor: ApiActor,
    session: SessionDep,
    services: ServicesDep,
    now: Now,
    key: IdempotencyKey = None,
) -> Any:
    """Registered (or rejected by a registration step) in one go. Invalid content answers 422
    with every error at once (the format errors and the business rules' errors of the fields
    that could be read, each with its field's label and goods line) and writes nothing; send
    an Idempotency-Key so that a retry never files the declaration twice."""
    body = _filing_or_every_error(sent, session, services, now)
    retry = idempotency.keyed(actor.user_id, key, "POST /declarations/submit", body=body)
    single_write_unit(session)  # the declaration and the answer kept under a key: one write
    if (replay := idempotency.replay(session, retry)) is not None:
        return replay
    answers: list[SubmissionRead] = []
    enterprise_id = _enterprise_for(actor, body.enterprise_id)
    warnings = _warnings(
        service.filing_warnings(
            session,
            enterprise_id=enterprise_id,
            transport_document=body.transport_document,
            declaration_id=None,
            number=None,
        )
    )

    def keep_answer(filed: service.WrittenDeclaration, batch: InsertBatch) -> None:
        answers.append(submission_model(filed, warnings))
        idempotency.keep_in(batch, retry, status_code=201, body=answers[0], at=now)

    try:
        service.file_and_submit(
            session,
            actor=actor,
            enterprise_id=enterprise_id,
            content=body.to_content(),
            document_ids=tuple(body.document_ids or ()),
            setup=services.registration,
            at=now,
            before_write=keep_answer,
        )
    except IntegrityError as error:
        return idempotency.replay_of_the_winner(session, retry, error)
    return _json(answers[0], status_code=201)


def _filing_or_every_error(
    sent: Any, session: Session, services: Services, now: datetime
) -> DeclarationFiling:
    filing = intake.read_filing(sent)
    if filing.body is not None:
        return filing.body
    rules = service.submission_errors(
        session, filing.salvaged.to_content(), services.registration, now
    )
    raise RequestInvalid(
        message_en="The declaration has errors; nothing was filed. See each one below.",
        message_vi="Tờ khai có lỗi, chưa được khai báo. Xem từng lỗi dưới đây.",
        errors=intake.all_errors(filing, rules),
    )


def written_model(
    written: service.WrittenDeclaration, warnings: list[FilingWarningRead] | None = None
) -> DeclarationRead:
    """The API view of a declaration this request wrote (no ORM object was built)."""
    row = written.declaration
    items = [
        {"line_no": line_no, **{name: getattr(item, name) for name in ITEM_FIELDS}}
        for line_no, item in enumerate(row.content.items, start=1)
    ]
    header = {name: getattr(row.content, name) for name in HEADER_FIELDS}
    columns = {f.name: getattr(row, f.name) for f in fields(row) if f.name != "content"}
    return DeclarationRead.model_validate(
        {
            **columns,
            **header,
            "items": items,
            "document_ids": list(written.document_ids),
            "warnings": warnings or [],
        }
    )


def submission_model(
    written: service.WrittenDeclaration, warnings: list[FilingWarningRead] | None = None
) -> SubmissionRead:
    return SubmissionRead(
        declaration=written_model(written, warnings),
        steps=[{"step": o.step, **o.summary} for o in written.outcomes],
    )


@router.post(
    "/{declaration_id:int}/amend",
    status_code=201,
    response_model=DeclarationRead,
    responses=STATE_CHANGING,
    dependencies=[requires("declarations.file")],
)
def amend_declaration(
    declaration_id: IdInPath, actor: ApiActor, session: SessionDep, now: Now
) -> Any:
    draft = service.amend(session, actor=actor, declaration_id=declaration_id, at=now)
    return read_model(session, draft)


@router.post(
    "/{declaration_id:int}/cancel",
    response_model=DeclarationRead,
    responses=STATE_CHANGING,
    dependencies=[requires("declarations.file")],
)
def cancel_declaration(
    declaration_id: IdInPath,
    body: CancelRequest,
    actor: ApiActor,
    session: SessionDep,
    services: ServicesDep,
    now: Now,
) -> Any:
    declaration = service.cancel(
        session,
        actor=actor,
        declaration_id=declaration_id,
        reason=body.reason,
        setup=services.registration,
        at=now,
    )
    return read_model(session, declaration)


@router.get(
    "/{declaration_id:int}/history",
    response_model=HistoryRead,
    responses=OWNER_CHECKED,
    dependencies=[requires("declarations.read")],
)
def declaration_history(declaration_id: IdInPath, actor: ApiActor, session: SessionDep) -> Any:
    found = service.history(session, actor=actor, declaration_id=declaration_id)
    return HistoryRead(
        versions=[read_model(session, d) for d in found.versions],
        changes=[_change_read(c, found.actors) for c in found.changes],
    )


def _change_read(change: Any, actors: dict[int, tuple[str, str]]) -> StatusChangeRead:
    """A history step with who made it: name and role, not only an id."""
    name, role = actors.get(change.actor_id, (None, None)) if change.actor_id else (None, None)
    read = StatusChangeRead.model_validate(change)
    return read.model_copy(update={"actor_name": name, "actor_role": role})


worklist_router = APIRouter(prefix="/api/v1/worklist", tags=["officers"], responses=AUTHENTICATED)


@worklist_router.get(
    "", response_model=DeclarationPage, dependencies=[requires("declarations.worklist")]
)
def office_worklist(
    actor: ApiActor,
    session: SessionDep,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    size: Annotated[int, Query(ge=1, le=200)] = 20,
) -> Any:
    result = service.worklist(session, actor=actor, request=PageRequest(page, size))
    return page_model(result)
