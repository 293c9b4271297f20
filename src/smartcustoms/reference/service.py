"""Reference-data use cases: load the packaged lists, search them, and serve the catalogue."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Generic, TypeVar

from sqlalchemy import event
from sqlalchemy.orm import Session

from smartcustoms.audit import service as audit
from smartcustoms.db import Base, carried, database_key
from smartcustoms.errors import NotFound
from smartcustoms.kit.caches import UNTIL_DROPPED, Kept
from smartcustoms.kit.pagination import MAX_PAGE_SIZE
from smartcustoms.kit.search import search_names, search_text, words_of
from smartcustoms.reference import repository, sources
from smartcustoms.reference.messages import error
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
from smartcustoms.reference.rules import ReferenceCatalog
from smartcustoms.reference.suggestions import PICKERS as PICKERS
from smartcustoms.reference.suggestions import Suggestion as Suggestion
from smartcustoms.reference.suggestions import label_of as label_of
from smartcustoms.reference.suggestions import labels_of as labels_of
from smartcustoms.reference.suggestions import search_query as search_query
from smartcustoms.reference.suggestions import suggest as suggest

T = TypeVar("T")

HS_MAX_DIGITS = 6  # the international nomenclature stops at HS6; national digits are ignored
_LOCODE_PREFIX = re.compile(r"[A-Za-z0-9]{1,5}")


@dataclass(frozen=True)
class LoadReport:
    """Rows in each table after a load, rows the load inserted or updated, and its duration."""

    counts: dict[str, int]
    written: dict[str, int]
    seconds: float


@dataclass(frozen=True)
class SearchPage(Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int


# ---------------------------------------------------------------- loading


def _hs(rows: Iterable[sources.HsRow], texts_vi: Mapping[str, str]) -> Iterator[dict[str, Any]]:
    for r in rows:
        vi = texts_vi.get(r.code, "")
        yield {
            "code": r.code,
            "level": r.level,
            "parent": r.parent,
            "section": r.section,
            "description": r.description,
            "description_vi": vi,
            "search_text": search_text(r.description, vi),
        }


def _countries(
    rows: Iterable[sources.CountryRow], names_vi: Mapping[str, str]
) -> Iterator[dict[str, Any]]:
    for r in rows:
        vi = names_vi.get(r.code, "")
        yield {
            "code": r.code,
            "name": r.name,
            "name_vi": vi,
            "search_text": search_text(r.name, vi),
        }


def _locations(
    rows: Iterable[sources.LocationRow], names_vi: Mapping[str, str]
) -> Iterator[dict[str, Any]]:
    for r in rows:
        vi = names_vi.get(r.code, "")
        yield {
            "code": r.code,
            "country": r.country,
            "name": r.name,
            "name_vi": vi,
            "function": r.function,
            "subdivision": r.subdivision,
            "search_text": search_names(r.name, vi),
        }


def _offices(rows: Iterable[sources.CustomsOfficeRow]) -> Iterator[dict[str, Any]]:
    for r in rows:
        yield {
            "code": r.code,
            "name_vi": r.name_vi,
            "name_en": r.name_en,
            "location_code": r.location_code,
            "sample": r.sample,
        }


def _declaration_types(rows: Iterable[sources.DeclarationTypeRow]) -> Iterator[dict[str, Any]]:
    for r in rows:
        yield {
            "code": r.code,
            "direction": r.direction,
            "name_vi": r.name_vi,
            "name_en": r.name_en,
            "required_fields": " ".join(r.required_fields),
            "sample": r.sample,
        }


def _tables(data_dir: Path | None) -> list[tuple[type[Base], Iterable[Mapping[str, Any]]]]:
    """Each table with its rows, read lazily from the package files."""
    currency_vi = sources.read_names_vi("currency", data_dir)
    unit_vi = sources.read_names_vi("unit", data_dir)
    incoterm_vi = sources.read_names_vi("incoterm", data_dir)
    return [
        (HsCode, _hs(sources.read_hs_codes(data_dir), sources.read_hs_texts_vi(data_dir))),
        (
            Country,
            _countries(sources.read_countries(data_dir), sources.read_country_names_vi(data_dir)),
        ),
        (
            Currency,
            (
                {
                    "code": r.code,
                    "name": r.name,
                    "name_vi": currency_vi.get(r.code, ""),
                    "minor_units": r.minor_units,
                    "search_text": search_names(r.name, currency_vi.get(r.code)),
                }
                for r in sources.read_currencies(data_dir)
            ),
        ),
        (
            Location,
            _locations(
                sources.read_locations(data_dir), sources.read_names_vi("location", data_dir)
            ),
        ),
        (
            Unit,
            (
                {
                    "code": r.code,
                    "name": r.name,
                    "name_vi": unit_vi.get(r.code, ""),
                    "active": r.active,
                    "search_text": search_names(r.name, unit_vi.get(r.code)),
                }
                for r in sources.read_units(data_dir)
            ),
        ),
        (
            Incoterm,
            (
                {
                    "code": r.code,
                    "name": r.name,
                    "name_vi": incoterm_vi.get(r.code, ""),
                    "search_text": search_names(r.name, incoterm_vi.get(r.code)),
                }
                for r in sources.read_incoterms(data_dir)
            ),
        ),
        (
            TransportMode,
            (
                {
                    "code": r.code,
                    "name_en": r.name_en,
                    "name_vi": r.name_vi,
                    "search_text": search_text(r.name_en, r.name_vi),
                }
                for r in sources.read_transport_modes(data_dir)
            ),
        ),
        (CustomsOffice, _offices(sources.read_customs_offices(data_dir))),
        (DeclarationType, _declaration_types(sources.read_declaration_types(data_dir))),
    ]


def load_reference(
    session: Session, *, data_dir: Path | None = None, at: datetime | None = None
) -> LoadReport:
    """Upsert every packaged list; rerunning it changes nothing. Flushes, never commits.
    Given the time, a load that wrote rows is recorded in the audit chain."""
    started = time.perf_counter()
    session.flush()  # pending ORM edits must be in the tables the load compares against
    counts: dict[str, int] = {}
    written: dict[str, int] = {}
    for model, rows in _tables(data_dir):
        written[model.__tablename__] = repository.upsert(session, model, rows)
        counts[model.__tablename__] = repository.count_rows(session, model)
    session.flush()
    if at is not None and any(written.values()):
        audit.record(
            session,
            action="reference.loaded",
            object_type="reference",
            object_id="code_lists",
            at=at,
            details={"source": str(data_dir or "package"), "written": written},
        )
    _invalidate_when_settled(session)
    seconds = round(time.perf_counter() - started, 3)
    return LoadReport(counts=counts, written=written, seconds=seconds)


# ---------------------------------------------------------------- catalogue cache


class ReferenceCaches:
    """The reference domain's caches in one app (made by `caches.AppCaches`, carried by its
    sessions).

    `catalogs`: one snapshot of every code list per database (keyed by its URL: tests and
    tools may talk to several), at most 4, built on first use, since validation must not query
    nine tables per request; kept until a reference load through the app drops it (when the
    load's transaction ends). The lists change only with a new release of the packaged data.
    """

    def __init__(self) -> None:
        self.catalogs: Kept[str, ReferenceCatalog] = Kept(
            "reference.catalogs",
            maxsize=4,
            ttl_seconds=UNTIL_DROPPED,
            dropped_when="a reference load through the app (again when its transaction ends)",
        )

    def all(self) -> tuple[Kept[Any, Any], ...]:
        return (self.catalogs,)


def get_catalog(session: Session) -> ReferenceCatalog:
    """The kept snapshot of every code list for this session's database."""
    catalogs = carried(session, ReferenceCaches).catalogs
    key = database_key(session)
    catalog = catalogs.get(key)
    if catalog is None:
        catalog = repository.load_catalog(session)
        catalogs.put(key, catalog)
    return catalog


def invalidate_catalog(session: Session) -> None:
    """Forget the snapshot of this session's database."""
    carried(session, ReferenceCaches).catalogs.drop(database_key(session))


def _invalidate_when_settled(session: Session) -> None:
    # Drop the snapshot now, and again when the load commits or rolls back, so a catalogue
    # read inside the load's transaction is not kept once that transaction ends.
    invalidate_catalog(session)

    def forget(ended: Session) -> None:
        invalidate_catalog(ended)

    event.listen(session, "after_commit", forget, once=True)
    event.listen(session, "after_rollback", forget, once=True)


# ---------------------------------------------------------------- queries


def _bounds(limit: int, offset: int) -> tuple[int, int]:
    return min(max(limit, 1), MAX_PAGE_SIZE), max(offset, 0)


def _paged(
    fetch: Callable[[int, int], tuple[list[T], int]], limit: int, offset: int
) -> SearchPage[T]:
    limit, offset = _bounds(limit, offset)
    items, total = fetch(limit, offset)
    return SearchPage(items=items, total=total, limit=limit, offset=offset)


def search_hs(session: Session, *, q: str, limit: int = 20, offset: int = 0) -> SearchPage[HsCode]:
    """HS 2022 codes by code prefix ("8703", "8703.23") or by words in English or Vietnamese
    (any case, with or without diacritics, common trade words understood: "laptop"); the
    exact code first, then the codes under it, then the user's own words, then synonyms."""
    query = search_query(q, max_digits=HS_MAX_DIGITS)

    def fetch(lim: int, off: int) -> tuple[list[HsCode], int]:
        items = repository.search_hs_codes(session, query=query, limit=lim, offset=off)
        return items, repository.count_hs_codes(session, query=query)

    return _paged(fetch, limit, offset)


def get_hs_code(session: Session, *, code: str) -> HsCode:
    row = repository.get_hs_code(session, code)
    if row is None:
        raise error(NotFound, "unknown_hs_code", code=code)
    return row


def list_hs_children(session: Session, *, parent: str | None = None) -> list[HsCode]:
    """Chapters, or the codes directly under a chapter or heading: for browsing."""
    return repository.list_hs_children(session, parent)


def search_locations(
    session: Session,
    *,
    q: str = "",
    country: str | None = None,
    limit: int = 20,
    offset: int = 0,
) -> SearchPage[Location]:
    """UN/LOCODE locations whose code starts with q (e.g. "VNH") or whose name holds q's words."""
    q = q.strip()
    prefix = q.upper() if _LOCODE_PREFIX.fullmatch(q) else None
    words = words_of(q)
    country_code = country.strip().upper() if country else None

    def fetch(lim: int, off: int) -> tuple[list[Location], int]:
        return repository.search_locations(
            session, code_prefix=prefix, words=words, country=country_code, limit=lim, offset=off
        )

    return _paged(fetch, limit, offset)


def get_location(session: Session, *, code: str) -> Location:
    row = repository.get_location(session, code.upper())
    if row is None:
        raise error(NotFound, "unknown_location", code=code)
    return row


def search_units(
    session: Session,
    *,
    q: str = "",
    active_only: bool = True,
    limit: int = 20,
    offset: int = 0,
) -> SearchPage[Unit]:
    """Rec 20 units whose code is q (e.g. "KGM") or whose name holds q's words."""
    q = q.strip()
    code = q.upper() if q and " " not in q else None
    words = words_of(q)

    def fetch(lim: int, off: int) -> tuple[list[Unit], int]:
        return repository.search_units(
            session, words=words, code=code, active_only=active_only, limit=lim, offset=off
        )

    return _paged(fetch, limit, offset)


def list_countries(session: Session) -> list[Country]:
    return repository.list_countries(session)


def list_currencies(session: Session) -> list[Currency]:
    return repository.list_currencies(session)


def list_incoterms(session: Session) -> list[Incoterm]:
    return repository.list_incoterms(session)


def list_transport_modes(session: Session) -> list[TransportMode]:
    return repository.list_transport_modes(session)


def list_customs_offices(session: Session) -> list[CustomsOffice]:
    """The customs offices (our list is a SAMPLE: each row has sample=True)."""
    return repository.list_customs_offices(session)


def list_declaration_types(
    session: Session, *, direction: str | None = None
) -> list[DeclarationType]:
    """Declaration type codes, optionally only "import" or "export" ones (SAMPLE list)."""
    return repository.list_declaration_types(session, direction=direction)


def get_declaration_type(session: Session, *, code: str) -> DeclarationType:
    row = repository.get_declaration_type(session, code.upper())
    if row is None:
        raise error(NotFound, "unknown_declaration_type", code=code)
    return row
