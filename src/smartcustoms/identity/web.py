"""Portal sign-in and sign-out."""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter
from fastapi.responses import Response

from smartcustoms.deps import client_address, sign_in_limits
from smartcustoms.errors import TooManyAttempts
from smartcustoms.identity import service
from smartcustoms.identity.service import InvalidCredentials
from smartcustoms.web.pages import PageDep, PostedForm, safe_next

router = APIRouter(include_in_schema=False)


@router.get("/login")
def login_form(page: PageDep, next: str | None = None) -> Response:
    return page.render("login.html", next=safe_next(next, ""), error=None, username="")


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
        return page.render(
            "login.html",
            status=401,
            saves=True,
            next=target,
            username=username,
            error=error.message(page.lang),
        )
    except TooManyAttempts as error:
        refused = page.render(
            "login.html", status=429, next=target, username=username, error=error.message(page.lang)
        )
        refused.headers["Retry-After"] = str(error.retry_after)
        return refused
    response = page.redirect(target)
    page.signer.sign_in(response, user.id, user.token_generation)
    return response


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
