"""What every portal page needs: language, signed-in actor, CSRF-checked forms, rendering."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, Protocol
from urllib.parse import quote, urlsplit

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from smartcustoms.deps import (
    ACTION_ATTRIBUTE,
    Services,
    ServicesDep,
    SessionDep,
    roll_back_at_end,
)
from smartcustoms.errors import DomainError, NotAuthenticated, PermissionDenied
from smartcustoms.i18n import pick_language
from smartcustoms.identity import policy
from smartcustoms.identity import service as identity
from smartcustoms.identity.rules import Actor
from smartcustoms.reference import service as reference
from smartcustoms.web.session import CSRF_FIELD, CookieSigner, PortalSession
from smartcustoms.web.templating import Renderer

FLASH_PARAMETERS = ("number",)


class CsrfFailed(PermissionDenied):
    code = "csrf_failed"


def signer_for(services: Services) -> CookieSigner:
    settings = services.settings
    return CookieSigner(
        secret=services.signing_secret,
        max_age_seconds=settings.session_ttl_minutes * 60,
        secure=settings.cookie_secure,
    )


def portal_language(request: Request, default: str) -> str:
    return pick_language(
        request.query_params.get("lang"),
        request.cookies.get("lang"),
        request.headers.get("accept-language"),
        default=default,
    )


class DetailPanel(Protocol):
    """A section another domain adds to a declaration's page (taxes, risk channel …)."""

    def __call__(self, page: Page, declaration_id: int) -> Markup | None: ...


@dataclass
class Page:
    request: Request
    session: Session
    services: Services
    lang: str
    signer: CookieSigner
    actor: Actor | None
    # The signed-in session the cookie names (checked: `actor` is None if it is not in force).
    portal_session: PortalSession | None = None
    _office_names: dict[str, str] | None = None
    _type_names: dict[str, str] | None = None

    def now(self) -> datetime:
        """The request's time, from the app's clock."""
        return self.services.clock.now()

    def office_name(self, code: str | None) -> str:
        """A customs office as people call it, in the page's language (its code if unknown):
        pages never show "03CC" alone."""
        if not code:
            return ""
        if self._office_names is None:
            self._office_names = {
                o.code: o.name_vi if self.lang == "vi" else o.name_en
                for o in reference.list_customs_offices(self.session)
            }
        return self._office_names.get(code, code)

    def type_name(self, code: str | None) -> str:
        """A declaration type by its name in the page's language (its code if unknown):
        lists never show "A11" alone."""
        if not code:
            return ""
        if self._type_names is None:
            self._type_names = {
                t.code: t.name_vi if self.lang == "vi" else t.name_en
                for t in reference.list_declaration_types(self.session)
            }
        return self._type_names.get(code, code)

    @property
    def renderer(self) -> Renderer:
        renderer: Renderer = self.request.app.state.renderer
        return renderer

    def render(
        self, template: str, status: int = 200, *, saves: bool = False, **context: Any
    ) -> HTMLResponse:
        """The page; one answering with an error status (a refused form) saves nothing,
        unless it `saves` what the request recorded (a failed sign-in)."""
        if status >= 400 and not saves:
            roll_back_at_end(self.session)
        context.setdefault("actor", self.actor)
        context.setdefault("office_name", self.office_name)
        context.setdefault("type_name", self.type_name)
        context.setdefault("csrf_token", self.signer.csrf_token(self.request))
        context.setdefault("flash", self.request.query_params.get("msg"))
        # Only known parameters reach the message, and Jinja escapes them.
        context.setdefault(
            "flash_args", {k: self.request.query_params.get(k, "")[:40] for k in FLASH_PARAMETERS}
        )
        response = self.renderer.render(
            self.request, template, context, lang=self.lang, status=status
        )
        self.signer.set_csrf_cookie(self.request, response)
        return response

    def fragment(self, template: str, **context: Any) -> Markup:
        """Render a partial template (no layout) for inclusion in another page."""
        context.setdefault("actor", self.actor)
        context.setdefault("office_name", self.office_name)
        context.setdefault("type_name", self.type_name)
        context.setdefault("csrf_token", self.signer.csrf_token(self.request))
        html = self.renderer.fragment(self.request, template, context, lang=self.lang)
        # Safe: produced by our autoescaping Jinja environment.
        return Markup(html)

    def panels(self, declaration_id: int) -> list[Markup]:
        installed: list[DetailPanel] = getattr(self.request.app.state, "detail_panels", [])
        return [html for panel in installed if (html := panel(self, declaration_id))]

    def redirect(self, url: str) -> RedirectResponse:
        return RedirectResponse(url, status_code=303)

    def require_actor(self) -> Actor:
        if self.actor is None:
            raise NotAuthenticated(message_en="Please sign in.", message_vi="Vui lòng đăng nhập.")
        return self.actor


async def posted_form(request: Request, services: ServicesDep) -> FormData:
    """The posted form, refused unless it carries this browser's CSRF token.

    Read here, on the event loop (reading a request body is I/O), so that page handlers can
    be plain functions: FastAPI runs those in a worker thread, where their database work,
    password hashing and rendering do not hold up every other request.
    """
    form = await request.form()
    token = form.get(CSRF_FIELD)
    if not signer_for(services).csrf_ok(request, token if isinstance(token, str) else None):
        raise CsrfFailed(
            message_en="The form expired or did not come from this site; reload and retry.",
            message_vi="Biểu mẫu đã hết hạn hoặc không đến từ trang này; hãy tải lại.",
        )
    return form


PostedForm = Annotated[FormData, Depends(posted_form)]


def get_page(request: Request, session: SessionDep, services: ServicesDep) -> Page:
    signer = signer_for(services)
    actor = None
    signed_in = signer.signed_in(request)
    if signed_in is not None:
        try:
            # Read on every page: a disabled user, one whose sessions were ended, or a
            # session signed out is signed out from the next page on.
            actor = identity.session_actor(
                session,
                user_id=signed_in.user_id,
                generation=signed_in.generation,
                session_id=signed_in.session_id,
                at=services.clock.now(),
            )
        except NotAuthenticated:
            actor = None
    lang = portal_language(request, services.settings.default_language)
    return Page(request, session, services, lang, signer, actor, signed_in)


PageDep = Annotated[Page, Depends(get_page)]


def page_for(key: str) -> Any:
    """A portal page's action from the policy table, in its decorator
    (`dependencies=[page_for("payments.pay")]`): someone not signed in is sent to sign in, a
    role the table does not give the action to sees the refusal page (403)."""
    policy.action(key)

    async def gate(page: PageDep) -> None:
        actor = page.require_actor()
        if not policy.allowed(actor, key).allowed:
            raise policy.refusal(key)

    setattr(gate, ACTION_ATTRIBUTE, key)
    gate.__name__ = f"page_for_{key.replace('.', '_')}"
    return Depends(gate)


def render_error_page(request: Request, error: DomainError) -> Response:
    """Portal rendering of an error that escaped a page: sign-in redirect or an error page."""
    services: Services = request.app.state.services
    lang = portal_language(request, services.settings.default_language)
    if isinstance(error, NotAuthenticated):
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target)}", status_code=303)
    renderer: Renderer = request.app.state.renderer
    return renderer.render(
        request,
        "error.html",
        {
            "error": error,
            "message": error.message(lang),
            "actor": None,
            "csrf_token": "",
            "flash": None,
            "flash_args": {},
        },
        lang=lang,
        status=error.status,
    )


def safe_next(target: str | None, default: str = "/") -> str:
    """Only same-site paths, so a crafted link cannot bounce users to another site."""
    if not target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    return target
