"""Portal pages for payments: what I owe, paying, my accounts, receipts; the officer's
financial view of a declaration and the reconciliation exceptions. Same services as the API."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response
from markupsafe import Markup

from smartcustoms.errors import NotFound
from smartcustoms.payments import service
from smartcustoms.payments.messages import name
from smartcustoms.web.pages import Page, PageDep

router = APIRouter(include_in_schema=False)


@router.get("/payments/orders/{reference}", name="payment_returned")
def payment_returned(reference: str, page: PageDep) -> Response:
    """Where the bank sends the payer back: the order's status as the platform knows it."""
    actor = page.require_actor()
    order = service.order_of(page.session, actor=actor, reference=reference[:40])
    return _render(page, "payments/order.html", order=order)


def _render(page: Page, template: str, **context: Any) -> Response:
    """A payments page: `named(prefix, code)` gives a kind's, account's … name in the page's
    language, from the domain's catalogue."""

    return page.render(template, named=_namer(page), **context)


def _namer(page: Page) -> Callable[[str, str], str]:
    def named(prefix: str, code: str) -> str:
        en, vi = name(prefix, code)
        return vi if page.lang == "vi" else en

    return named


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
