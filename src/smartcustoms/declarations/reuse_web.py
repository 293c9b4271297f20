"""Portal pages for filing from what a broker has: the goods-items template, importing a
sheet from the declaration form, and copying an earlier declaration. Same services as the API."""

from __future__ import annotations

from dataclasses import replace

from fastapi import APIRouter
from fastapi.responses import Response
from starlette.datastructures import FormData, UploadFile

from smartcustoms.declarations import service
from smartcustoms.declarations.content import ItemContent
from smartcustoms.declarations.forms import DeclarationForm
from smartcustoms.declarations.item_sheet import read_items
from smartcustoms.declarations.item_template import SheetFormat, template_file
from smartcustoms.declarations.schemas import DeclarationWrite
from smartcustoms.declarations.web import form_page
from smartcustoms.deps import IdInPath
from smartcustoms.errors import FieldError, ValidationFailed
from smartcustoms.web.pages import Page, PageDep, PostedForm, page_for

router = APIRouter(include_in_schema=False)
SHEET_FIELD = "items_file"


@router.get("/declarations/items/template.xlsx", dependencies=[page_for("declarations.file")])
def template_xlsx(page: PageDep) -> Response:
    page.require_actor()
    return _download(SheetFormat.XLSX, page.lang)


@router.get("/declarations/items/template.csv", dependencies=[page_for("declarations.file")])
def template_csv(page: PageDep) -> Response:
    page.require_actor()
    return _download(SheetFormat.CSV, page.lang)


def _download(kind: SheetFormat, lang: str) -> Response:
    body, media, name = template_file(kind, lang)
    return Response(
        body, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


def _sheet(page: Page, posted: FormData) -> tuple[ItemContent, ...]:
    """The posted sheet's goods items; ValidationFailed with every bad cell."""
    upload = posted.get(SHEET_FIELD)
    limit = page.services.settings.max_upload_bytes
    # Page handlers run in a worker thread: the spooled file is read directly.
    data = upload.file.read(limit + 1) if isinstance(upload, UploadFile) else b""
    name = (upload.filename or "") if isinstance(upload, UploadFile) else ""
    return read_items(
        data,
        filename=name,
        lang=page.lang,
        limit=limit,
        catalog=page.services.registration.catalog_provider(page.session),
    )


def _read(
    page: Page, posted: FormData
) -> tuple[DeclarationForm, DeclarationWrite | None, tuple[ItemContent, ...], list[FieldError]]:
    """The form's header and the sheet's items, with every error of both."""
    form = DeclarationForm.from_form(posted)
    header_only = replace(form, rows=[])  # the sheet's rows replace those typed
    body, errors = header_only.parse(lang=page.lang)
    try:
        items = _sheet(page, posted)
    except ValidationFailed as failed:
        return form, None, (), [*errors, *failed.errors]
    return form, body, items, errors


@router.post("/declarations/new/import", dependencies=[page_for("declarations.file")])
def import_into_new(page: PageDep, posted: PostedForm) -> Response:
    """A new draft with the form's header and the sheet's goods items; nothing is saved
    when a field or a cell is wrong."""
    actor = page.require_actor()
    form, body, items, errors = _read(page, posted)
    if body is None or errors:
        return form_page(page, form, declaration=None, errors=errors, status=422)
    enterprise_id = body.enterprise_id or next(iter(sorted(actor.enterprise_ids)), 0)
    written = service.create_draft(
        page.session,
        actor=actor,
        enterprise_id=enterprise_id,
        content=replace(body.to_content(), items=items),
        at=page.now(),
    )
    return page.redirect(f"/declarations/{written.id}/edit?msg=items_imported_ok#items")


@router.post("/declarations/{declaration_id}/import", dependencies=[page_for("declarations.file")])
def import_into_draft(declaration_id: IdInPath, page: PageDep, posted: PostedForm) -> Response:
    """The draft saved with the form's header and the sheet's goods items instead of its
    own; nothing is saved when a field or a cell is wrong."""
    actor = page.require_actor()
    declaration = service.get_declaration(page.session, actor=actor, declaration_id=declaration_id)
    form, body, items, errors = _read(page, posted)
    if body is None or errors:
        return form_page(page, form, declaration=declaration, errors=errors, status=422)
    service.update_draft(
        page.session,
        actor=actor,
        declaration_id=declaration_id,
        content=replace(body.to_content(), items=items),
        at=page.now(),
    )
    return page.redirect(f"/declarations/{declaration_id}/edit?msg=items_imported_ok#items")


@router.post("/declarations/{declaration_id}/copy", dependencies=[page_for("declarations.file")])
def copy(declaration_id: IdInPath, page: PageDep, _form: PostedForm) -> Response:
    """A new draft from a declaration the user may see: its header and goods items."""
    actor = page.require_actor()
    written = service.copy_declaration(
        page.session, actor=actor, declaration_id=declaration_id, at=page.now()
    )
    return page.redirect(f"/declarations/{written.id}/edit?msg=copied_ok")
