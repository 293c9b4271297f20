"""E-documents on file for an enterprise."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from smartcustoms.db import Base, UtcDateTime


class Document(Base):
    __tablename__ = "documents"
    __table_args__ = (UniqueConstraint("enterprise_id", "sha256"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    filename: Mapped[str] = mapped_column(String(255))
    doc_type: Mapped[str] = mapped_column(String(30))
    reference: Mapped[str | None] = mapped_column(String(100))
    issued_on: Mapped[date | None] = mapped_column(Date)
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class DocumentView(Base):
    """An officer opened a dossier's document: who, when, which one, for which declaration."""

    __tablename__ = "document_views"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"))
    declaration_id: Mapped[int] = mapped_column(ForeignKey("declarations.id"), index=True)
    viewer_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    viewed_at: Mapped[datetime] = mapped_column(UtcDateTime)
