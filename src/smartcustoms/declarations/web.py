"""Portal pages for declarations: list, create and edit with item rows, dossier, submit,
amend, cancel, and the officer's office worklist. Same services as the API."""

from __future__ import annotations

from typing import Annotated, Any, Protocol

from fastapi import APIRouter, Query
from fastapi.responses import Response

from smartcustoms.declarations import service
from smartcustoms.declarations.forms import DeclarationForm
from smartcustoms.declarations.lifecycle import Action, Status
from smartcustoms.declarations.messages import error, field_error, labelled
from smartcustoms.declarations.models import Declaration
from smartcustoms.deps import IdInPath
from smartcustoms.documents import service as documents
from smartcustoms.documents.ports import read_upload_form
from smartcustoms.documents.rules import DocumentType
from smartcustoms.errors import FieldError, PermissionDenied, ValidationFailed
from smartcustoms.identity import service as identity
from smartcustoms.kit.pagination import PageRequest
from smartcustoms.reference import service as reference
from smartcustoms.tariff import service as tariff
from smartcustoms.web.pages import Page, PageDep, PostedForm, page_for

router = APIRouter(include_in_schema=False)

# The code fields with a picker, and the list each one picks from ("hs": the tariff's lines).
HEADER_PICKERS = {
    "foreign_party_country": "country",
    "country_of_export": "country",
    "country_of_origin": "country",
    "country_of_destination": "country",
    "transport_mode": "transport_mode",
    "port_of_loading": "location",
    "port_of_discharge": "location",
    "invoice_currency": "currency",
    "incoterms": "incoterm",
}
ITEM_PICKERS = {"hs_code": "hs", "origin_country": "country", "unit": "unit"}


def _choices(page: Page) -> dict[str, Any]:
    actor = page.require_actor()
    return {
        "types": reference.list_declaration_types(page.session),
        "offices": reference.list_customs_offices(page.session),
        "enterprises": identity.enterprises_of(page.session, actor),
        "header_pickers": HEADER_PICKERS,
        "item_pickers": ITEM_PICKERS,
    }


def _picked(page: Page, form: DeclarationForm) -> dict[str, dict[str, str]]:
    """The name of each code already in a picker field, by list, shown beside the field."""
    codes: dict[str, set[str]] = {}
    for name, kind in HEADER_PICKERS.items():
        codes.setdefault(kind, set()).add(form.header.get(name, "").upper())
    for row in form.rows:
        for name, kind in ITEM_PICKERS.items():
            codes.setdefault(kind, set()).add(row.get(name, "").upper())
    picked = {
        kind: reference.labels_of(page.session, kind=kind, codes=sorted(found), lang=page.lang)
        for kind, found in codes.items()
        if kind in reference.PICKERS and any(found)
    }
    # HS codes are the tariff's national lines, not a reference list.
    picked["hs"] = tariff.line_names(page.session, codes=codes.get("hs", set()), lang=page.lang)
    return picked


def form_page(
    page: Page,
    form: DeclarationForm,
    *,
    declaration: Declaration | None,
    errors: list[FieldError],
    status: int = 200,
) -> Response:
    return page.render(
        "declarations/form.html",
        status=status,
        form=form,
        rows=form.rows_for_display(),
        declaration=declaration,
        errors=errors,
        warnings=service.warnings_of(page.session, declaration) if declaration else [],
        picked=_picked(page, form),
        **_choices(page),
    )


@router.get("/declarations", dependencies=[page_for("declarations.read")])
def list_page(
    page: PageDep,
    status: Annotated[str | None, Query(max_length=12, pattern=r"^[a-z]*$")] = None,
    page_no: Annotated[int, Query(alias="page", ge=1, le=100_000)] = 1,
) -> Response:
    actor = page.require_actor()
    flt = service.DeclarationFilter(statuses=[status] if status else None)
    result = service.list_declarations(
        page.session, actor=actor, flt=flt, request=PageRequest(page_no, 20)
    )
    return page.render(
        "declarations/list.html",
        result=result,
        enterprises=identity.organisations_by_id(
            page.session, (d.enterprise_id for d in result.items)
        ),
        status_filter=status or "",
        statuses=[s.value for s in Status],
    )


@router.get("/declarations/new", dependencies=[page_for("declarations.file")])
def new_page(page: PageDep) -> Response:
    return form_page(page, DeclarationForm(), declaration=None, errors=[])


@router.post("/declarations/new", dependencies=[page_for("declarations.file")])
def create(page: PageDep, posted: PostedForm) -> Response:
    actor = page.require_actor()
    form = DeclarationForm.from_form(posted)
    body, errors = form.parse(lang=page.lang)
    if body is not None and body.enterprise_id is None and len(actor.enterprise_ids) > 1:
        # A broker acting for several enterprises says which one, by name: never the first.
        body, errors = None, labelled([field_error("enterprise_id", "enterprise_not_chosen")])
    if body is None:
        return form_page(page, form, declaration=None, errors=errors, status=422)
    enterprise_id = body.enterprise_id or next(iter(sorted(actor.enterprise_ids)), 0)
    declaration = service.create_draft(
        page.session,
        actor=actor,
        enterprise_id=enterprise_id,
        content=body.to_content(),
        at=page.now(),
    )
    return _after_save(page, declaration.id, posted.get("action"))


