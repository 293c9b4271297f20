"""Portal pages for payments: what I owe and paying it, my accounts, receipts; the
officer's office view (overdue debt, reconciliation, guarantees, deferment limits) and the
financial panel on a declaration's page. Same services as the API."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from markupsafe import Markup
from starlette.datastructures import FormData

from smartcustoms.deps import IdInPath
from smartcustoms.errors import DomainError, NotFound, PermissionDenied
from smartcustoms.identity.rules import Actor
from smartcustoms.kit.clock import customs_date
from smartcustoms.payments import service
from smartcustoms.payments.messages import name
from smartcustoms.payments.rules import AccountKind, Purpose, invalid
from smartcustoms.web.numbers import read_whole_number
from smartcustoms.web.pages import Page, PageDep, PostedForm

router = APIRouter(include_in_schema=False)


def _namer(page: Page) -> Callable[[str, str], str]:
    def named(prefix: str, code: str) -> str:
        en, vi = name(prefix, code)
        return vi if page.lang == "vi" else en

    return named


def _render(page: Page, template: str, status: int = 200, **context: Any) -> Response:
    """A payments page: `named(prefix, code)` names a kind, an account … in its language."""
    return page.render(template, status=status, named=_namer(page), **context)


def _enterprise(page: Page, actor: Actor, chosen: str | None) -> tuple[int, list[tuple[int, str]]]:
    """The enterprise a trade user works for: a trader's own, or the broker's choice."""
    choices = service.enterprises_for(page.session, actor)
    if not choices:
        raise PermissionDenied(message_en="No enterprise.", message_vi="Không có doanh nghiệp.")
    wanted = int(chosen) if chosen and chosen.isdigit() else choices[0][0]
    ids = [i for i, _ in choices]
    return (wanted if wanted in ids else ids[0]), choices


def _amount(form: FormData, field: str, lang: str) -> int:
    """A whole amount of dong typed in the user's language."""
    try:
        value = read_whole_number(str(form.get(field) or ""), lang)
    except (DomainError, ValueError):
        value = None
    if value is None or not 0 < value < 10**15:
        raise invalid(field, "amount_not_positive")
    return value


# ---------------------------------------------------------------------------- what I owe


@router.get("/payments")
def owe_page(page: PageDep, enterprise_id: str | None = None) -> Response:
    return _owe(page, enterprise_id, error=None)


def _owe(page: Page, chosen: str | None, *, error: DomainError | None) -> Response:
    actor = page.require_actor()
    enterprise_id, choices = _enterprise(page, actor, chosen)
    at = page.now()
    owed = service.what_is_owed(page.session, actor=actor, enterprise_id=enterprise_id, at=at)
    accounts = service.accounts(
        page.session, actor=actor, enterprise_id=enterprise_id, on=customs_date(at)
    )
    return _render(
        page,
        "payments/owe.html",
        status=422 if error else 200,
        enterprise_id=enterprise_id,
        choices=choices,
        owed=owed,
        accounts=accounts,
        banks=sorted(page.services.payments.banks),
        error=error.message(page.lang) if error else None,
    )


def _then(page: Page, enterprise_id: int, message: str) -> Response:
    return page.redirect(f"/payments?enterprise_id={enterprise_id}&msg={message}")


@router.post("/payments/declarations/{declaration_id:int}/online")
def pay_online(
    declaration_id: IdInPath, page: PageDep, posted: PostedForm, request: Request
) -> Response:
    actor = page.require_actor()
    try:
        started = service.start_payment(
            page.session,
            actor=actor,
            gateway=page.services.payments.bank(str(posted.get("bank") or "")),
            purpose=Purpose.OBLIGATIONS,
            declaration_id=declaration_id,
            return_url=str(request.url_for("payment_returned", reference="{reference}")),
            at=page.now(),
        )
    except DomainError as error:
        page.session.rollback()
        return _owe(page, str(posted.get("enterprise_id") or ""), error=error)
    # To the bank's own page, where the payer confirms; the bank sends them back after.
    return page.redirect(started.redirect_url)


