"""The enterprise's notifications: the list page, and the banner on the payments pages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from fastapi import APIRouter
from fastapi.responses import Response

from smartcustoms.payments import service
from smartcustoms.payments.web.common import enterprise_of, render
from smartcustoms.web.pages import Page, PageDep, page_for

router = APIRouter(include_in_schema=False)

BANNER_SIZE = 3  # the newest notifications the payments pages show above their content


@dataclass(frozen=True)
class Shown:
    """A notification in the page's language."""

    kind: str
    title: str
    text: str
    at: datetime
    declaration_id: int | None


def shown(page: Page, enterprise_id: int, *, limit: int | None = None) -> list[Shown]:
    found = service.notifications_of(
        page.session, actor=page.require_actor(), enterprise_id=enterprise_id
    )
    vi = page.lang == "vi"
    return [
        Shown(
            n.kind.value,
            n.title.vi if vi else n.title.en,
            n.text.vi if vi else n.text.en,
            n.created_at,
            n.declaration_id,
        )
        for n in found[:limit]
    ]


@router.get("/payments/notifications", dependencies=[page_for("payments.read")])
def notifications_page(page: PageDep, enterprise_id: str | None = None) -> Response:
    actor = page.require_actor()
    chosen, choices = enterprise_of(page, actor, enterprise_id)
    return render(
        page,
        "payments/notifications.html",
        enterprise_id=chosen,
        choices=choices,
        notices=shown(page, chosen),
    )
