"""Every reference-data query: bulk upserts, searches, lookups and the catalogue snapshot."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import islice
from typing import Any, TypeVar, cast

from sqlalchemy import ColumnElement, Select, Table, and_, false, func, or_, select, true
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session
from sqlalchemy.sql.dml import Insert

from smartcustoms.db import Base
from smartcustoms.db.search import matches, rank
from smartcustoms.kit.search import SearchQuery
from smartcustoms.reference.models import (
    Country,
    Currency,
    CustomsOffice,
    DeclarationType,
    HsCode,
    Incoterm,
    Location,
    TransportMode,
    Unit,
)
from smartcustoms.reference.rules import DeclarationTypeInfo, ReferenceCatalog

M = TypeVar("M", bound=Base)

# Big enough to amortise round trips, small enough to keep memory flat for 116k locations.
BATCH_SIZE = 5000


# ---------------------------------------------------------------- bulk load


def _batches(rows: Iterable[Mapping[str, Any]], size: int) -> Iterator[list[Mapping[str, Any]]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


def _upsert_statement(session: Session, table: Table) -> Insert:
    """INSERT … ON CONFLICT (pk) DO UPDATE, touching only rows whose values changed."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        pg = pg_insert(table)
        changes = {c.name: pg.excluded[c.name] for c in table.columns if not c.primary_key}
        return pg.on_conflict_do_update(
            index_elements=list(table.primary_key.columns),
            set_=changes,
            where=_any_changed(table, changes),
        )
    if dialect == "sqlite":
        lite = sqlite_insert(table)
        changes = {c.name: lite.excluded[c.name] for c in table.columns if not c.primary_key}
        return lite.on_conflict_do_update(
            index_elements=list(table.primary_key.columns),
            set_=changes,
            where=_any_changed(table, changes),
        )
    raise NotImplementedError(f"reference upsert is not written for {dialect}")


def _any_changed(table: Table, changes: Mapping[str, ColumnElement[Any]]) -> ColumnElement[bool]:
    # A reload of unchanged data then writes nothing (no dead tuples on PostgreSQL).
    return or_(*(table.c[name].is_distinct_from(value) for name, value in changes.items()))


def _current_values(session: Session, table: Table) -> dict[tuple[Any, ...], tuple[Any, ...]]:
    keys = list(table.primary_key.columns)
    others = [c for c in table.columns if not c.primary_key]
    rows = session.execute(select(*keys, *others))
    return {tuple(row[: len(keys)]): tuple(row[len(keys) :]) for row in rows}


def upsert(session: Session, model: type[Base], rows: Iterable[Mapping[str, Any]]) -> int:
    """Insert new rows and update changed ones by primary key; returns how many were written.

    Unchanged rows are skipped in Python first, so a reload of the same 116k locations
    sends nothing; the rest goes in executemany batches.
    """
    table = cast(Table, model.__table__)
    keys = [c.name for c in table.primary_key.columns]
    others = [c.name for c in table.columns if not c.primary_key]
    current = _current_values(session, table)
    changed = (
        row
        for row in rows
        if current.get(tuple(row[k] for k in keys)) != tuple(row.get(c) for c in others)
    )
    statement = _upsert_statement(session, table)
    written = 0
    for batch in _batches(changed, BATCH_SIZE):
        session.execute(statement, batch)
        written += len(batch)
    return written


def count_rows(session: Session, model: type[Base]) -> int:
    table = cast(Table, model.__table__)
    return session.scalar(select(func.count()).select_from(table)) or 0


# ---------------------------------------------------------------- shared helpers


def _all(session: Session, model: type[M], order_by: Any) -> list[M]:
    return list(session.scalars(select(model).order_by(order_by)))


def _page(session: Session, query: Select[M], *, limit: int, offset: int) -> list[M]:
    return list(session.scalars(query.limit(limit).offset(offset)))


def _count(session: Session, query: Select[Any]) -> int:
    return session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0


def _all_words(column: Any, words: Sequence[str]) -> ColumnElement[bool]:
    """Every word occurs in the (folded) column; % and _ are taken literally."""
    return and_(true(), *(column.contains(word, autoescape=True) for word in words))


# ---------------------------------------------------------------- HS nomenclature


def _hs_query(query: SearchQuery) -> Select[HsCode]:
    found = select(HsCode).where(matches(HsCode.code, HsCode.search_text, query))
    return found.order_by(rank(HsCode.code, HsCode.search_text, query), HsCode.code)


def search_hs_codes(
    session: Session, *, query: SearchQuery, limit: int, offset: int = 0
) -> list[HsCode]:
    """Codes by prefix or by text, the best matches first (see `db.search.rank`)."""
    return _page(session, _hs_query(query), limit=limit, offset=offset)


def count_hs_codes(session: Session, *, query: SearchQuery) -> int:
    return _count(session, _hs_query(query))


def get_hs_code(session: Session, code: str) -> HsCode | None:
    return session.get(HsCode, code)


def list_hs_children(session: Session, parent: str | None) -> list[HsCode]:
    """Chapters when parent is None, else the headings or subheadings directly under it."""
    where = HsCode.parent.is_(None) if parent is None else HsCode.parent == parent
    return list(session.scalars(select(HsCode).where(where).order_by(HsCode.code)))


# ---------------------------------------------------------------- small code lists