@router.post("/payments/declarations/{declaration_id:int}/account")
def pay_from_account(declaration_id: IdInPath, page: PageDep, posted: PostedForm) -> Response:
    actor = page.require_actor()
    chosen = str(posted.get("enterprise_id") or "")
    try:
        kind = AccountKind(str(posted.get("account") or ""))
    except ValueError:
        kind = AccountKind.CASH
    try:
        dues = service.pay_from_account(
            page.session,
            actor=actor,
            declaration_id=declaration_id,
            kind=kind,
            at=page.now(),
            hooks=page.services.payments.after_taxes_met,
        )
    except DomainError as error:
        page.session.rollback()
        return _owe(page, chosen, error=error)
    return _then(page, dues.enterprise_id, "pay_paid_from_account")


@router.post("/payments/declarations/{declaration_id:int}/guarantee")
def cover_with_guarantee(declaration_id: IdInPath, page: PageDep, posted: PostedForm) -> Response:
    actor = page.require_actor()
    chosen = str(posted.get("enterprise_id") or "")
    raw = str(posted.get("guarantee_id") or "")
    try:
        dues = service.cover_with_guarantee(
            page.session,
            actor=actor,
            declaration_id=declaration_id,
            guarantee_id=int(raw) if raw.isdigit() and len(raw) < 10 else 0,
            at=page.now(),
            hooks=page.services.payments.after_taxes_met,
        )
    except DomainError as error:
        page.session.rollback()
        return _owe(page, chosen, error=error)
    return _then(page, dues.enterprise_id, "pay_guaranteed_done")


@router.get("/payments/orders/{reference}", name="payment_returned")
def payment_returned(reference: str, page: PageDep) -> Response:
    """Where the bank sends the payer back: the order's status as the platform knows it."""
    actor = page.require_actor()
    order = service.order_of(page.session, actor=actor, reference=reference[:40])
    return _render(page, "payments/order.html", order=order)


# ---------------------------------------------------------------------------- accounts


@router.get("/payments/accounts")
def accounts_page(page: PageDep, enterprise_id: str | None = None) -> Response:
    return _accounts(page, enterprise_id, error=None)


def _accounts(page: Page, chosen: str | None, *, error: DomainError | None) -> Response:
    actor = page.require_actor()
    enterprise_id, choices = _enterprise(page, actor, chosen)
    at = page.now()
    view = service.accounts(
        page.session, actor=actor, enterprise_id=enterprise_id, on=customs_date(at)
    )
    entries = service.account_entries(
        page.session,
        actor=actor,
        enterprise_id=enterprise_id,
        since=at - timedelta(days=31),
        until=at,
    )
    agents = service.organisation_names(page.session, [a.agent_id for a in view.authorities])
    return _render(
        page,
        "payments/accounts.html",
        status=422 if error else 200,
        enterprise_id=enterprise_id,
        choices=choices,
        view=view,
        entries=list(reversed(entries)),
        agents=agents,
        banks=sorted(page.services.payments.banks),
        error=error.message(page.lang) if error else None,
    )


def _accounts_then(page: Page, enterprise_id: int, message: str) -> Response:
    return page.redirect(f"/payments/accounts?enterprise_id={enterprise_id}&msg={message}")


def _posted_enterprise(page: Page, actor: Actor, posted: FormData) -> int:
    return _enterprise(page, actor, str(posted.get("enterprise_id") or ""))[0]


@router.post("/payments/accounts/top-up")
def top_up(page: PageDep, posted: PostedForm, request: Request) -> Response:
    actor = page.require_actor()
    enterprise_id = _posted_enterprise(page, actor, posted)
    purpose = Purpose.DEFERMENT if posted.get("purpose") == "deferment" else Purpose.CASH_TOPUP
    try:
        started = service.start_payment(
            page.session,
            actor=actor,
            gateway=page.services.payments.bank(str(posted.get("bank") or "")),
            purpose=purpose,
            enterprise_id=enterprise_id,
            amount_vnd=_amount(posted, "amount_vnd", page.lang),
            return_url=str(request.url_for("payment_returned", reference="{reference}")),
            at=page.now(),
        )
    except DomainError as error:
        page.session.rollback()
        return _accounts(page, str(enterprise_id), error=error)
    return page.redirect(started.redirect_url)


