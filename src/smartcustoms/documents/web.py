"""Portal page for the enterprise's documents on file."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from smartcustoms.documents import service
from smartcustoms.documents.forms import read_upload_form
from smartcustoms.documents.rules import DocumentType
from smartcustoms.web.pages import PageDep, PostedForm, page_for

router = APIRouter(include_in_schema=False)


@router.get("/documents", dependencies=[page_for("documents.read")])
def documents_page(page: PageDep) -> Response:
    actor = page.require_actor()
    return page.render(
        "documents.html",
        documents=service.documents_on_file(page.session, actor=actor),
        doc_types=[t.value for t in DocumentType],
    )


@router.post("/documents", dependencies=[page_for("documents.upload")])
def upload(page: PageDep, form: PostedForm) -> Response:
    actor = page.require_actor()
    posted = read_upload_form(form, limit=page.services.settings.max_upload_bytes)
    enterprise = str(form.get("enterprise_id", ""))
    stored = service.upload_document(
        page.session,
        page.services.storage,
        actor=actor,
        enterprise_id=int(enterprise)
        if enterprise.isdigit()
        else next(iter(sorted(actor.enterprise_ids)), 0),
        filename=posted.filename,
        data=posted.data,
        doc_type=posted.doc_type,
        reference=posted.reference,
        issued_on=None,
        size_limit=page.services.settings.max_upload_bytes,
        at=page.now(),
    )
    return page.redirect("/documents?msg=" + ("reused_ok" if stored.reused else "uploaded_ok"))
