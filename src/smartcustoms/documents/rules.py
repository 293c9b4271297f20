"""What an upload really is, judged by its bytes, not by the name or header it came with."""

from __future__ import annotations

import xml.parsers.expat
from enum import StrEnum

from smartcustoms.documents.messages import error
from smartcustoms.errors import DomainError


class DocumentType(StrEnum):
    INVOICE = "invoice"
    PACKING_LIST = "packing_list"
    BILL_OF_LADING = "bill_of_lading"
    AIR_WAYBILL = "air_waybill"
    CERTIFICATE_OF_ORIGIN = "certificate_of_origin"
    CONTRACT = "contract"
    LICENCE = "licence"
    INSPECTION_RESULT = "inspection_result"
    OTHER = "other"


class UnsupportedContent(DomainError):
    code = "unsupported_content"
    status = 415
    title = "Unsupported document content"


class DocumentTooLarge(DomainError):
    code = "document_too_large"
    status = 413
    title = "Document too large"


class EmptyDocument(DomainError):
    code = "empty_document"
    status = 422
    title = "Empty document"


_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
)


STORED_CONTENT_TYPES = (*dict.fromkeys(t for _, t in _MAGIC), "application/xml")


def sniff_content_type(data: bytes) -> str:
    """Return the real content type of a PDF, PNG, JPEG, TIFF or XML file, or refuse it."""
    for magic, content_type in _MAGIC:
        if data.startswith(magic):
            return content_type
    if _is_well_formed_xml(data):
        return "application/xml"
    raise error(UnsupportedContent, UnsupportedContent.code)


def _refuse_entities(*_args: object) -> None:
    raise ValueError("entity declarations are not accepted")


def _is_well_formed_xml(data: bytes) -> bool:
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head.startswith(b"<"):
        return False
    parser = xml.parsers.expat.ParserCreate()
    # Entity declarations are how XML bombs and external-entity leaks start.
    parser.EntityDeclHandler = _refuse_entities
    parser.ExternalEntityRefHandler = _refuse_entities  # type: ignore[assignment]
    try:
        parser.Parse(data, True)
    except (xml.parsers.expat.ExpatError, ValueError):
        return False
    return True


def check_size(size: int, *, limit: int) -> None:
    if size == 0:
        raise error(EmptyDocument, EmptyDocument.code)
    if size > limit:
        raise error(DocumentTooLarge, DocumentTooLarge.code, size=size, limit=limit)
