"""What the payments pages share: names in the page's language, the enterprise a trade user
works for, amounts typed in a form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi.responses import Response
from starlette.datastructures import FormData

from smartcustoms.errors import DomainError, PermissionDenied
from smartcustoms.identity.rules import Actor
from smartcustoms.payments import service
from smartcustoms.payments.messages import name
from smartcustoms.payments.rules import invalid
from smartcustoms.web.numbers import read_whole_number
from smartcustoms.web.pages import Page


def namer(page: Page) -> Callable[[str, str], str]:
    def named(prefix: str, code: str) -> str:
        en, vi = name(prefix, code)
        return vi if page.lang == "vi" else en

    return named


def render(page: Page, template: str, status: int = 200, **context: Any) -> Response:
    """A payments page: `named(prefix, code)` names a kind, an account … in its language."""
    return page.render(template, status=status, named=namer(page), **context)


def enterprise_of(
    page: Page, actor: Actor, chosen: str | None
) -> tuple[int, list[tuple[int, str]]]:
    """The enterprise a trade user works for: a trader's own, or the broker's choice."""
    choices = service.enterprises_for(page.session, actor)
    if not choices:
        raise PermissionDenied(message_en="No enterprise.", message_vi="Không có doanh nghiệp.")
    wanted = int(chosen) if chosen and chosen.isdigit() else choices[0][0]
    ids = [i for i, _ in choices]
    return (wanted if wanted in ids else ids[0]), choices


def amount_of(form: FormData, field: str, lang: str) -> int:
    """A whole amount of dong typed in the user's language."""
    try:
        value = read_whole_number(str(form.get(field) or ""), lang)
    except (DomainError, ValueError):
        value = None
    if value is None or not 0 < value < 10**15:
        raise invalid(field, "amount_not_positive")
    return value


def as_domain(error: Exception) -> DomainError:
    return error if isinstance(error, DomainError) else invalid("account", "amount_not_positive")
