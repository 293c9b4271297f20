"""Portal sign-in and sign-out."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

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
        user = service.authenticate(
            page.session, username=username, password=str(form.get("password", ""))
        )
    except InvalidCredentials as error:
        return page.render(
            "login.html", status=401, next=target, username=username, error=error.message(page.lang)
        )
    response = page.redirect(target)
    page.signer.sign_in(response, user.id, user.token_generation)
    return response


@router.post("/logout")
def logout(page: PageDep, _form: PostedForm) -> Response:
    response = page.redirect("/login")
    page.signer.sign_out(response)
    return response
