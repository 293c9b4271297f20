"""The officers' page of messages exchanged with partner customs, and sending one again."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response

from smartcustoms.deps import IdInPath
from smartcustoms.errors import DomainError
from smartcustoms.partners import service
from smartcustoms.partners.messages import texts
from smartcustoms.web.pages import Page, PageDep, PostedForm, page_for

router = APIRouter(include_in_schema=False)

DIRECTIONS = ("in", "out")


def _label(key: str, lang: str) -> str:
    both = texts(key)
    return both.vi if lang == "vi" else both.en


def _page(page: Page, direction: str | None, *, error: DomainError | None = None) -> Response:
    chosen = direction if direction in DIRECTIONS else None
    found = service.messages(page.session, actor=page.require_actor(), direction=chosen)
    keys = {f"{kind}.{value}" for m in found for kind, value in
            (("state", m.state), ("type", m.type), ("direction", m.direction))}  # fmt: skip
    keys |= {f"direction.{d}" for d in DIRECTIONS}
    return page.render(
        "partners/messages.html",
        status=error.status if error else 200,
        messages=found,
        direction=chosen,
        directions=DIRECTIONS,
        labels={key: _label(key, page.lang) for key in keys},
        facts={m.id: [_fact(f) for f in m.facts] for m in found},
        error=error.message(page.lang) if error else None,
    )


def _fact(fact: dict[str, Any]) -> dict[str, Any]:
    """A discrepancy with its figures as numbers, for the locale's way of writing them."""
    return {**fact, "declared": Decimal(fact["declared"]), "exported": Decimal(fact["exported"])}


@router.get("/partners/messages", dependencies=[page_for("partners.exchange")])
def messages_page(page: PageDep, direction: str | None = None) -> Response:
    return _page(page, direction)


@router.post(
    "/partners/messages/{message_id:int}/retry", dependencies=[page_for("partners.exchange")]
)
def retry(message_id: IdInPath, page: PageDep, posted: PostedForm) -> Response:
    del posted  # checked for its CSRF token
    try:
        service.retry(page.session, actor=page.require_actor(), message=message_id, at=page.now())
    except DomainError as refused:
        page.session.rollback()
        return _page(page, None, error=refused)
    return page.redirect("/partners/messages?msg=ptn_retried")
