"""Portal page for the enterprise's documents on file."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from smartcustoms.documents import service
from smartcustoms.documents.rules import DocumentType
from smartcustoms.kit.clock import utcnow
from smartcustoms.web.pages import PageDep

router = APIRouter(include_in_schema=False)


@router.get("/documents")
def documents_page(page: PageDep) -> Response:
    actor = page.require_actor()
    return page.render("documents.html", documents=service.documents_on_file(page.session,
                                                                              actor=actor),
                       doc_types=[t.value for t in DocumentType])


@router.post("/documents")
async def upload(page: PageDep) -> Response:
    actor = page.require_actor()
    form = await page.form()
    upload = form.get("file")
    limit = page.services.settings.max_upload_bytes
    data = await upload.read(limit + 1) if hasattr(upload, "read") else b""
    kind = str(form.get("doc_type", ""))
    enterprise = str(form.get("enterprise_id", ""))
    stored = service.upload_document(
        page.session, page.services.storage, actor=actor,
        enterprise_id=int(enterprise) if enterprise.isdigit()
        else next(iter(sorted(actor.enterprise_ids)), 0),
        filename=str(getattr(upload, "filename", "") or "document"), data=data,
        doc_type=DocumentType(kind) if kind in DocumentType._value2member_map_
        else DocumentType.OTHER,
        reference=str(form.get("reference", "")).strip()[:100] or None, issued_on=None,
        size_limit=limit, at=utcnow(),
    )
    page.session.commit()
    return page.redirect("/documents?msg=" + ("reused_ok" if stored.reused else "uploaded_ok"))