def _after_save(page: Page, declaration_id: int, action: object) -> Response:
    if action == "add_row":
        return page.redirect(f"/declarations/{declaration_id}/edit?rows=1#items")
    return page.redirect(f"/declarations/{declaration_id}?msg=saved_ok")


@router.get("/declarations/{declaration_id}", dependencies=[page_for("declarations.read")])
def detail_page(declaration_id: IdInPath, page: PageDep) -> Response:
    return _detail(page, declaration_id, errors=[])


def _detail(
    page: Page, declaration_id: IdInPath, *, errors: list[FieldError], status: int = 200
) -> Response:
    actor = page.require_actor()
    declaration = service.get_declaration(page.session, actor=actor, declaration_id=declaration_id)
    attached_ids = service.attached_document_ids(page.session, declaration_id=declaration.id)
    attached = [
        documents.dossier_document(page.session, document_id=i, dossier=attached_ids)
        for i in attached_ids
    ]
    on_file = [
        d
        for d in documents.documents_on_file(page.session, actor=actor)
        if d.enterprise_id == declaration.enterprise_id and d.id not in attached_ids
    ]
    found = service.history(page.session, actor=actor, declaration_id=declaration.id)
    # Only what the lifecycle allows is offered: no submit for a withdrawn amendment.
    actions = service.offered_actions(actor, declaration, versions=found.versions)
    enterprise = identity.get_organisation(page.session, declaration.enterprise_id)
    return page.render(
        "declarations/detail.html",
        status=status,
        d=declaration,
        enterprise=enterprise,
        **_confirmation(page, declaration, enterprise),
        errors=errors,
        attached=attached,
        on_file=on_file,
        history=found,
        panels=page.panels(declaration.id),
        actions={str(a) for a in actions},
        open_amendment=service.open_amendment(declaration, found.versions),
        doc_types=[t.value for t in DocumentType],
        warnings=service.warnings_of(page.session, declaration),
        names=_names(page, declaration),
    )


def _names(page: Page, declaration: Declaration) -> dict[str, dict[str, str]]:
    """The names of the codes the declaration's page shows (its type, countries, ports and
    units), by list: a code without a name is shown as it is."""
    d = declaration
    codes = {
        "country": {d.foreign_party_country, *(i.origin_country for i in d.items)},
        "location": {d.port_of_loading, d.port_of_discharge},
        "unit": {i.unit for i in d.items},
    }
    names = {
        kind: reference.labels_of(
            page.session, kind=kind, codes=[c for c in found if c], lang=page.lang
        )
        for kind, found in codes.items()
    }
    types = reference.list_declaration_types(page.session)
    names["type"] = {t.code: t.name_vi if page.lang == "vi" else t.name_en for t in types}
    return names


