"""Portal pages of the single window: traders apply and track (one clock per step, who holds
the file), agency officers work their queue and decide; the panel on a declaration's page
(what it waits for, from whom, since when). Same services as the API."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response
from markupsafe import Markup

from smartcustoms.deps import IdInPath
from smartcustoms.errors import (
    DomainError,
    FieldError,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from smartcustoms.permits import service
from smartcustoms.permits.messages import texts
from smartcustoms.permits.rules import Action
from smartcustoms.reference import service as reference
from smartcustoms.web.pages import Page, PageDep, PostedForm, page_for

router = APIRouter(include_in_schema=False)


def _namer(page: Page) -> Callable[[str, str], str]:
    def named(prefix: str, code: str) -> str:
        en, vi = texts(f"{prefix}.{code}")
        return vi if page.lang == "vi" else en

    return named


def _unit_namer(page: Page) -> Callable[[str], str]:
    """A unit's name in the page's language (kilogram, not KGM), read once a page."""
    names: dict[str, str] = {}

    def unit(code: str) -> str:
        if code not in names:
            found = reference.label_of(page.session, kind="unit", code=code, lang=page.lang)
            names[code] = found or code
        return names[code]

    return unit


def _render(page: Page, template: str, status: int = 200, **context: Any) -> Response:
    return page.render(
        template,
        status=status,
        named=_namer(page),
        unit=_unit_namer(page),
        at=page.now(),
        **context,
    )


def _message(page: Page, error: DomainError) -> str:
    found = error.message(page.lang)
    details = [e.described(page.lang) for e in getattr(error, "errors", [])]
    return " ".join([found, *details])


@router.get("/permits", dependencies=[page_for("permits.read")])
def my_applications(page: PageDep) -> Response:
    actor = page.require_actor()
    if actor.role in service.AGENCY_ROLES:
        return page.redirect("/permits/queue")
    views = service.my_applications(page.session, actor=actor)
    return _render(page, "permits/mine.html", applications=views)


def _new(page: Page, *, error: str | None = None, form: dict[str, str] | None = None) -> Response:
    actor = page.require_actor()
    if not actor.is_trade:
        raise PermissionDenied(message_en="Traders apply.", message_vi="Doanh nghiệp nộp hồ sơ.")
    return _render(
        page,
        "permits/new.html",
        status=422 if error else 200,
        procedures=service.procedures(page.session),
        documents=service.dossier_documents(page.session, actor=actor),
        enterprises=sorted(actor.enterprise_ids),
        error=error,
        form=form or {},
    )


@router.get("/permits/new", dependencies=[page_for("permits.apply")])
def new_application(page: PageDep) -> Response:
    return _new(page)


def _decimal(text: str) -> Decimal:
    try:
        value = Decimal(text.strip().replace(",", "."))
    except InvalidOperation:
        value = Decimal(0)
    if not value.is_finite() or not 0 < value < Decimal(10) ** 13:
        en, vi = texts("quantity_invalid")
        raise ValidationFailed(
            message_en=en,
            message_vi=vi,
            errors=[FieldError("quantity", "quantity_invalid", en, vi)],
        )
    return value


def _id(text: str) -> int | None:
    text = text.strip()
    return int(text) if text.isdigit() and len(text) < 10 else None


@router.post("/permits/new", dependencies=[page_for("permits.apply")])
def apply(page: PageDep, posted: PostedForm) -> Response:
    actor = page.require_actor()
    form = {k: str(v) for k, v in posted.items() if isinstance(v, str)}
    try:
        enterprise_id = _id(form.get("enterprise_id", "")) or min(actor.enterprise_ids, default=0)
        application = service.apply(
            page.session,
            actor=actor,
            enterprise_id=enterprise_id,
            procedure=form.get("procedure", "")[:40],
            hs_code=form.get("hs_code", "").strip()[:8],
            goods=form.get("goods", "").strip()[:500],
            origin_country=form.get("origin_country", "").strip().upper()[:2],
            quantity=_decimal(form.get("quantity", "")),
            unit=form.get("unit", "").strip().upper()[:10],
            document_ids=tuple(
                i for v in posted.getlist("document_ids") if (i := _id(str(v))) is not None
            ),
            declaration_id=_id(form.get("declaration_id", "")),
            certificate_country=(form.get("certificate_country", "").strip().upper()[:2] or None),
            seed=page.services.signing_secret,
            at=page.now(),
        )
    except DomainError as error:
        page.session.rollback()
        return _new(page, error=_message(page, error), form=form)
    return page.redirect(f"/permits/{application.id}?msg=nsw_applied")


@router.get("/permits/queue", dependencies=[page_for("permits.decide")])
def queue(page: PageDep) -> Response:
    actor = page.require_actor()
    views = service.agency_queue(page.session, actor=actor)
    agency = service.agency_of(page.session, actor)
    names = service.enterprise_names(page.session, [v.enterprise_id for v in views])
    return _render(page, "permits/queue.html", applications=views, agency=agency, names=names)


def _detail(page: Page, application_id: int, *, error: str | None = None) -> Response:
    actor = page.require_actor()
    view = service.get_application(page.session, actor=actor, application_id=application_id)
    deciding = actor.role in service.AGENCY_ROLES
    names = service.enterprise_names(page.session, [view.enterprise_id])
    return _render(
        page,
        "permits/detail.html",
        status=422 if error else 200,
        a=view,
        deciding=deciding,
        trading=actor.is_trade,
        enterprise=names.get(view.enterprise_id, ""),
        error=error,
    )


@router.get("/permits/{application_id:int}", dependencies=[page_for("permits.read")])
def application_page(application_id: IdInPath, page: PageDep) -> Response:
    return _detail(page, application_id)


@router.post("/permits/{application_id:int}/act", dependencies=[page_for("permits.decide")])
def act(application_id: IdInPath, page: PageDep, posted: PostedForm) -> Response:
    actor = page.require_actor()
    raw = str(posted.get("action") or "")
    lab = str(posted.get("lab_passed") or "")
    try:
        if raw not in {a.value for a in Action}:
            raise NotFound(message_en="Unknown action.", message_vi="Thao tác không hợp lệ.")
        service.act(
            page.session,
            actor=actor,
            application_id=application_id,
            action=Action(raw),
            note=str(posted.get("note") or "")[:1000],
            lab_passed={"yes": True, "no": False}.get(lab),
            conditions=str(posted.get("conditions") or "")[:1000],
            clearance=page.services.clearance,
            at=page.now(),
        )
    except DomainError as error:
        page.session.rollback()
        return _detail(page, application_id, error=_message(page, error))
    return page.redirect(f"/permits/{application_id}?msg=nsw_acted")


def permits_panel(page: Page, declaration_id: int) -> Markup | None:
    """What the declaration waits for from the agencies, since when; its licences."""
    if page.actor is None:
        return None
    try:
        found = service.declaration_permits(
            page.session, actor=page.actor, declaration_id=declaration_id
        )
    except DomainError:
        return None
    if found.empty:
        return None
    return page.fragment(
        "permits/panel.html",
        found=found,
        named=_namer(page),
        unit=_unit_namer(page),
        at=page.now(),
    )
