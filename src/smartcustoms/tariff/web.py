"""Portal pages: tariff search, an item quote form, a line's roadmap; the taxes panel."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

import plotly
import plotly.graph_objects as go
from fastapi import APIRouter
from fastapi.responses import FileResponse, HTMLResponse, Response
from markupsafe import Markup
from pydantic import ValidationError

from smartcustoms.declarations import service as declarations
from smartcustoms.errors import DomainError, FieldError, ValidationFailed
from smartcustoms.kit.clock import customs_date
from smartcustoms.kit.dates import to_iso
from smartcustoms.kit.text import strip_control_chars
from smartcustoms.problems import field_errors_from_pydantic
from smartcustoms.reference import service as reference
from smartcustoms.security_headers import csp_nonce, with_nonce
from smartcustoms.tariff import rules, service
from smartcustoms.tariff.schemas import QuoteCreate
from smartcustoms.web.numbers import NumberReader
from smartcustoms.web.pages import Page, PageDep, PostedForm, page_for

router = APIRouter(include_in_schema=False)
PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
QUOTE_FIELDS = (
    "hs8",
    "origin",
    "value",
    "currency",
    "quantity",
    "unit",
    "date",
    "incoterms",
    "freight",
    "insurance",
    "proofs",
    "direction",
)
QUOTE_NUMBERS = ("value", "quantity", "freight", "insurance")


@router.get("/assets/plotly.min.js")
def plotly_js() -> FileResponse:
    """Plotly's JavaScript from its wheel, so charts work with no outside network."""
    return FileResponse(
        PLOTLY_JS, media_type="text/javascript", headers={"Cache-Control": "public, max-age=86400"}
    )


@router.get("/tariff", dependencies=[page_for("tariff.search")])
def search_page(page: PageDep, q: str = "") -> Response:
    page.require_actor()
    query = strip_control_chars(q).strip()[:100]
    lines = service.search_lines(page.session, q=query, limit=50) if query else None
    units = reference.labels_of(
        page.session, kind="unit", codes=[x.unit for x in lines or []], lang=page.lang
    )
    return page.render("tariff/search.html", q=query, lines=lines, units=units)


class Option(NamedTuple):
    code: str
    label: str


@router.get("/tariff/suggest", dependencies=[page_for("tariff.search")])
def suggest(page: PageDep, q: str = "") -> Response:
    """The HS code picker's options: national lines for what was typed (an HTMX fragment)."""
    page.require_actor()
    query = strip_control_chars(q).strip()[:100]
    lines = service.search_lines(page.session, q=query, limit=10) if query else []
    found = [
        Option(x.hs8, x.description_vi if page.lang == "vi" else x.description_en) for x in lines
    ]
    return HTMLResponse(page.fragment("suggestions.html", found=found, q=query))


@router.get("/tariff/quote", dependencies=[page_for("tariff.search")])
def quote_form(page: PageDep) -> Response:
    page.require_actor()
    values = {
        "date": customs_date(page.now()).isoformat(),
        "incoterms": "CIF",
        "direction": "import",
        "currency": "USD",
        "freight": "0",
        "insurance": "0",
    }
    return page.render("tariff/quote.html", values=values, result=None, errors=[])


@router.post("/tariff/quote", dependencies=[page_for("tariff.search")])
def quote(page: PageDep, form: PostedForm) -> Response:
    page.require_actor()
    values = {name: str(form.get(name, "")).strip() for name in QUOTE_FIELDS}
    data: dict[str, Any] = {k: v for k, v in values.items() if v}
    if "date" in data:
        data["date"] = to_iso(data["date"])  # typed day/month/year
    data["proofs"] = values["proofs"].replace(",", " ").split()
    # Figures are read the user's way ("2.500" is two thousand five hundred in Vietnamese);
    # a refused one is left out so the other fields are still checked.
    numbers = NumberReader(page.lang)
    for name in QUOTE_NUMBERS:
        if name in data and (number := numbers.number(data.pop(name), name)) is not None:
            data[name] = number
    refused = {error.path for error in numbers.errors}
    errors: list[FieldError] = list(numbers.errors)
    result = None
    try:
        request = QuoteCreate.model_validate(data).to_request()
        if not errors:
            result = service.quote(page.session, request)
    except ValidationError as invalid:
        found = field_errors_from_pydantic(list(invalid.errors()))
        errors += [error for error in found if error.path not in refused]
    except ValidationFailed as error:
        # Field errors (an origin that is no country) are shown beside their fields.
        errors = error.errors or [FieldError("", error.code, error.message_en, error.message_vi)]
    except DomainError as error:
        errors = [FieldError("", error.code, error.message_en, error.message_vi)]
    return page.render(
        "tariff/quote.html",
        status=422 if errors else 200,
        values=values,
        result=result,
        errors=errors,
    )


@router.get("/tariff/lines/{hs8}", dependencies=[page_for("tariff.search")])
def roadmap_page(hs8: str, page: PageDep) -> Response:
    page.require_actor()
    found = service.roadmap(page.session, hs8=hs8[:8])
    return page.render(
        "tariff/roadmap.html",
        roadmap=found,
        chart=_chart(found, csp_nonce(page.request)),
        fmt=rules.format_decimal,
    )


def _chart(found: service.Roadmap, nonce: str) -> Markup | None:
    if not found.fta:
        return None
    figure = go.Figure()
    for code, series in sorted(found.fta.items()):
        figure.add_trace(
            go.Scatter(
                x=[y for y, _ in series],
                y=[float(r) for _, r in series],
                mode="lines+markers",
                name=code,
                line_shape="hv",
            )
        )
    figure.update_layout(
        height=320,
        margin={"l": 40, "r": 10, "t": 10, "b": 30},
        yaxis_title="%",
        xaxis={"dtick": 1},
        legend={"orientation": "h"},
    )
    html = figure.to_html(full_html=False, include_plotlyjs=False, config={"displayModeBar": False})
    # Safe: Plotly's own markup for the figure, built from our numbers; its inline script
    # carries the request's nonce, which the Content-Security-Policy allows.
    return Markup(with_nonce(html, nonce))


def taxes_panel(page: Page, declaration_id: int) -> Markup | None:
    """The duties and taxes section of a declaration's page."""
    if page.actor is None:
        return None
    declaration = declarations.get_declaration(
        page.session, actor=page.actor, declaration_id=declaration_id
    )
    assessment = service.assessment_for(page.session, declaration_id=declaration.id)
    return page.fragment("tariff/panel.html", assessment=assessment, zero=Decimal(0))