@router.post("/payments/accounts/warning")
def set_warning(page: PageDep, posted: PostedForm) -> Response:
    actor = page.require_actor()
    enterprise_id = _posted_enterprise(page, actor, posted)
    try:
        threshold = (
            _amount(posted, "threshold_vnd", page.lang) if posted.get("threshold_vnd") else None
        )
        kind = AccountKind(str(posted.get("account") or "cash"))
        service.set_low_balance_warning(
            page.session,
            actor=actor,
            enterprise_id=enterprise_id,
            kind=kind,
            threshold_vnd=threshold,
            at=page.now(),
        )
    except (DomainError, ValueError) as error:
        page.session.rollback()
        return _accounts(page, str(enterprise_id), error=_as_domain(error))
    return _accounts_then(page, enterprise_id, "pay_warning_saved")


@router.post("/payments/authorities")
def grant_authority(page: PageDep, posted: PostedForm) -> Response:
    actor = page.require_actor()
    enterprise_id = _posted_enterprise(page, actor, posted)
    try:
        agent_id = service.organisation_by_tax_code(page.session, str(posted.get("tax_code") or ""))
        service.grant_authority(
            page.session, actor=actor, enterprise_id=enterprise_id, agent_id=agent_id, at=page.now()
        )
    except DomainError as error:
        page.session.rollback()
        return _accounts(page, str(enterprise_id), error=error)
    return _accounts_then(page, enterprise_id, "pay_authority_granted")


@router.post("/payments/authorities/{agent_id:int}/revoke")
def revoke_authority(agent_id: IdInPath, page: PageDep, posted: PostedForm) -> Response:
    actor = page.require_actor()
    enterprise_id = _posted_enterprise(page, actor, posted)
    service.revoke_authority(
        page.session, actor=actor, enterprise_id=enterprise_id, agent_id=agent_id, at=page.now()
    )
    return _accounts_then(page, enterprise_id, "pay_authority_revoked")


def _as_domain(error: Exception) -> DomainError:
    return error if isinstance(error, DomainError) else invalid("account", "amount_not_positive")


# ---------------------------------------------------------------------------- the office


@router.get("/payments/office")
def office_page(page: PageDep) -> Response:
    return _office(page, error=None)


def _office(page: Page, *, error: DomainError | None) -> Response:
    actor = page.require_actor()
    at = page.now()
    overdue = service.overdue_debts(page.session, actor=actor, at=at)
    names = service.organisation_names(page.session, [d.enterprise_id for d in overdue])
    return _render(
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


def _office_then(page: Page, message: str) -> Response:
    return page.redirect(f"/payments/office?msg={message}")


@router.post("/payments/office/reconcile")
def reconcile(page: PageDep, posted: PostedForm) -> Response:
    actor = page.require_actor()
    try:
        on = date.fromisoformat(str(posted.get("on") or ""))
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


@router.post("/payments/office/exceptions/{exception_id:int}/resolve")
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


@router.post("/payments/office/guarantees")
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
            amount_vnd=_amount(posted, "amount_vnd", page.lang),
            valid_from=date.fromisoformat(str(posted.get("valid_from") or "")),
            valid_to=date.fromisoformat(str(posted.get("valid_to") or "")),
            declaration_id=None,
            at=page.now(),
        )
    except (DomainError, ValueError) as error:
        page.session.rollback()
        return _office(page, error=_as_domain(error))
    return _office_then(page, "pay_guarantee_recorded")


@router.post("/payments/office/deferment-limit")
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
            limit_vnd=_amount(posted, "limit_vnd", page.lang),
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
    return page.fragment("payments/panel.html", dues=dues, named=_namer(page))
