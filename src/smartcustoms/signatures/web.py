"""The signatures section of a declaration's page (each signature, checked again now), and
the page that checks a signature handed in (JWS or XAdES)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response
from markupsafe import Markup

from smartcustoms.errors import DomainError
from smartcustoms.signatures import service
from smartcustoms.web.pages import Page, PageDep, PostedForm, page_for

router = APIRouter(include_in_schema=False)


def signatures_panel(page: Page, declaration_id: int) -> Markup | None:
    """Who signed the declaration and whether each signature still holds."""
    if page.actor is None:
        return None
    try:
        checks = service.verify_declaration(
            page.session,
            actor=page.actor,
            declaration_id=declaration_id,
            trusted=service.trust(page.services.settings),
        )
    except DomainError:
        return None
    if not checks:
        return None  # most declarations are not signed yet: no empty section
    return page.fragment("signatures/panel.html", checks=checks)


@router.get("/signatures/verify", dependencies=[page_for("signatures.verify")])
def verify_page(page: PageDep) -> Response:
    """A form to check a signature: a JWS with the bytes it signs, or a signed XML."""
    page.require_actor()
    return page.render("signatures/verify.html", form={}, result=None)


@router.post("/signatures/verify", dependencies=[page_for("signatures.verify")])
def verify_posted(page: PageDep, posted: PostedForm) -> Response:
    page.require_actor()
    form = {k: str(v) for k, v in posted.items() if k != "csrf_token"}
    signature = form.get("signature", "").strip()
    payload = form.get("payload", "")
    result = (
        service.verify_signature(
            page.session,
            signature=signature,
            payload=payload.encode() if payload else None,
            trusted=service.trust(page.services.settings),
            now=page.now(),
        )
        if signature
        else None
    )
    return page.render("signatures/verify.html", form=form, result=result)
