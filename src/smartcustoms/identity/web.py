"""Portal sign-in and sign-out."""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter
from fastapi.responses import Response

from smartcustoms.deps import client_address, sign_in_limits
from smartcustoms.errors import TooManyAttempts
from smartcustoms.identity import account_web, service, sso_web
from smartcustoms.identity.service import InvalidCredentials
from smartcustoms.web.pages import PageDep, PostedForm, safe_next

router = APIRouter(include_in_schema=False)
router.include_router(sso_web.router)
router.include_router(account_web.router)


@router.get("/login")
def login_form(page: PageDep, next: str | None = None) -> Response:
    return sso_web.login_page(page, next=safe_next(next, ""), error=None, username="")


@router.post("/login")
def login(page: PageDep, form: PostedForm) -> Response:
    username = str(form.get("username", "")).strip()
    target = safe_next(str(form.get("next", "")) or None)
    try:
        user = service.sign_in(
            page.session,
            username=username,
            password=str(form.get("password", "")),
            client_address=client_address(page.request),
            limits=sign_in_limits(page.services.settings),
            at=page.now(),
        )
    except InvalidCredentials as error:
        # Saved though refused: the failure sign_in recorded counts towards the lockout.
        return sso_web.login_page(
            page,
            status=401,
            saves=True,
            next=target,
            username=username,
            error=error.message(page.lang),
        )
    except TooManyAttempts as error:
        refused = sso_web.login_page(
            page, status=429, next=target, username=username, error=error.message(page.lang)
        )
        refused.headers["Retry-After"] = str(error.retry_after)
        return refused
    return sso_web.complete_sign_in(page, user, target)


@router.post("/logout")
def logout(page: PageDep, _form: PostedForm) -> Response:
    signed = page.portal_session
    if signed is not None and page.actor is not None:
        # Withdrawn server-side: a copy of the cookie taken before no longer signs anyone in.
        service.end_session(
            page.session,
            user_id=signed.user_id,
            generation=signed.generation,
            session_id=signed.session_id,
            until=page.now() + timedelta(seconds=page.signer.max_age_seconds),
            at=page.now(),
        )
    response = page.redirect("/login")
    page.signer.sign_out(response)
    return response
