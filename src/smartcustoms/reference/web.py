"""Portal HS code search, and the pickers' suggestion fragments for code fields."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response

from smartcustoms.kit.text import strip_control_chars
from smartcustoms.reference import service
from smartcustoms.web.pages import PageDep, page_for

router = APIRouter(include_in_schema=False)


@router.get("/hs", dependencies=[page_for("tariff.search")])
def hs_search(page: PageDep, q: str = "") -> Response:
    page.require_actor()
    query = strip_control_chars(q).strip()[:100]
    result = service.search_hs(page.session, q=query, limit=50) if query else None
    return page.render("hs_search.html", q=query, result=result)


@router.get("/reference/suggest/{kind}", dependencies=[page_for("tariff.search")])
def suggest(kind: str, page: PageDep, q: str = "") -> Response:
    """The options of a picker (an HTMX fragment of `<li role="option">`) for what was typed."""
    page.require_actor()
    query = strip_control_chars(q).strip()[:100]
    found = service.suggest(page.session, kind=kind, q=query, lang=page.lang)
    return HTMLResponse(page.fragment("suggestions.html", found=found, q=query))
