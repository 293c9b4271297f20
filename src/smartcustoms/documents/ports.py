"""What other domains use of the documents domain besides its service: a document's public
shape (the service answers with it, never with the ORM object) and the portal's reader of
an upload form (a page of another domain may take an upload for its dossier)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from smartcustoms.documents.forms import UploadForm, read_upload_form

__all__ = ["DocumentInfo", "DocumentViewInfo", "UploadForm", "read_upload_form"]


@dataclass(frozen=True)
class DocumentInfo:
    """An e-document on file, as the service reports it."""

    id: int
    enterprise_id: int
    sha256: str
    content_type: str
    size: int
    filename: str
    doc_type: str
    reference: str | None
    issued_on: date | None
    uploaded_by_id: int
    created_at: datetime


@dataclass(frozen=True)
class DocumentViewInfo:
    """An officer opened a dossier's document (the access list on the declaration's page)."""

    document_id: int
    declaration_id: int
    viewer_id: int
    viewed_at: datetime
