"""Jinja2 rendering with the language, the signed-in user and the CSRF token in context."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, select_autoescape

from smartcustoms import i18n
from smartcustoms.kit import dates
from smartcustoms.web import navigation
from smartcustoms.web.catalog import UI
from smartcustoms.web.numbers import figures_in

PACKAGE = Path(__file__).resolve().parent.parent


def make_environment() -> Environment:
    """Templates live beside their domain (`<domain>/templates/`), the layout in web/."""
    folders = [
        PACKAGE / "web" / "templates",
        *sorted(p for p in PACKAGE.glob("*/templates") if p.parent.name != "web"),
    ]
    env = Environment(
        loader=ChoiceLoader([FileSystemLoader(str(folder)) for folder in folders]),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    # The layout's main navigation, for the signed-in user's role.
    env.globals["navigation"] = navigation.menus_for
    env.globals["current_href"] = navigation.current_href
    return env


class Renderer:
    def __init__(self, *catalogs: dict[str, tuple[str, str]]) -> None:
        self.env = make_environment()
        # Each domain keeps its own words beside its pages; the shared ones come first.
        self.catalog: dict[str, tuple[str, str]] = {}
        for catalog in (UI, *catalogs):
            self.catalog.update(catalog)

    def render(
        self,
        request: Request,
        template: str,
        context: dict[str, Any],
        *,
        lang: str,
        status: int = 200,
    ) -> HTMLResponse:
        html = self.fragment(request, template, context, lang=lang)
        return HTMLResponse(html, status_code=status)

    def fragment(
        self, request: Request, template: str, context: dict[str, Any], *, lang: str
    ) -> str:
        full = {
            "request": request,
            "lang": lang,
            "t": i18n.translator(self.catalog, lang),
            "num": lambda value: i18n.number(value, lang),
            "figures": lambda text: figures_in(str(text), lang),
            "day": lambda value: i18n.day(value, lang),
            "moment": lambda value: i18n.moment(value, lang),
            "day_field": dates.field_text,
            "day_pattern": dates.FIELD_PATTERN,
            "day_placeholder": dates.FIELD_PLACEHOLDER.get(lang, dates.FIELD_PLACEHOLDER["en"]),
            **context,
        }
        return self.env.get_template(template).render(full)
