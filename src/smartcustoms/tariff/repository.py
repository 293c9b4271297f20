"""Tariff queries: replace the schedule, read it back, store and read assessments."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, delete, insert, select
from sqlalchemy.orm import Session

from smartcustoms.db.inserts import InsertBatch, JsonText
from smartcustoms.db.search import matches, rank
from smartcustoms.kit.search import SearchQuery, search_text
from smartcustoms.tariff import rules
from smartcustoms.tariff.models import (
    ExchangeRate,
    FtaRate,
    TariffImport,
    TariffLine,
    TariffRate,
    TaxAssessment,
    TaxAssessmentLine,
    TradeAgreement,
)

SCHEDULE_TABLES = (TariffLine, TariffRate, TradeAgreement, FtaRate, ExchangeRate)


def replace_schedule(
    session: Session, schedule: rules.TariffSchedule, *, source: str, at: datetime
) -> TariffImport:
    """Swap the whole schedule in one transaction: a published table replaces the last one."""
    for table in SCHEDULE_TABLES:
        session.execute(delete(table))
    _insert(
        session,
        TariffLine,
        (
            {
                "hs8": x.hs8,
                "description_vi": x.description_vi,
                "description_en": x.description_en,
                "unit": x.unit,
                "source": x.source,
                "search_text": search_text(x.description_en, x.description_vi),
            }
            for x in schedule.lines
        ),
    )
    _insert(
        session,
        TariffRate,
        (
            {
                "hs8": r.hs8,
                "tax": r.tax.value,
                "kind": r.kind.value,
                "rate": r.rate,
                "amount": r.amount,
                "unit": r.unit,
                "valid_from": r.valid_from,
                "valid_to": r.valid_to,
                "source": r.source,
            }
            for r in schedule.rates
        ),
    )
    _insert(
        session,
        TradeAgreement,
        (
            {
                "code": a.code,
                "name": a.name,
                "members": " ".join(sorted(a.members)),
                "proofs": " ".join(sorted(a.proofs)),
                "source": a.source,
            }
            for a in schedule.agreements
        ),
    )
    _insert(
        session,
        FtaRate,
        (
            {
                "agreement": f.agreement,
                "hs8": f.hs8,
                "year": f.year,
                "rate": f.rate,
                "source": f.source,
            }
            for f in schedule.fta_rates
        ),
    )
    _insert(
        session,
        ExchangeRate,
        (
            {"currency": x.currency, "on_date": x.date, "rate_vnd": x.rate_vnd, "source": x.source}
            for x in schedule.exchange_rates
        ),
    )
    record = TariffImport(imported_at=at, source=source[:500], counts=schedule_counts(schedule))
    session.add(record)
    session.flush()
    return record


def schedule_counts(schedule: rules.TariffSchedule) -> dict[str, int]:
    return {
        "lines": len(schedule.lines),
        "rates": len(schedule.rates),
        "agreements": len(schedule.agreements),
        "fta_rates": len(schedule.fta_rates),
        "exchange_rates": len(schedule.exchange_rates),
    }


def _insert(session: Session, table: type, rows: Iterable[dict[str, object]]) -> None:
    batch = list(rows)
    if batch:
        session.execute(insert(table), batch)


def latest_import(session: Session) -> TariffImport | None:
    return session.scalars(select(TariffImport).order_by(TariffImport.id.desc()).limit(1)).first()


_LATEST_IMPORT_VERSION = (
    select(TariffImport.id, TariffImport.imported_at).order_by(TariffImport.id.desc()).limit(1)
)


def latest_import_version(session: Session) -> tuple[int, datetime] | None:
    """The latest import's id and time: the columns that version the caches, no ORM object."""
    row = session.execute(_LATEST_IMPORT_VERSION).first()
    return None if row is None else (row.id, row.imported_at)


