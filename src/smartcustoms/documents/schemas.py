"""Document API schemas."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict


class DocumentRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    enterprise_id: int
    sha256: str
    content_type: str
    size: int
    filename: str
    doc_type: str
    reference: str | None
    issued_on: date | None
    created_at: datetime


class DocumentUploadRead(BaseModel):
    document: DocumentRead
    reused: bool