def list_countries(session: Session) -> list[Country]:
    return _all(session, Country, Country.code)


def get_country(session: Session, code: str) -> Country | None:
    return session.get(Country, code)


def list_currencies(session: Session) -> list[Currency]:
    return _all(session, Currency, Currency.code)


def get_currency(session: Session, code: str) -> Currency | None:
    return session.get(Currency, code)


def list_incoterms(session: Session) -> list[Incoterm]:
    return _all(session, Incoterm, Incoterm.code)


def list_transport_modes(session: Session) -> list[TransportMode]:
    return _all(session, TransportMode, TransportMode.code)


def list_customs_offices(session: Session) -> list[CustomsOffice]:
    return _all(session, CustomsOffice, CustomsOffice.code)


def get_customs_office(session: Session, code: str) -> CustomsOffice | None:
    return session.get(CustomsOffice, code)


def list_declaration_types(
    session: Session, *, direction: str | None = None
) -> list[DeclarationType]:
    query = select(DeclarationType).order_by(DeclarationType.code)
    if direction is not None:
        query = query.where(DeclarationType.direction == direction)
    return list(session.scalars(query))


def get_declaration_type(session: Session, code: str) -> DeclarationType | None:
    return session.get(DeclarationType, code)


# ---------------------------------------------------------------- units and locations


def _unit_query(words: Sequence[str], code: str | None, active_only: bool) -> Select[Unit]:
    match = _all_words(Unit.search_text, words)
    if code is not None:
        match = or_(Unit.code == code, match)
    active = Unit.active.is_(True) if active_only else true()
    return select(Unit).where(match, active).order_by(Unit.code)


def search_units(
    session: Session,
    *,
    words: Sequence[str] = (),
    code: str | None = None,
    active_only: bool = True,
    limit: int,
    offset: int = 0,
) -> tuple[list[Unit], int]:
    """Units whose code equals `code` or whose name holds every word; page and total."""
    query = _unit_query(words, code, active_only)
    return _page(session, query, limit=limit, offset=offset), _count(session, query)


def get_unit(session: Session, code: str) -> Unit | None:
    return session.get(Unit, code)


def _location_query(
    code_prefix: str | None, words: Sequence[str], country: str | None
) -> Select[Location]:
    by_name = _all_words(Location.search_text, words) if words else false()
    by_code = Location.code.startswith(code_prefix, autoescape=True) if code_prefix else false()
    match = or_(by_code, by_name) if code_prefix or words else true()
    query = select(Location).where(match)
    if country is not None:
        query = query.where(Location.country == country)
    return query.order_by(Location.code)


def search_locations(
    session: Session,
    *,
    code_prefix: str | None = None,
    words: Sequence[str] = (),
    country: str | None = None,
    limit: int,
    offset: int = 0,
) -> tuple[list[Location], int]:
    """Locations whose code starts with the prefix or whose name holds every word."""
    query = _location_query(code_prefix, words, country)
    return _page(session, query, limit=limit, offset=offset), _count(session, query)


def get_location(session: Session, code: str) -> Location | None:
    return session.get(Location, code)


# ---------------------------------------------------------------- pickers

Pickable = Country | Currency | Unit | Location | Incoterm | TransportMode


def suggest(
    session: Session,
    model: type[Pickable],
    *,
    query: SearchQuery,
    code_word: str,
    limit: int,
) -> list[Pickable]:
    """Rows whose code is (or starts with) `code_word` or whose folded text matches; best
    first. Deleted and deprecated units are left out."""
    code, text = model.code, model.search_text
    by_code = code.startswith(code_word, autoescape=True) if code_word else false()
    found = or_(matches(code, text, query), by_code)
    statement = select(model).where(found)
    if model is Unit:
        statement = statement.where(Unit.active.is_(True))
    ordered = statement.order_by(rank(code, text, query, code_word=code_word), code)
    return list(session.scalars(ordered.limit(limit)))


def labelled(session: Session, model: type[Pickable], codes: Sequence[str]) -> list[Pickable]:
    """The rows of these codes, for showing a picked code's name."""
    if not codes:
        return []
    return list(session.scalars(select(model).where(model.code.in_(codes))))


# ---------------------------------------------------------------- catalogue


def _codes(session: Session, column: Any, *where: ColumnElement[bool]) -> frozenset[str]:
    return frozenset(session.scalars(select(column).where(*where)))


def _declaration_type_infos(session: Session) -> dict[str, DeclarationTypeInfo]:
    return {
        row.code: DeclarationTypeInfo(
            code=row.code,
            direction=row.direction,
            name_en=row.name_en,
            name_vi=row.name_vi,
            required_fields=frozenset(row.required_fields.split()),
        )
        for row in session.scalars(select(DeclarationType))
    }


def load_catalog(session: Session) -> ReferenceCatalog:
    """Every code list as sets, for validation; deprecated and deleted units are left out."""
    return ReferenceCatalog(
        hs6=_codes(session, HsCode.code, HsCode.level == 6),
        countries=_codes(session, Country.code),
        currencies=_codes(session, Currency.code),
        units=_codes(session, Unit.code, Unit.active.is_(True)),
        locations=_codes(session, Location.code),
        offices=_codes(session, CustomsOffice.code),
        incoterms=_codes(session, Incoterm.code),
        transport_modes=_codes(session, TransportMode.code),
        declaration_types=_declaration_type_infos(session),
    )
