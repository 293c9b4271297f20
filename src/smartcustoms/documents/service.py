"""Dossier use cases: upload once, reuse by reference."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, fields
from datetime import date, datetime

from sqlalchemy.orm import Session

from smartcustoms.adapters.storage import BlobStorage
from smartcustoms.audit import service as audit
from smartcustoms.documents import repository
from smartcustoms.documents.messages import error
from smartcustoms.documents.models import Document, DocumentView
from smartcustoms.documents.ports import DocumentInfo, DocumentViewInfo
from smartcustoms.documents.rules import DocumentType, check_size, sniff_content_type
from smartcustoms.errors import NotFound, PermissionDenied
from smartcustoms.identity.rules import Actor, Role
from smartcustoms.kit.text import strip_control_chars
from smartcustoms.outbox.service import emit


@dataclass(frozen=True)
class Upload:
    document: DocumentInfo
    reused: bool


_INFO_FIELDS = tuple(f.name for f in fields(DocumentInfo))


def _info(document: Document) -> DocumentInfo:
    """The public shape of a document row: the ORM object stays inside this domain."""
    return DocumentInfo(**{name: getattr(document, name) for name in _INFO_FIELDS})


def upload_document(
    session: Session,
    storage: BlobStorage,
    *,
    actor: Actor,
    enterprise_id: int,
    filename: str,
    data: bytes,
    doc_type: DocumentType,
    reference: str | None,
    issued_on: date | None,
    size_limit: int,
    at: datetime,
) -> Upload:
    """Store a new e-document, or return the one already on file with the same content."""
    if not actor.may_declare_for(enterprise_id):
        raise _not_yours()
    check_size(len(data), limit=size_limit)
    content_type = sniff_content_type(data)
    key = storage.put(data)
    existing = repository.by_hash(session, enterprise_id=enterprise_id, sha256=key)
    if existing is not None:
        return Upload(_info(existing), reused=True)
    document = Document(
        enterprise_id=enterprise_id,
        sha256=key,
        content_type=content_type,
        size=len(data),
        filename=strip_control_chars(filename)[-255:] or "document",
        doc_type=doc_type,
        reference=strip_control_chars(reference) if reference else None,
        issued_on=issued_on,
        uploaded_by_id=actor.user_id,
        created_at=at,
    )
    session.add(document)
    session.flush()
    audit.record(
        session,
        action="document.uploaded",
        object_type="document",
        object_id=document.id,
        at=at,
        actor_id=actor.user_id,
        on_behalf_of=enterprise_id,
        details={"sha256": key, "doc_type": str(doc_type), "size": len(data)},
    )
    emit(
        session,
        topic="document.uploaded",
        aggregate_type="document",
        aggregate_id=document.id,
        payload={"sha256": key, "doc_type": doc_type, "enterprise_id": enterprise_id},
        at=at,
    )
    return Upload(_info(document), reused=False)


def _not_yours() -> PermissionDenied:
    return error(PermissionDenied, "not_mandated")


def _not_found(document_id: int) -> NotFound:
    return error(NotFound, "document_not_found", document_id=document_id)


def visible_to(actor: Actor, document: Document | DocumentInfo) -> bool:
    """Who reads a document by its id: its enterprise (and brokers under a mandate) and the
    administrator. Officers read documents only from the dossier of a declaration they see,
    which is one lodged at their own office (`dossier_document`; issue 15)."""
    return actor.role == Role.ADMIN or actor.may_view_for(document.enterprise_id)


def get_document(session: Session, *, actor: Actor, document_id: int) -> DocumentInfo:
    document = repository.by_id(session, document_id)
    if document is not None and actor.is_customs and not visible_to(actor, document):
        raise error(PermissionDenied, "officer_outside_dossier")
    # Someone else's document is reported as missing, so ids cannot be probed.
    if document is None or not visible_to(actor, document):
        raise _not_found(document_id)
    return _info(document)


def dossier_document(
    session: Session, *, document_id: int, dossier: Collection[int]
) -> DocumentInfo:
    """A document of a declaration's dossier (`dossier`: its ids). The caller has checked
    that the actor sees the declaration (an officer: lodged at their own office)."""
    document = repository.by_id(session, document_id) if document_id in dossier else None
    if document is None:
        raise _not_found(document_id)
    return _info(document)


def documents_on_file(
    session: Session, *, actor: Actor, doc_type: str | None = None
) -> list[DocumentInfo]:
    found = repository.for_enterprises(session, actor.enterprise_ids, doc_type=doc_type)
    return [_info(document) for document in found]


def documents_for_attachment(
    session: Session, *, actor: Actor, enterprise_id: int, document_ids: Collection[int]
) -> list[DocumentInfo]:
    """The documents to attach, each checked to belong to the declaring enterprise."""
    found = {doc.id: doc for doc in repository.by_ids(session, set(document_ids))}
    for document_id in document_ids:
        document = found.get(document_id)
        if (
            document is None
            or document.enterprise_id != enterprise_id
            or not visible_to(actor, document)
        ):
            raise _not_found(document_id)
    return [_info(found[i]) for i in dict.fromkeys(document_ids)]


def read_content(storage: BlobStorage, document: DocumentInfo) -> bytes:
    return storage.get(document.sha256)


def document_types(session: Session, document_ids: Collection[int]) -> frozenset[str]:
    """The kinds of document among these ids (e.g. whether a C/O is in the dossier)."""
    return frozenset(doc.doc_type for doc in repository.by_ids(session, set(document_ids)))


def open_in_dossier(
    session: Session,
    *,
    actor: Actor,
    document_id: int,
    declaration_id: int,
    dossier: Collection[int],
    at: datetime,
) -> DocumentInfo:
    """A document of a declaration's dossier (`dossier`: its ids), for viewing beside the
    declaration; an officer's opening is recorded. The caller has checked that the actor
    sees the declaration."""
    document = dossier_document(session, document_id=document_id, dossier=dossier)
    if actor.is_customs:
        view = DocumentView(
            document_id=document.id,
            declaration_id=declaration_id,
            viewer_id=actor.user_id,
            viewed_at=at,
        )
        repository.add_view(session, view)
    return document


def views_of(session: Session, *, declaration_ids: Collection[int]) -> list[DocumentViewInfo]:
    """Who opened these declarations' documents and when, the latest first."""
    return [
        DocumentViewInfo(v.document_id, v.declaration_id, v.viewer_id, v.viewed_at)
        for v in repository.views_for(session, declaration_ids)
    ]
