"""Portal sign-in with the national e-identity (VNeID) over OpenID Connect, and the second
step of a sign-in whose account has two-factor sign-in on."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response
from markupsafe import Markup

from smartcustoms.deps import client_address, keep_audit_record, sign_in_limits
from smartcustoms.errors import Conflict, NotAuthenticated, TooManyAttempts
from smartcustoms.identity import service
from smartcustoms.identity.models import User
from smartcustoms.web.pages import Page, PageDep, PostedForm, safe_next

router = APIRouter(include_in_schema=False)

FLOW_COOKIE = "sc_oidc"
FLOW_PATH = "/login/oidc"


def complete_sign_in(page: Page, user: User, target: str) -> Response:
    """Sign the browser in, or first ask for the second factor when the account has it on
    (the password or e-identity step is then carried, signed, in the form)."""
    required = page.services.settings.second_factor_required_roles
    if service.second_factor_on(user) or service.must_enrol(user, required):
        pending = service.second_factor_step(
            user, secret=page.services.signing_secret, at=page.now()
        )
        if service.second_factor_on(user):
            return page.render("second_factor.html", pending=pending, next=target, error=None)
        # Their role must have a second factor: they enrol now, before reaching any page.
        _, svg, key = service.start_enrolment(
            page.session, user_id=user.id, signing_secret=page.services.signing_secret
        )
        keep_audit_record(page.session)  # the new secret, when this is the callback's GET
        return page.render(
            "enrol_at_sign_in.html",
            pending=pending,
            next=target,
            qr=Markup(svg),
            key=key,
            error=None,
        )
    response = page.redirect(target)
    page.signer.sign_in(response, user.id, user.token_generation)
    return response


@router.get("/login/oidc")
def start_oidc(page: PageDep, next: str | None = None) -> Response:
    settings = page.services.settings
    redirect_uri = settings.oidc_redirect_uri or str(page.request.url_for("oidc_callback"))
    try:
        url, flow = service.start_single_sign_on(
            settings,
            redirect_uri=redirect_uri,
            next_path=safe_next(next),
            secret=page.services.signing_secret,
            at=page.now(),
        )
    except service.SingleSignOnRefused as refused:
        return _refused_page(page, refused.message(page.lang), status=502)
    response = page.redirect(url)
    response.set_cookie(
        FLOW_COOKIE,
        flow,
        max_age=int(timedelta(minutes=10).total_seconds()),
        path=FLOW_PATH,
        httponly=True,
        secure=settings.cookie_secure,
        # Lax: the provider's redirect back is a top-level GET, which carries it.
        samesite="lax",
    )
    return response


@router.get("/login/oidc/callback", name="oidc_callback")
def oidc_callback(
    page: PageDep,
    code: str | None = None,
    state: str | None = None,
    error: str | None = None,
) -> Response:
    try:
        user, target = service.finish_single_sign_on(
            page.session,
            page.services.settings,
            flow=page.request.cookies.get(FLOW_COOKIE),
            state=state,
            code=code,
            provider_error=error,
            secret=page.services.signing_secret,
            at=page.now(),
        )
    except service.SingleSignOnRefused as refused:
        response = _refused_page(page, refused.message(page.lang), status=401)
        response.delete_cookie(FLOW_COOKIE, path=FLOW_PATH)
        return response
    # The protocol's answer is a GET; a newcomer's account (when the settings allow one) is
    # kept all the same.
    keep_audit_record(page.session)
    response = complete_sign_in(page, user, safe_next(target))
    response.delete_cookie(FLOW_COOKIE, path=FLOW_PATH)
    return response


def _refused_page(page: Page, message: str, *, status: int) -> Response:
    return login_page(page, status=status, next="/", username="", error=message)


@router.post("/login/second-factor")
def second_factor(page: PageDep, form: PostedForm) -> Response:
    target = safe_next(str(form.get("next", "")) or None)
    pending = str(form.get("pending", ""))
    try:
        user = service.awaiting_second_factor(
            page.session, pending=pending, secret=page.services.signing_secret, at=page.now()
        )
    except NotAuthenticated as expired:
        return login_page(
            page, status=401, next=target, username="", error=expired.message(page.lang)
        )
    try:
        service.verify_second_factor(
            page.session,
            user=user,
            code=str(form.get("code", "")),
            client_address=client_address(page.request),
            limits=sign_in_limits(page.services.settings),
            signing_secret=page.services.signing_secret,
            at=page.now(),
        )
    except (service.SecondFactorWrong, service.SecondFactorRequired) as wrong:
        # Saved though refused: the wrong code counts towards the lockout.
        return page.render(
            "second_factor.html",
            status=401,
            saves=True,
            pending=pending,
            next=target,
            error=wrong.message(page.lang),
        )
    except TooManyAttempts as locked:
        refused = page.render(
            "second_factor.html",
            status=429,
            pending=pending,
            next=target,
            error=locked.message(page.lang),
        )
        refused.headers["Retry-After"] = str(locked.retry_after)
        return refused
    response = page.redirect(target)
    page.signer.sign_in(response, user.id, user.token_generation)
    return response


def login_page(page: Page, status: int = 200, *, saves: bool = False, **context: Any) -> Response:
    """The sign-in page, with the e-identity button when single sign-on is set up."""
    sso = service.provider_config(page.services.settings) is not None
    return page.render("login.html", status, saves=saves, sso=sso, **context)


@router.post("/login/second-factor/enrol")
def enrol_at_sign_in(page: PageDep, form: PostedForm) -> Response:
    """The first code of a second factor enrolled at sign-in: turns it on and signs in."""
    target = safe_next(str(form.get("next", "")) or None)
    try:
        user = service.awaiting_second_factor(
            page.session,
            pending=str(form.get("pending", "")),
            secret=page.services.signing_secret,
            at=page.now(),
        )
    except NotAuthenticated as expired:
        return login_page(page, 401, next=target, username="", error=expired.message(page.lang))
    try:
        codes = service.confirm_enrolment(
            page.session,
            user_id=user.id,
            code=str(form.get("code", "")),
            signing_secret=page.services.signing_secret,
            at=page.now(),
        )
    except (service.SecondFactorWrong, Conflict) as wrong:
        return login_page(page, 401, next=target, username="", error=wrong.message(page.lang))
    response = page.render("recovery_codes.html", recovery_codes=codes, next=target)
    page.signer.sign_in(response, user.id, user.token_generation)
    return response
