"""JSON API for the paperless dossier."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Response, UploadFile

from smartcustoms.deps import ApiActor, IdInPath, Now, ServicesDep, SessionDep
from smartcustoms.documents import service
from smartcustoms.documents.rules import DocumentTooLarge, DocumentType
from smartcustoms.documents.schemas import DocumentRead, DocumentUploadRead
from smartcustoms.errors import ValidationFailed
from smartcustoms.identity.rules import Actor
from smartcustoms.kit.ids import MAX_ID
from smartcustoms.kit.text import NO_CONTROL_PATTERN

router = APIRouter(prefix="/api/v1/documents", tags=["documents"])


async def read_limited(upload: UploadFile, limit: int) -> bytes:
    """Read at most limit bytes, so an oversize upload is refused without holding it all."""
    data = await upload.read(limit + 1)
    if len(data) > limit:
        raise DocumentTooLarge(
            message_en=f"The file is larger than the limit of {limit:,} bytes.",
            message_vi=f"Tệp lớn hơn giới hạn {limit:,} byte.",
        )
    return data


def pick_enterprise(actor: Actor, requested: int | None) -> int:
    if requested is not None:
        return requested
    if len(actor.enterprise_ids) == 1:
        return next(iter(actor.enterprise_ids))
    raise ValidationFailed(
        message_en="Say which enterprise this is for (enterprise_id).",
        message_vi="Hãy chọn doanh nghiệp (enterprise_id).",
    )


@router.post("", status_code=201, response_model=DocumentUploadRead)
async def upload_document(
    actor: ApiActor,
    session: SessionDep,
    services: ServicesDep,
    response: Response,
    now: Now,
    file: Annotated[UploadFile, File()],
    doc_type: Annotated[DocumentType, Form()] = DocumentType.OTHER,
    reference: Annotated[str | None, Form(max_length=100, pattern=NO_CONTROL_PATTERN)] = None,
    issued_on: Annotated[date | None, Form()] = None,
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
    session.commit()
    if upload.reused:
        response.status_code = 200
    return result


@router.get("", response_model=list[DocumentRead])
def list_documents(
    actor: ApiActor, session: SessionDep, doc_type: DocumentType | None = None
) -> Any:
    return service.documents_on_file(session, actor=actor, doc_type=doc_type)


@router.get("/{document_id}", response_model=DocumentRead)
def get_document(document_id: IdInPath, actor: ApiActor, session: SessionDep) -> Any:
    return service.get_document(session, actor=actor, document_id=document_id)


@router.get("/{document_id}/content")
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
