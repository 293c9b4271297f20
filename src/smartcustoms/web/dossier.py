"""The dossier viewer on a declaration's page: each document of the dossier opened inline
beside the declaration (PDF in a frame, images as images), every officer's opening recorded
and listed, and the officer's check result recorded beside the document being read.

A composition of the declarations (who sees the declaration, its dossier), documents (the
files, the access record), risk (the check form) and identity (who opened) services."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response
from markupsafe import Markup

from smartcustoms.declarations import service as declarations
from smartcustoms.deps import IdInPath, keep_audit_record
from smartcustoms.documents import service as documents
from smartcustoms.errors import DomainError
from smartcustoms.identity import service as identity
from smartcustoms.risk import service as risk
from smartcustoms.risk.rules import InspectionKind
from smartcustoms.web.pages import Page, PageDep, page_for

router = APIRouter(include_in_schema=False)

# What a browser shows in a page: anything else (TIFF, XML) is offered as a download link.
FRAMED = frozenset({"application/pdf"})
PICTURES = frozenset({"image/png", "image/jpeg"})
# A served file runs nothing: no script, no form, no plugin but the browser's PDF viewer; it
# may be framed by the portal only.
FILE_POLICY = (
    "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; "
    "object-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'self'"
)


@router.get(
    "/declarations/{declaration_id}/documents/{document_id}/view",
    dependencies=[page_for("documents.read")],
)
def view_document(declaration_id: IdInPath, document_id: IdInPath, page: PageDep) -> Response:
    """A dossier document's content, to be shown inline; an officer's opening is recorded."""
    actor = page.require_actor()
    declaration = declarations.get_declaration(
        page.session, actor=actor, declaration_id=declaration_id
    )
    document = documents.open_in_dossier(
        page.session,
        actor=actor,
        document_id=document_id,
        declaration_id=declaration.id,
        dossier=declarations.attached_document_ids(page.session, declaration_id=declaration.id),
        at=page.now(),
    )
    if actor.is_customs:
        keep_audit_record(page.session)  # the opening is recorded though the GET reads
    inline = document.content_type in FRAMED | PICTURES
    disposition = "inline" if inline else "attachment"
    return Response(
        documents.read_content(page.services.storage, document),
        media_type=document.content_type,
        headers={
            "Content-Disposition": f'{disposition}; filename="document-{document.id}"',
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": FILE_POLICY,
            "X-Frame-Options": "SAMEORIGIN",
            "Cache-Control": "private, no-store",
            "Referrer-Policy": "no-referrer",
        },
    )


def _shown(page: Page, attached_ids: list[int]) -> int | None:
    chosen = page.request.query_params.get("view", "")
    return int(chosen) if chosen.isdigit() and int(chosen) in attached_ids else None


def dossier_panel(page: Page, declaration_id: int) -> Markup | None:
    """The dossier's documents with a link to view each beside the declaration, the one
    chosen (`?view=<id>`) in a viewer with the officer's check form, and who opened what."""
    actor = page.actor
    if actor is None:
        return None
    try:
        declaration = declarations.get_declaration(
            page.session, actor=actor, declaration_id=declaration_id
        )
    except DomainError:
        return None
    attached_ids = declarations.attached_document_ids(page.session, declaration_id=declaration.id)
    if not attached_ids:
        return None
    attached = [
        documents.dossier_document(page.session, document_id=i, dossier=attached_ids)
        for i in attached_ids
    ]
    shown_id = _shown(page, attached_ids)
    shown = next((d for d in attached if d.id == shown_id), None)
    views = documents.views_of(page.session, declaration_ids=[declaration.id])
    names = identity.user_names(page.session, {v.viewer_id for v in views})
    check = None
    if shown is not None and actor.is_customs:
        check = risk.find_decision(page.session, actor=actor, declaration_id=declaration.id)
    return page.fragment(
        "desk/dossier_panel.html",
        declaration_id=declaration.id,
        attached=attached,
        shown=shown,
        framed=FRAMED,
        pictures=PICTURES,
        views=views,
        names=names,
        titles={d.id: d.filename for d in attached},
        view=check,
        form={},
        errors=[],
        kinds=[k.value for k in InspectionKind],
    )