def load_schedule(session: Session) -> rules.TariffSchedule:
    lines = tuple(
        rules.NomenclatureLine(
            hs8=x.hs8,
            description_vi=x.description_vi,
            description_en=x.description_en,
            unit=x.unit,
            source=x.source,
        )
        for x in session.scalars(select(TariffLine).order_by(TariffLine.hs8))
    )
    rates = tuple(
        rules.TaxRate(
            hs8=r.hs8,
            tax=rules.Tax(r.tax),
            kind=rules.RateKind(r.kind),
            valid_from=r.valid_from,
            valid_to=r.valid_to,
            rate=r.rate,
            amount=r.amount,
            unit=r.unit,
            source=r.source,
        )
        for r in session.scalars(select(TariffRate).order_by(TariffRate.id))
    )
    agreements = tuple(
        rules.Agreement(
            code=a.code,
            name=a.name,
            members=frozenset(a.members.split()),
            proofs=frozenset(a.proofs.split()),
            source=a.source,
        )
        for a in session.scalars(select(TradeAgreement).order_by(TradeAgreement.code))
    )
    fta_rates = tuple(
        rules.FtaRate(agreement=f.agreement, hs8=f.hs8, year=f.year, rate=f.rate, source=f.source)
        for f in session.scalars(select(FtaRate).order_by(FtaRate.id))
    )
    exchange_rates = tuple(
        rules.ExchangeRate(
            currency=x.currency, date=x.on_date, rate_vnd=x.rate_vnd, source=x.source
        )
        for x in session.scalars(select(ExchangeRate).order_by(ExchangeRate.id))
    )
    return rules.TariffSchedule(lines, rates, agreements, fta_rates, exchange_rates)


def search_lines(
    session: Session, *, query: SearchQuery, limit: int, offset: int
) -> list[TariffLine]:
    """Lines by code prefix or by folded words, best matches first (see db.search.rank)."""
    code, text = TariffLine.hs8, TariffLine.search_text
    found = (
        select(TariffLine).where(matches(code, text, query)).order_by(rank(code, text, query), code)
    )
    return list(session.scalars(found.offset(offset).limit(limit)))


def line(session: Session, hs8: str) -> TariffLine | None:
    return session.get(TariffLine, hs8)


def lines_by_codes(session: Session, hs8s: Sequence[str]) -> list[TariffLine]:
    if not hs8s:
        return []
    return list(session.scalars(select(TariffLine).where(TariffLine.hs8.in_(hs8s))))


def fta_rates_of_line(session: Session, hs8: str) -> Sequence[FtaRate]:
    query = select(FtaRate).where(FtaRate.hs8 == hs8).order_by(FtaRate.agreement, FtaRate.year)
    return list(session.scalars(query))


def rates_of_line(session: Session, hs8: str) -> Sequence[TariffRate]:
    query = (
        select(TariffRate)
        .where(TariffRate.hs8 == hs8)
        .order_by(TariffRate.tax, TariffRate.valid_from)
    )
    return list(session.scalars(query))


_ASSESSMENTS = cast(Table, TaxAssessment.__table__)
_LINES = cast(Table, TaxAssessmentLine.__table__)
# The values of a line, in this order (assessment_id aside).
LINE_COLUMNS = (
    "item_no",
    "tax",
    "base_vnd",
    "rate",
    "amount_vnd",
    "source",
    "agreement",
    "year",
    "proof",
)


def save_assessment(
    batch: InsertBatch,
    assessment: Mapping[str, Any],
    items_json: str,
    lines: Sequence[tuple[Any, ...]],
) -> None:
    """An assessment: its row's columns (all but id and items), its items and its lines
    (each line's values in LINE_COLUMNS order), added to the batch that writes them.

    `items_json` is stored as given: the text json.dumps() writes for the items, which is
    what the column's JSON type would have written.
    """
    assessment_id = batch.new_id(_ASSESSMENTS)
    batch.add(_ASSESSMENTS, [{**assessment, "id": assessment_id, "items": JsonText(items_json)}])
    batch.add(
        _LINES,
        [dict(zip(LINE_COLUMNS, line, strict=True), assessment_id=assessment_id) for line in lines],
    )


def assessment_of(session: Session, declaration_id: int) -> TaxAssessment | None:
    query = select(TaxAssessment).where(TaxAssessment.declaration_id == declaration_id)
    return session.scalars(query).first()
