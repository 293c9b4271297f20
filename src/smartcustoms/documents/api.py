"""JSON API for the paperless dossier."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Response, UploadFile

from smartcustoms.deps import ApiActor, IdInPath, Now, ServicesDep, SessionDep, requires
from smartcustoms.documents import service
from smartcustoms.documents.messages import error
from smartcustoms.documents.rules import STORED_CONTENT_TYPES, DocumentTooLarge, DocumentType
from smartcustoms.documents.schemas import DocumentRead, DocumentUploadRead
from smartcustoms.errors import ValidationFailed
from smartcustoms.identity.rules import Actor
from smartcustoms.kit.ids import MAX_ID
from smartcustoms.kit.text import NO_CONTROL_PATTERN
from smartcustoms.kit.wire import IsoDate
from smartcustoms.openapi import AUTHENTICATED, OWNER_CHECKED, problems

router = APIRouter(prefix="/api/v1/documents", tags=["documents"], responses=AUTHENTICATED)
CONTENT: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The file as stored, with the content type its bytes showed.",
        "content": {
            t: {"schema": {"type": "string", "format": "binary"}} for t in STORED_CONTENT_TYPES
        },
    }
}


async def read_limited(upload: UploadFile, limit: int) -> bytes:
    """Read at most limit bytes, so an oversize upload is refused without holding it all."""
    data = await upload.read(limit + 1)
    if len(data) > limit:
        raise error(DocumentTooLarge, "document_too_large.upload", limit=limit)
    return data


def pick_enterprise(actor: Actor, requested: int | None) -> int:
    if requested is not None:
        return requested
    if len(actor.enterprise_ids) == 1:
        return next(iter(actor.enterprise_ids))
    raise error(ValidationFailed, "enterprise_not_chosen")


@router.post(
    "",
    status_code=201,
    response_model=DocumentUploadRead,
    responses={
        **problems(401, 403, 404, 413, 415),
        200: {"model": DocumentUploadRead, "description": "The same file was on file already."},
    },
    dependencies=[requires("documents.upload")],
)
async def upload_document(
    actor: ApiActor,
    session: SessionDep,
    services: ServicesDep,
    response: Response,
    now: Now,
    file: Annotated[UploadFile, File()],
    doc_type: Annotated[DocumentType, Form()] = DocumentType.OTHER,
    reference: Annotated[str | None, Form(max_length=100, pattern=NO_CONTROL_PATTERN)] = None,
    issued_on: Annotated[IsoDate | None, Form()] = None,
    enterprise_id: Annotated[int | None, Form(ge=1, le=MAX_ID)] = None,
) -> Any:
    limit = services.settings.max_upload_bytes
    data = await read_limited(file, limit)
    upload = service.upload_document(
        session,
        services.storage,
        actor=actor,
        enterprise_id=pick_enterprise(actor, enterprise_id),
        filename=file.filename or "document",
        data=data,
        doc_type=doc_type,
        reference=reference,
        issued_on=issued_on,
        size_limit=limit,
        at=now,
    )
    result = DocumentUploadRead(
        document=DocumentRead.model_validate(upload.document), reused=upload.reused
    )
    if upload.reused:
        response.status_code = 200
    return result


@router.get("", response_model=list[DocumentRead], dependencies=[requires("documents.read")])
def list_documents(
    actor: ApiActor, session: SessionDep, doc_type: DocumentType | None = None
) -> Any:
    return service.documents_on_file(session, actor=actor, doc_type=doc_type)


@router.get(
    "/{document_id:int}",
    response_model=DocumentRead,
    responses=OWNER_CHECKED,
    dependencies=[requires("documents.read")],
)
def get_document(document_id: IdInPath, actor: ApiActor, session: SessionDep) -> Any:
    return service.get_document(session, actor=actor, document_id=document_id)


@router.get(
    "/{document_id:int}/content",
    response_class=Response,
    responses={**OWNER_CHECKED, **CONTENT},
    dependencies=[requires("documents.read")],
)
def document_content(
    document_id: IdInPath, actor: ApiActor, session: SessionDep, services: ServicesDep
) -> Response:
    document = service.get_document(session, actor=actor, document_id=document_id)
    return Response(
        service.read_content(services.storage, document),
        media_type=document.content_type,
        headers={
            "X-Content-Type-Options": "nosniff",
            "Content-Disposition": f'attachment; filename="document-{document.id}"',
        },
    )
