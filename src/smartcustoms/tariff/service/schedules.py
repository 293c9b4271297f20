"""The schedule in force: importing one, knowing which import is in force, its indexed book.

The books and the import in force are kept in the app's `TariffCaches` (below); a
transaction also keeps the key it read in session.info.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from smartcustoms.audit import service as audit
from smartcustoms.db import carried, database_key
from smartcustoms.kit.caches import UNTIL_DROPPED, Kept
from smartcustoms.reference.rules import ReferenceCatalog
from smartcustoms.tariff import importer, repository, rules
from smartcustoms.tariff.models import TariffImport


def import_directory(
    session: Session, directory: Path, *, catalog: ReferenceCatalog, at: datetime
) -> TariffImport:
    """Check every row of the five CSV files; load all of them or, on any bad row, nothing."""
    schedule = importer.import_schedule(
        directory,
        hs6_codes=catalog.hs6,
        units=catalog.units,
        countries=catalog.countries,
        currencies=catalog.currencies,
    )
    session.info.pop("tariff_import_key", None)
    session.info["tariff_importing"] = True
    found = repository.replace_schedule(session, schedule, source=str(directory), at=at)
    audit.record(
        session,
        action="tariff.imported",
        object_type="tariff",
        object_id=found.id,
        at=at,
        details={"source": found.source, "counts": dict(found.counts)},
    )
    return found


def latest_import(session: Session) -> TariffImport | None:
    return repository.latest_import(session)


@dataclass(frozen=True)
class _Loaded:
    book: rules.TariffBook
    national_lines: frozenset[str]


# Which database, which import (its id and time): the time guards against an id reused after
# a rolled-back import (SQLite reuses ids).
ImportKey = tuple[str, int, datetime | None]


class TariffCaches:
    """The tariff's caches in one app (made by `caches.AppCaches`, carried by its sessions).

    - `books`: the indexed book of each import, at most 4 (building one reads every rate);
      an entry is never stale, since its key names the import, and an import committed
      through this app drops the database's books.
    - `in_force`: the import in force as last read per database, trusted for
      `recheck_seconds` (0: asked in every transaction). A new schedule comes a few times a
      year, and asking cost a statement per registration; an import through this app drops
      the entry when it commits, so it is seen at once; one made by another process is seen
      within `recheck_seconds`.
    """

    def __init__(
        self, recheck_seconds: float = 0.0, *, timer: Callable[[], float] = time.monotonic
    ) -> None:
        self.recheck_seconds = recheck_seconds
        self.books: Kept[ImportKey, _Loaded] = Kept(
            "tariff.books",
            maxsize=4,
            ttl_seconds=UNTIL_DROPPED,
            dropped_when="a tariff import commits through the app",
        )
        self.in_force: Kept[str, ImportKey] = Kept(
            "tariff.import_in_force",
            maxsize=8,
            ttl_seconds=recheck_seconds,
            dropped_when="a tariff import commits through the app",
            timer=timer,
        )

    def import_committed(self, database: str) -> None:
        self.in_force.drop(database)
        self.books.drop_where(lambda key: key[0] == database)

    def all(self) -> tuple[Kept[Any, Any], ...]:
        return (self.books, self.in_force)


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
def _forget_import_key(session: Session) -> None:
    session.info.pop("tariff_import_key", None)
    if session.info.pop("tariff_importing", False):
        carried(session, TariffCaches).import_committed(database_key(session))


@event.listens_for(Session, "after_soft_rollback")
def _forget_import_key_after_savepoint(session: Session, _previous: object) -> None:
    # A savepoint rolled back may have taken an import with it.
    session.info.pop("tariff_import_key", None)


def _latest_import_key(session: Session) -> ImportKey:
    """Which schedule is in force, asked once per transaction (cleared at its end)."""
    key: ImportKey | None = session.info.get("tariff_import_key")
    if key is not None:
        return key
    caches = carried(session, TariffCaches)
    # An import not yet committed is never remembered: it may still be rolled back.
    trusted = caches.recheck_seconds > 0 and not session.info.get("tariff_importing")
    database = database_key(session)
    key = caches.in_force.get(database) if trusted else None
    if key is None:
        key = _read_import_key(session, database)
        if trusted:
            caches.in_force.put(database, key)
    session.info["tariff_import_key"] = key
    return key


def _read_import_key(session: Session, database: str) -> ImportKey:
    latest = repository.latest_import_version(session)
    return (database, *latest) if latest else (database, 0, None)


def import_id_in_force(session: Session) -> int | None:
    """The id of the import the book in force was built from (None before any import)."""
    return _latest_import_key(session)[1] or None


def _current(session: Session) -> _Loaded:
    key = _latest_import_key(session)
    books = carried(session, TariffCaches).books
    loaded = books.get(key)
    if loaded is None:
        schedule = repository.load_schedule(session)
        loaded = _Loaded(rules.TariffBook(schedule), frozenset(x.hs8 for x in schedule.lines))
        books.put(key, loaded)
    return loaded


def get_book(session: Session) -> rules.TariffBook:
    """The schedule in force, indexed; rebuilt only when a new schedule has been imported."""
    return _current(session).book


def national_lines(session: Session) -> frozenset[str]:
    """The 8-digit lines of the schedule in force (empty before any import)."""
    return _current(session).national_lines