class _Enterprise(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def tax_code(self) -> str | None: ...


def _confirmation(page: Page, declaration: Declaration, enterprise: _Enterprise) -> dict[str, Any]:
    """A saved or registered declaration's message names the enterprise it is for."""
    shown = page.request.query_params.get("msg")
    if shown not in ("saved_ok", "registered_ok"):
        return {}
    for_whom = f"{enterprise.name} ({enterprise.tax_code or ''})"
    return {
        "flash": f"{shown}_for",
        "flash_args": {"number": declaration.number or "", "enterprise": for_whom},
    }


@router.get("/declarations/{declaration_id}/edit", dependencies=[page_for("declarations.file")])
def edit_page(declaration_id: IdInPath, page: PageDep, rows: int = 0, check: int = 0) -> Response:
    """The draft's form; with `check=1` (the link from a refused submission), every reason it
    cannot be submitted is shown beside its field."""
    actor = page.require_actor()
    declaration = service.get_declaration(page.session, actor=actor, declaration_id=declaration_id)
    service.check_action(declaration, Action.EDIT)  # no form for what cannot be saved
    form = DeclarationForm.from_declaration(declaration, lang=page.lang)
    errors = (
        service.submission_errors(
            page.session,
            service.content_of(declaration),
            page.services.registration,
            page.now(),
        )
        if check
        else []
    )
    return page.render(
        "declarations/form.html",
        form=form,
        rows=form.rows_for_display(1 + min(max(rows, 0), 10)),
        declaration=declaration,
        errors=errors,
        submit_check=bool(check),
        warnings=service.warnings_of(page.session, declaration),
        picked=_picked(page, form),
        **_choices(page),
    )


@router.post("/declarations/{declaration_id}/edit", dependencies=[page_for("declarations.file")])
def update(declaration_id: IdInPath, page: PageDep, posted: PostedForm) -> Response:
    actor = page.require_actor()
    form = DeclarationForm.from_form(posted)
    declaration = service.get_declaration(page.session, actor=actor, declaration_id=declaration_id)
    body, errors = form.parse(lang=page.lang)
    if body is None:
        return form_page(page, form, declaration=declaration, errors=errors, status=422)
    service.update_draft(
        page.session,
        actor=actor,
        declaration_id=declaration_id,
        content=body.to_content(),
        at=page.now(),
    )
    return _after_save(page, declaration.id, posted.get("action"))


@router.post("/declarations/{declaration_id}/submit", dependencies=[page_for("declarations.file")])
def submit(declaration_id: IdInPath, page: PageDep, _form: PostedForm) -> Response:
    actor = page.require_actor()
    try:
        result = service.submit(
            page.session,
            actor=actor,
            declaration_id=declaration_id,
            setup=page.services.registration,
            at=page.now(),
        )
    except ValidationFailed as failed:
        page.session.rollback()
        return _detail(page, declaration_id, errors=failed.errors, status=422)
    registered = result
    if registered.status != Status.REJECTED:  # registered, and maybe cleared at once
        return page.redirect(
            f"/declarations/{declaration_id}?msg=registered_ok&number={registered.number}"
        )
    return page.redirect(f"/declarations/{declaration_id}")


@router.post("/declarations/{declaration_id}/amend", dependencies=[page_for("declarations.file")])
def amend(declaration_id: IdInPath, page: PageDep, _form: PostedForm) -> Response:
    actor = page.require_actor()
    draft = service.amend(page.session, actor=actor, declaration_id=declaration_id, at=page.now())
    return page.redirect(f"/declarations/{draft.id}/edit")


def confirm_cancel_page(page: Page, declaration: Declaration, *, reason: str = "") -> Response:
    """The step before a cancellation: what is cancelled, what follows, and the reason."""
    actor = page.require_actor()
    service.check_action(declaration, Action.CANCEL)
    found = service.history(page.session, actor=actor, declaration_id=declaration.id)
    if Action.CANCEL not in service.offered_actions(actor, declaration, versions=found.versions):
        raise error(PermissionDenied, "not_declarant")
    return page.render(
        "declarations/cancel_confirm.html",
        d=declaration,
        reason=reason,
        open_amendment=service.open_amendment(declaration, found.versions),
    )


@router.get("/declarations/{declaration_id}/cancel", dependencies=[page_for("declarations.file")])
def confirm_cancel(declaration_id: IdInPath, page: PageDep) -> Response:
    actor = page.require_actor()
    declaration = service.get_declaration(page.session, actor=actor, declaration_id=declaration_id)
    return confirm_cancel_page(page, declaration)


@router.post("/declarations/{declaration_id}/cancel", dependencies=[page_for("declarations.file")])
def cancel(declaration_id: IdInPath, page: PageDep, form: PostedForm) -> Response:
    """Cancelled once confirmed on the confirmation step (reuse_web); a post without the
    confirmation answers with that step."""
    actor = page.require_actor()
    if form.get("confirmed") != "yes":
        declaration = service.get_declaration(
            page.session, actor=actor, declaration_id=declaration_id
        )
        return confirm_cancel_page(page, declaration, reason=str(form.get("reason", ""))[:1000])
    service.cancel(
        page.session,
        actor=actor,
        declaration_id=declaration_id,
        reason=str(form.get("reason", "")),
        setup=page.services.registration,
        at=page.now(),
    )
    return page.redirect(f"/declarations/{declaration_id}?msg=cancelled_ok")


@router.post(
    "/declarations/{declaration_id}/documents", dependencies=[page_for("declarations.file")]
)
def attach(declaration_id: IdInPath, page: PageDep, form: PostedForm) -> Response:
    """Upload a new e-document (or find it already on file) and attach it to the dossier."""
    actor = page.require_actor()
    declaration = service.get_declaration(page.session, actor=actor, declaration_id=declaration_id)
    chosen = str(form.get("document_id", "")).strip()
    message = "uploaded_ok"
    if chosen.isdigit():
        document_id = int(chosen)
    else:
        posted = read_upload_form(form, limit=page.services.settings.max_upload_bytes)
        stored = documents.upload_document(
            page.session,
            page.services.storage,
            actor=actor,
            enterprise_id=declaration.enterprise_id,
            filename=posted.filename,
            data=posted.data,
            doc_type=posted.doc_type,
            reference=posted.reference,
            issued_on=None,
            size_limit=page.services.settings.max_upload_bytes,
            at=page.now(),
        )
        document_id = stored.document.id
        message = "reused_ok" if stored.reused else "uploaded_ok"
    service.attach_documents(
        page.session,
        actor=actor,
        declaration_id=declaration_id,
        document_ids=(document_id,),
        at=page.now(),
    )
    return page.redirect(f"/declarations/{declaration_id}?msg={message}#dossier")


@router.get("/worklist", dependencies=[page_for("declarations.worklist")])
def worklist_page(
    page: PageDep, page_no: Annotated[int, Query(alias="page", ge=1, le=100_000)] = 1
) -> Response:
    actor = page.require_actor()
    result = service.worklist(page.session, actor=actor, request=PageRequest(page_no, 20))
    enterprises = identity.organisations_by_id(
        page.session, (d.enterprise_id for d in result.items)
    )
    return page.render("declarations/worklist.html", result=result, enterprises=enterprises)
