"""Other domains see a document as documents.ports.DocumentInfo, never as the ORM object."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from smartcustoms.adapters.storage import LocalBlobStorage
from smartcustoms.documents import service as documents
from smartcustoms.documents.ports import DocumentInfo
from smartcustoms.documents.rules import DocumentType
from smartcustoms.identity import service as identity
from support import TEST_NOW

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n"


def test_an_uploaded_document_is_reported_as_the_same_document_info_everywhere(
    session: Session, tmp_path: Path
) -> None:
    user = identity.find_user(session, username="lan")
    assert user is not None
    lan = identity.actor_for(session, user_id=user.id)
    enterprise_id = next(iter(lan.enterprise_ids))
    storage = LocalBlobStorage(tmp_path)

    upload = documents.upload_document(
        session,
        storage,
        actor=lan,
        enterprise_id=enterprise_id,
        filename="invoice.pdf",
        data=PDF,
        doc_type=DocumentType.INVOICE,
        reference="INV-1",
        issued_on=None,
        size_limit=1_000_000,
        at=TEST_NOW,
    )
    info = upload.document

    assert isinstance(info, DocumentInfo)
    assert (info.enterprise_id, info.filename, info.size) == (
        enterprise_id,
        "invoice.pdf",
        len(PDF),
    )
    assert documents.get_document(session, actor=lan, document_id=info.id) == info
    assert documents.documents_for_attachment(
        session, actor=lan, enterprise_id=enterprise_id, document_ids=[info.id, info.id]
    ) == [info]
    assert info in documents.documents_on_file(session, actor=lan)
    assert documents.read_content(storage, info) == PDF
