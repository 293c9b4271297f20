"""The office's payments page: overdue debt, reconciliation and its exceptions, guarantees,
deferment limits; and the financial panel on a declaration's page."""

from __future__ import annotations

from datetime import date, timedelta

from fastapi import APIRouter
from fastapi.responses import Response
from markupsafe import Markup

from smartcustoms.deps import IdInPath
from smartcustoms.errors import DomainError, NotFound
from smartcustoms.kit.clock import customs_date
from smartcustoms.kit.dates import parse_day
from smartcustoms.payments import service
from smartcustoms.payments.web.common import amount_of, as_domain, namer, render
from smartcustoms.web.pages import Page, PageDep, PostedForm, page_for

router = APIRouter(include_in_schema=False)


# ---------------------------------------------------------------------------- the office


@router.get("/payments/office", dependencies=[page_for("payments.office")])
def office_page(page: PageDep) -> Response:
    return _office(page, error=None)


def _office(page: Page, *, error: DomainError | None) -> Response:
    actor = page.require_actor()
    at = page.now()
    overdue = service.overdue_debts(page.session, actor=actor, at=at)
    names = service.organisation_names(page.session, [d.enterprise_id for d in overdue])
    return render(
        page,
        "payments/office.html",
        status=422 if error else 200,
        overdue=overdue,
        names=names,
        exceptions=service.exceptions(page.session, actor=actor),
        banks=sorted(page.services.payments.banks),
        yesterday=(customs_date(at) - timedelta(days=1)).isoformat(),
        error=error.message(page.lang) if error else None,
    )


def typed_day(text: str) -> date:
    """A day typed day/month/year (or ISO); ValueError if it is none."""
    day = parse_day(text)
    if day is None:
        raise ValueError(text)
    return day


def _office_then(page: Page, message: str) -> Response:
    return page.redirect(f"/payments/office?msg={message}")


@router.post("/payments/office/reconcile", dependencies=[page_for("payments.office")])
def reconcile(page: PageDep, posted: PostedForm) -> Response:
    actor = page.require_actor()
    try:
        on = typed_day(str(posted.get("on") or ""))
    except ValueError:
        on = customs_date(page.now()) - timedelta(days=1)
    try:
        service.reconcile_statement(
            page.session,
            actor=actor,
            gateway=page.services.payments.bank(str(posted.get("bank") or "")),
            on=on,
            at=page.now(),
            hooks=page.services.payments.after_taxes_met,
        )
    except (DomainError, OSError) as error:
        page.session.rollback()
        return _office(page, error=error if isinstance(error, DomainError) else None)
    return _office_then(page, "pay_reconciled")


@router.post(
    "/payments/office/exceptions/{exception_id:int}/resolve",
    dependencies=[page_for("payments.office")],
)
def resolve(exception_id: IdInPath, page: PageDep, posted: PostedForm) -> Response:
    actor = page.require_actor()
    note = str(posted.get("note") or "").strip()[:500] or "-"
    try:
        service.resolve_exception(
            page.session, actor=actor, exception_id=exception_id, note=note, at=page.now()
        )
    except DomainError as error:
        page.session.rollback()
        return _office(page, error=error)
    return _office_then(page, "pay_exception_resolved")


@router.post("/payments/office/guarantees", dependencies=[page_for("payments.office")])
def record_guarantee(page: PageDep, posted: PostedForm) -> Response:
    actor = page.require_actor()
    try:
        enterprise_id = service.organisation_by_tax_code(
            page.session, str(posted.get("tax_code") or "")
        )
        service.record_guarantee(
            page.session,
            actor=actor,
            enterprise_id=enterprise_id,
            issuer=str(posted.get("issuer") or "")[:200],
            reference=str(posted.get("reference") or "")[:50],
            amount_vnd=amount_of(posted, "amount_vnd", page.lang),
            valid_from=typed_day(str(posted.get("valid_from") or "")),
            valid_to=typed_day(str(posted.get("valid_to") or "")),
            declaration_id=None,
            at=page.now(),
        )
    except (DomainError, ValueError) as error:
        page.session.rollback()
        return _office(page, error=as_domain(error))
    return _office_then(page, "pay_guarantee_recorded")


@router.post("/payments/office/deferment-limit", dependencies=[page_for("payments.office")])
def set_deferment_limit(page: PageDep, posted: PostedForm) -> Response:
    actor = page.require_actor()
    try:
        enterprise_id = service.organisation_by_tax_code(
            page.session, str(posted.get("tax_code") or "")
        )
        service.set_deferment_limit(
            page.session,
            actor=actor,
            enterprise_id=enterprise_id,
            limit_vnd=amount_of(posted, "limit_vnd", page.lang),
            at=page.now(),
        )
    except DomainError as error:
        page.session.rollback()
        return _office(page, error=error)
    return _office_then(page, "pay_limit_saved")


# ---------------------------------------------------------------------------- the panel


def dues_panel(page: Page, declaration_id: int) -> Markup | None:
    """The financial status section of a declaration's page (trader and officer)."""
    if page.actor is None:
        return None
    try:
        dues = service.declaration_dues(
            page.session, actor=page.actor, declaration_id=declaration_id, at=page.now()
        )
    except NotFound:
        return None  # not registered, or registered before payments existed
    return page.fragment("payments/panel.html", dues=dues, named=namer(page))
