"""Portal wiring: templates, static files, the language switch and the home page."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from fastapi import APIRouter, FastAPI
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles

from smartcustoms.audit import catalog as audit_catalog
from smartcustoms.audit import web as audit_web
from smartcustoms.border import catalog as border_catalog
from smartcustoms.border import web as border_web
from smartcustoms.declarations import catalog as declarations_catalog
from smartcustoms.declarations import release_web, reuse_web
from smartcustoms.declarations import web as declarations_web
from smartcustoms.documents import web as documents_web
from smartcustoms.i18n import LANGUAGES
from smartcustoms.identity import catalog as identity_catalog
from smartcustoms.identity import web as identity_web
from smartcustoms.identity.rules import Role
from smartcustoms.notifications import catalog as notifications_catalog
from smartcustoms.notifications import web as notifications_web
from smartcustoms.partners import catalog as partners_catalog
from smartcustoms.partners import web as partners_web
from smartcustoms.payments import catalog as payments_catalog
from smartcustoms.payments import web as payments_web
from smartcustoms.permits import catalog as permits_catalog
from smartcustoms.permits import web as permits_web
from smartcustoms.reference import web as reference_web
from smartcustoms.risk import catalog as risk_catalog
from smartcustoms.risk import web as risk_web
from smartcustoms.signatures import catalog as signatures_catalog
from smartcustoms.signatures import web as signatures_web
from smartcustoms.tariff import catalog as tariff_catalog
from smartcustoms.tariff import web as tariff_web
from smartcustoms.web import (
    admin,
    admin_catalog,
    admin_orgs,
    desk_catalog,
    dossier,
    exports,
    printing,
    timeline,
)
from smartcustoms.web.pages import PageDep, render_error_page, safe_next
from smartcustoms.web.templating import Renderer

STATIC = Path(__file__).parent / "static"
router = APIRouter(include_in_schema=False)


@router.get("/")
def home(page: PageDep) -> RedirectResponse:
    if page.actor is None:
        return page.redirect("/login")
    if page.actor.role == Role.AGENCY_OFFICER:
        return page.redirect("/permits/queue")
    if page.actor.role == Role.ADMIN:
        return page.redirect("/admin/users")
    return page.redirect("/worklist" if page.actor.is_customs else "/declarations")


@router.get("/lang/{code}")
def switch_language(code: str, page: PageDep, next: str | None = None) -> RedirectResponse:
    """Back to the page as it was (its filters and page number kept), in the language chosen:
    a `lang` in its query would outrank the choice, so it is dropped."""
    response = page.redirect(without_lang(safe_next(next)))
    if code in LANGUAGES:
        response.set_cookie("lang", code, max_age=365 * 24 * 3600, samesite="lax")
    return response


def without_lang(target: str) -> str:
    parts = urlsplit(target)
    kept = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "lang"]
    return urlunsplit(parts._replace(query=urlencode(kept)))


def install(app: FastAPI) -> None:
    """Mount the portal's pages and static files."""
    # Domains with their own UI words pass their catalogue here.
    app.state.renderer = Renderer(
        declarations_catalog.UI,
        tariff_catalog.UI,
        risk_catalog.UI,
        payments_catalog.UI,
        notifications_catalog.UI,
        permits_catalog.UI,
        partners_catalog.UI,
        desk_catalog.UI,
        identity_catalog.UI,
        signatures_catalog.UI,
        border_catalog.UI,
        admin_catalog.UI,
        audit_catalog.UI,
    )
    app.state.html_error = render_error_page
    # Sections other domains add to a declaration's page, in display order.
    app.state.detail_panels = [
        release_web.clearance_panel,
        timeline.timeline_panel,
        dossier.dossier_panel,
        tariff_web.taxes_panel,
        permits_web.permits_panel,
        payments_web.dues_panel,
        risk_web.channel_panel,
        signatures_web.signatures_panel,
    ]
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for pages in (
        router,
        exports.router,  # before /declarations/{declaration_id}: "export.csv" is no id
        identity_web.router,
        declarations_web.router,
        reuse_web.router,
        release_web.router,
        documents_web.router,
        reference_web.router,
        tariff_web.router,
        risk_web.router,
        payments_web.router,
        notifications_web.router,
        border_web.router,
        permits_web.router,
        partners_web.router,
        signatures_web.router,
        dossier.router,
        printing.router,
        admin.router,
        admin_orgs.router,
        audit_web.router,
    ):
        app.include_router(pages)
