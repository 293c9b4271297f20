"""Reading an e-document upload from a portal form."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.datastructures import FormData, UploadFile

from smartcustoms.documents.rules import DocumentType


@dataclass(frozen=True)
class UploadForm:
    filename: str
    data: bytes
    doc_type: DocumentType
    reference: str | None


def read_upload_form(form: FormData, *, limit: int) -> UploadForm:
    """At most limit + 1 bytes are read, enough to know the file is too large.

    Called from page handlers that run in a worker thread, so the spooled file is read
    directly (UploadFile.read is for the event loop)."""
    upload = form.get("file")
    data = upload.file.read(limit + 1) if isinstance(upload, UploadFile) else b""
    filename = upload.filename if isinstance(upload, UploadFile) and upload.filename else ""
    kind = str(form.get("doc_type", ""))
    doc_type = DocumentType(kind) if kind in DocumentType._value2member_map_ else DocumentType.OTHER
    reference = str(form.get("reference", "")).strip()[:100] or None
    return UploadForm(filename or "document", data, doc_type, reference)
