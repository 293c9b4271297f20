"""Document queries."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.orm import Session

from smartcustoms.documents.models import Document, DocumentView


def by_hash(session: Session, *, enterprise_id: int, sha256: str) -> Document | None:
    query = select(Document).where(
        Document.enterprise_id == enterprise_id, Document.sha256 == sha256
    )
    return session.scalars(query).first()


def by_id(session: Session, document_id: int) -> Document | None:
    return session.get(Document, document_id)


def by_ids(session: Session, ids: Collection[int]) -> list[Document]:
    if not ids:
        return []
    return list(session.scalars(select(Document).where(Document.id.in_(ids))))


def for_enterprises(
    session: Session, enterprise_ids: Collection[int], *, doc_type: str | None = None
) -> list[Document]:
    query = select(Document).where(Document.enterprise_id.in_(enterprise_ids))
    if doc_type:
        query = query.where(Document.doc_type == doc_type)
    return list(session.scalars(query.order_by(Document.created_at.desc(), Document.id.desc())))


def add_view(session: Session, view: DocumentView) -> None:
    session.add(view)
    session.flush()


def views_for(session: Session, declaration_ids: Collection[int]) -> list[DocumentView]:
    """The views of these declarations' documents, the latest first."""
    if not declaration_ids:
        return []
    query = (
        select(DocumentView)
        .where(DocumentView.declaration_id.in_(declaration_ids))
        .order_by(DocumentView.viewed_at.desc(), DocumentView.id.desc())
    )
    return list(session.scalars(query))
