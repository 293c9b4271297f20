"""The operators' page of undelivered notifications (the dead-letter list) and its replay."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from smartcustoms.deps import IdInPath
from smartcustoms.errors import DomainError
from smartcustoms.notifications import service
from smartcustoms.web.pages import Page, PageDep, PostedForm, page_for

router = APIRouter(include_in_schema=False)

PAGE_SIZE = 50


def _page(page: Page, *, error: DomainError | None = None) -> Response:
    letters, total = service.dead_letters(page.session, actor=page.require_actor(), limit=PAGE_SIZE)
    titles = {n.notification.code: _title(n.notification.code, page.lang) for n in letters}
    return page.render(
        "notifications/dead_letters.html",
        status=error.status if error else 200,
        letters=letters,
        total=total,
        titles=titles,
        error=error.message(page.lang) if error else None,
    )


def _title(code: str, lang: str) -> str:
    both = service.texts(f"title.{code}")
    return both.vi if lang == "vi" else both.en


@router.get("/notifications/dead-letters", dependencies=[page_for("notifications.operate")])
def dead_letters_page(page: PageDep) -> Response:
    return _page(page)


@router.post(
    "/notifications/dead-letters/{delivery_id:int}/replay",
    dependencies=[page_for("notifications.operate")],
)
def replay(delivery_id: IdInPath, page: PageDep, posted: PostedForm) -> Response:
    del posted  # checked for its CSRF token
    try:
        service.replay_dead_letter(
            page.session, actor=page.require_actor(), delivery_id=delivery_id, at=page.now()
        )
    except DomainError as refused:
        page.session.rollback()
        return _page(page, error=refused)
    return page.redirect("/notifications/dead-letters?msg=ntf_replayed")
