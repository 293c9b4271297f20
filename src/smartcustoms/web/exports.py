"""The lists exported as CSV and Excel: the trader's declarations and the officers'
worklists, with the page's filters, headers in the page's language and labels, not codes.

A composition of the declarations, risk and identity services; the sheet is openpyxl's."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal, TypeVar

from fastapi import APIRouter, Query
from fastapi.responses import Response
from openpyxl import Workbook

from smartcustoms import i18n
from smartcustoms.declarations import service as declarations
from smartcustoms.identity import service as identity
from smartcustoms.kit.clock import VIETNAM, customs_date
from smartcustoms.kit.pagination import MAX_PAGE_SIZE, Page, PageRequest
from smartcustoms.risk import service as risk
from smartcustoms.risk.rules import Channel
from smartcustoms.web.pages import Page as PortalPage
from smartcustoms.web.pages import PageDep, page_for

router = APIRouter(include_in_schema=False)

Format = Literal["csv", "xlsx"]
Cell = str | int | Decimal | datetime | None
# An export reads at most this many rows (50 pages of 200): a list past it is filtered first.
MAX_ROWS = 10_000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

T = TypeVar("T")


def all_pages(fetch: Callable[[PageRequest], Page[T]]) -> Iterator[T]:
    """Every row of a paged list, up to MAX_ROWS."""
    for number in range(1, MAX_ROWS // MAX_PAGE_SIZE + 1):
        found = fetch(PageRequest(number, MAX_PAGE_SIZE))
        yield from found.items
        if number >= found.pages:
            return


def _local(at: datetime | None) -> datetime | None:
    """Vietnam's wall time, without a zone: Excel keeps no zone in a cell."""
    return at.astimezone(VIETNAM).replace(tzinfo=None) if at else None


def _csv_cell(value: Cell, lang: str) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return i18n.moment(value.replace(tzinfo=VIETNAM), lang)
    if isinstance(value, Decimal):
        return i18n.number(value, lang)
    return str(value)


def table_response(
    fmt: Format,
    name: str,
    title: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    lang: str,
) -> Response:
    """The rows as a CSV (UTF-8 with a BOM, so Excel reads Vietnamese) or an XLSX file."""
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(headers)
        writer.writerows([_csv_cell(v, lang) for v in row] for row in rows)
        body = ("\ufeff" + buffer.getvalue()).encode()
        media_type = "text/csv; charset=utf-8"
    else:
        book = Workbook()
        sheet = book.active
        assert sheet is not None  # a new workbook has one sheet
        sheet.title = title[:31]
        sheet.append(list(headers))
        for row in rows:
            sheet.append(list(row))
        for column in sheet.iter_cols(min_row=2):
            for cell in column:
                if isinstance(cell.value, datetime):
                    cell.number_format = "dd/mm/yyyy hh:mm" if lang == "vi" else "yyyy-mm-dd hh:mm"
        sheet.freeze_panes = "A2"
        out = io.BytesIO()
        book.save(out)
        body, media_type = out.getvalue(), XLSX
    return Response(
        body,
        media_type=media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{name}.{fmt}"',
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "private, no-store",
        },
    )


def _type(page: PortalPage, code: str | None) -> str:
    """A declaration type by its name, its code beside it (what a spreadsheet filters on)."""
    name = page.type_name(code)
    return f"{name} ({code})" if code and name != code else name


def _words(page: PortalPage) -> Any:
    return i18n.translator(page.renderer.catalog, page.lang)


@router.get("/declarations/export.{fmt}", dependencies=[page_for("declarations.read")])
def export_declarations(
    fmt: Format,
    page: PageDep,
    status: Annotated[str | None, Query(max_length=12, pattern=r"^[a-z]*$")] = None,
) -> Response:
    """The declarations list as filtered on its page (`status`)."""
    actor = page.require_actor()
    flt = declarations.DeclarationFilter(statuses=[status] if status else None)
    found = list(
        all_pages(
            lambda request: declarations.list_declarations(
                page.session, actor=actor, flt=flt, request=request
            )
        )
    )
    names = identity.organisation_names(page.session, {d.enterprise_id for d in found})
    t = _words(page)
    headers = [
        t("number"),
        t("version"),
        t("enterprise"),
        t("type_code"),
        t("office_code"),
        t("status"),
        t("amount"),
        t("currency"),
        t("registered_at"),
        t("updated"),
    ]
    rows = [
        [
            d.number or "",
            d.version,
            names.get(d.enterprise_id, ""),
            _type(page, d.type_code),
            d.office_code or "",
            t(f"status_{d.status}"),
            d.invoice_amount,
            d.invoice_currency or "",
            _local(d.registered_at),
            _local(d.updated_at),
        ]
        for d in found
    ]
    title = t("export_sheet_declarations")
    return table_response(
        fmt, f"declarations-{customs_date(page.now())}", title, headers, rows, page.lang
    )


@router.get("/worklist/export.{fmt}", dependencies=[page_for("declarations.worklist")])
def export_worklist(fmt: Format, page: PageDep) -> Response:
    """The office worklist: what awaits the officer's office."""
    actor = page.require_actor()
    found = list(
        all_pages(lambda request: declarations.worklist(page.session, actor=actor, request=request))
    )
    names = identity.organisation_names(page.session, {d.enterprise_id for d in found})
    t = _words(page)
    headers = [
        t("number"),
        t("version"),
        t("enterprise"),
        t("type_code"),
        t("status"),
        t("amount"),
        t("currency"),
        t("registered_at"),
    ]
    rows = [
        [
            d.number or "",
            d.version,
            names.get(d.enterprise_id, ""),
            _type(page, d.type_code),
            t(f"status_{d.status}"),
            d.invoice_amount,
            d.invoice_currency or "",
            _local(d.registered_at),
        ]
        for d in found
    ]
    return table_response(
        fmt, f"worklist-{customs_date(page.now())}", t("worklist"), headers, rows, page.lang
    )


@router.get("/risk/worklist/{channel}/export.{fmt}", dependencies=[page_for("risk.worklist")])
def export_channel_worklist(channel: Channel, fmt: Format, page: PageDep) -> Response:
    """A channel's worklist (yellow or red) with the reasons in the reader's language."""
    actor = page.require_actor()
    found = list(
        all_pages(
            lambda request: risk.worklist(
                page.session, actor=actor, channel=channel, request=request
            )
        )
    )
    t = _words(page)
    text = "message_vi" if page.lang == "vi" else "message_en"
    headers = [
        t("number"),
        t("type_code"),
        t("status"),
        t("enterprise"),
        t("amount"),
        t("currency"),
        t("risk_score_label"),
        t("risk_reasons"),
        t("registered_at"),
    ]
    rows = [
        [
            e.number or "",
            _type(page, e.type_code),
            t(f"status_{e.status}"),
            e.enterprise_name or "",
            e.invoice_amount,
            e.invoice_currency or "",
            Decimal(str(e.decision.score)) if e.decision.score is not None else None,
            "; ".join(
                str(r.get(text, ""))
                for r in (e.decision.explanation or {}).get("reasons", [])
                if r.get("code") != "score"
            ),
            _local(e.registered_at),
        ]
        for e in found
    ]
    return table_response(
        fmt,
        f"worklist-{channel.value}-{customs_date(page.now())}",
        t(f"risk_worklist_{channel.value}"),
        headers,
        rows,
        page.lang,
    )
