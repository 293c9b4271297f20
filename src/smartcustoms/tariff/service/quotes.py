"""What a user asks of the schedule: a line search, a line's roadmap, a what-if quote."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy.orm import Session

from smartcustoms.reference import service as reference
from smartcustoms.tariff import repository, rules
from smartcustoms.tariff.models import TariffLine
from smartcustoms.tariff.service.schedules import get_book


def quote(session: Session, request: rules.QuoteRequest) -> rules.Quote:
    """One item's duties and taxes; its origin and currency must be ISO codes (reference data)."""
    return rules.quote(get_book(session), request, reference.get_catalog(session))


def search_lines(session: Session, *, q: str, limit: int = 20, offset: int = 0) -> list[TariffLine]:
    """National lines by code ("8471.30") or by words in either language, any case, with or
    without diacritics, common trade words understood ("laptop"); best matches first."""
    query = reference.search_query(q.strip())
    if query.empty:
        return []
    return repository.search_lines(session, query=query, limit=limit, offset=offset)


def line_names(session: Session, *, codes: Iterable[str], lang: str) -> dict[str, str]:
    """The national lines' texts in the user's language, by the code as typed ("8517.13.00"
    or "85171300"): the HS picker shows it beside a code filled in before."""
    typed = {code: re.sub(r"[.\s]", "", code) for code in codes if code}
    found = {
        line.hs8: line.description_vi
        if lang == "vi" and line.description_vi
        else line.description_en
        for line in repository.lines_by_codes(session, sorted(set(typed.values())))
    }
    return {code: found[hs8] for code, hs8 in typed.items() if hs8 in found}


@dataclass(frozen=True)
class Roadmap:
    """A line's rates: MFN and the other taxes over time, and each FTA's rate by year."""

    line: TariffLine
    rates: list[rules.TaxRate]
    fta: dict[str, list[tuple[int, Decimal]]]
    years: list[int]


def roadmap(session: Session, *, hs8: str) -> Roadmap:
    found = repository.line(session, hs8)
    if found is None:
        raise rules.UnknownTariffLine.of(hs8)
    book = get_book(session)
    rates = [r for r in book.schedule.rates if r.hs8 == hs8]
    fta: dict[str, list[tuple[int, Decimal]]] = {}
    for row in repository.fta_rates_of_line(session, hs8):
        fta.setdefault(row.agreement, []).append((row.year, row.rate))
    years = sorted({year for series in fta.values() for year, _ in series})
    return Roadmap(found, rates, fta, years)
