"""The signatures section of a declaration's page: each signature, checked again now."""

from __future__ import annotations

from markupsafe import Markup

from smartcustoms.errors import DomainError
from smartcustoms.signatures import service
from smartcustoms.web.pages import Page


def signatures_panel(page: Page, declaration_id: int) -> Markup | None:
    """Who signed the declaration and whether each signature still holds."""
    if page.actor is None:
        return None
    try:
        checks = service.verify_declaration(
            page.session,
            actor=page.actor,
            declaration_id=declaration_id,
            trusted=service.trusted_cas(page.services.settings.signing_trusted_cas),
        )
    except DomainError:
        return None
    if not checks:
        return None  # most declarations are not signed yet: no empty section
    return page.fragment("signatures/panel.html", checks=checks)
