"""What I owe and paying it, my accounts, standing authorities: the trade user's pages."""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.datastructures import FormData

from smartcustoms.deps import IdInPath
from smartcustoms.errors import DomainError
from smartcustoms.identity.rules import Actor
from smartcustoms.kit.clock import customs_date
from smartcustoms.payments import service
from smartcustoms.payments.rules import AccountKind, Purpose
from smartcustoms.payments.web.common import amount_of, as_domain, enterprise_of, render
from smartcustoms.payments.web.notices import BANNER_SIZE, shown
from smartcustoms.web.pages import Page, PageDep, PostedForm, page_for

router = APIRouter(include_in_schema=False)


# ---------------------------------------------------------------------------- what I owe


@router.get("/payments", dependencies=[page_for("payments.read")])
def owe_page(page: PageDep, enterprise_id: str | None = None) -> Response:
    return _owe(page, enterprise_id, error=None)


def _owe(page: Page, chosen: str | None, *, error: DomainError | None) -> Response:
    actor = page.require_actor()
    enterprise_id, choices = enterprise_of(page, actor, chosen)
    at = page.now()
    owed = service.what_is_owed(page.session, actor=actor, enterprise_id=enterprise_id, at=at)
    accounts = service.accounts(
        page.session, actor=actor, enterprise_id=enterprise_id, on=customs_date(at)
    )
    return render(
        page,
        "payments/owe.html",
        status=422 if error else 200,
        enterprise_id=enterprise_id,
        choices=choices,
        owed=owed,
        accounts=accounts,
        banks=sorted(page.services.payments.banks),
        error=error.message(page.lang) if error else None,
        notices=shown(page, enterprise_id, limit=BANNER_SIZE),
    )


def _then(page: Page, enterprise_id: int, message: str) -> Response:
    return page.redirect(f"/payments?enterprise_id={enterprise_id}&msg={message}")


@router.post(
    "/payments/declarations/{declaration_id:int}/online", dependencies=[page_for("payments.pay")]
)
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


@router.post(
    "/payments/declarations/{declaration_id:int}/account", dependencies=[page_for("payments.pay")]
)
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


@router.post(
    "/payments/declarations/{declaration_id:int}/guarantee", dependencies=[page_for("payments.pay")]
)
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


@router.get(
    "/payments/orders/{reference}",
    name="payment_returned",
    dependencies=[page_for("payments.read")],
)
def payment_returned(reference: str, page: PageDep) -> Response:
    """Where the bank sends the payer back: the order's status as the platform knows it."""
    actor = page.require_actor()
    order = service.order_of(page.session, actor=actor, reference=reference[:40])
    return render(page, "payments/order.html", order=order)


# ---------------------------------------------------------------------------- accounts


@router.get("/payments/accounts", dependencies=[page_for("payments.read")])
def accounts_page(page: PageDep, enterprise_id: str | None = None) -> Response:
    return _accounts(page, enterprise_id, error=None)


def _accounts(page: Page, chosen: str | None, *, error: DomainError | None) -> Response:
    actor = page.require_actor()
    enterprise_id, choices = enterprise_of(page, actor, chosen)
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
    return render(
        page,
        "payments/accounts.html",
        status=422 if error else 200,
        enterprise_id=enterprise_id,
        choices=choices,
        view=view,
        entries=list(reversed(entries)),
        agents=agents,
        notices=shown(page, enterprise_id, limit=BANNER_SIZE),
        banks=sorted(page.services.payments.banks),
        error=error.message(page.lang) if error else None,
    )


def _accounts_then(page: Page, enterprise_id: int, message: str) -> Response:
    return page.redirect(f"/payments/accounts?enterprise_id={enterprise_id}&msg={message}")


def _postedenterprise_of(page: Page, actor: Actor, posted: FormData) -> int:
    return enterprise_of(page, actor, str(posted.get("enterprise_id") or ""))[0]


@router.post("/payments/accounts/top-up", dependencies=[page_for("payments.pay")])
def top_up(page: PageDep, posted: PostedForm, request: Request) -> Response:
    actor = page.require_actor()
    enterprise_id = _postedenterprise_of(page, actor, posted)
    purpose = Purpose.DEFERMENT if posted.get("purpose") == "deferment" else Purpose.CASH_TOPUP
    try:
        started = service.start_payment(
            page.session,
            actor=actor,
            gateway=page.services.payments.bank(str(posted.get("bank") or "")),
            purpose=purpose,
            enterprise_id=enterprise_id,
            amount_vnd=amount_of(posted, "amount_vnd", page.lang),
            return_url=str(request.url_for("payment_returned", reference="{reference}")),
            at=page.now(),
        )
    except DomainError as error:
        page.session.rollback()
        return _accounts(page, str(enterprise_id), error=error)
    return page.redirect(started.redirect_url)


@router.post("/payments/accounts/warning", dependencies=[page_for("payments.accounts.manage")])
def set_warning(page: PageDep, posted: PostedForm) -> Response:
    actor = page.require_actor()
    enterprise_id = _postedenterprise_of(page, actor, posted)
    try:
        threshold = (
            amount_of(posted, "threshold_vnd", page.lang) if posted.get("threshold_vnd") else None
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
        return _accounts(page, str(enterprise_id), error=as_domain(error))
    return _accounts_then(page, enterprise_id, "pay_warning_saved")


@router.post("/payments/authorities", dependencies=[page_for("payments.accounts.manage")])
def grant_authority(page: PageDep, posted: PostedForm) -> Response:
    actor = page.require_actor()
    enterprise_id = _postedenterprise_of(page, actor, posted)
    try:
        agent_id = service.organisation_by_tax_code(page.session, str(posted.get("tax_code") or ""))
        service.grant_authority(
            page.session, actor=actor, enterprise_id=enterprise_id, agent_id=agent_id, at=page.now()
        )
    except DomainError as error:
        page.session.rollback()
        return _accounts(page, str(enterprise_id), error=error)
    return _accounts_then(page, enterprise_id, "pay_authority_granted")


@router.post(
    "/payments/authorities/{agent_id:int}/revoke",
    dependencies=[page_for("payments.accounts.manage")],
)
def revoke_authority(agent_id: IdInPath, page: PageDep, posted: PostedForm) -> Response:
    actor = page.require_actor()
    enterprise_id = _postedenterprise_of(page, actor, posted)
    service.revoke_authority(
        page.session, actor=actor, enterprise_id=enterprise_id, agent_id=agent_id, at=page.now()
    )
    return _accounts_then(page, enterprise_id, "pay_authority_revoked")
