"""The schedule in force: importing one, knowing which import is in force, its indexed book.

Two process-wide memories live here: `_loaded`, one indexed book per database and import,
and `_recent`, the import in force as last read per engine, trusted for
`recheck_schedule_every(seconds)`; a transaction also keeps the key it read in session.info.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from weakref import WeakKeyDictionary

from sqlalchemy import Engine, event
from sqlalchemy.orm import Session

from smartcustoms.db import database_key
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
    return repository.replace_schedule(session, schedule, source=str(directory), at=at)


def latest_import(session: Session) -> TariffImport | None:
    return repository.latest_import(session)


@dataclass(frozen=True)
class _Loaded:
    book: rules.TariffBook
    national_lines: frozenset[str]


# One indexed book per database and schedule import: building it reads every rate.
# Unbounded: an entry per import seen by the process (a few a year per database); a book of
# an import no longer in force is simply never asked for again.
ImportKey = tuple[str, int, datetime | None]
_loaded: dict[ImportKey, _Loaded] = {}


@dataclass
class _RecentKeys:
    """The import in force as last read per engine, trusted for `seconds` (0: never).

    Asking the database in every registration costs a statement; a new schedule is imported
    a few times a year, so a process may go on with the key it read a moment ago. An import
    made through this process is seen at once; one made elsewhere within `seconds`.
    """

    seconds: float = 0.0
    seen: WeakKeyDictionary[Engine, tuple[float, ImportKey]] = field(
        default_factory=WeakKeyDictionary
    )

    def recall(self, engine: Engine) -> ImportKey | None:
        entry = self.seen.get(engine)
        if entry is None or time.monotonic() - entry[0] > self.seconds:
            return None
        return entry[1]

    def remember(self, engine: Engine, key: ImportKey) -> None:
        self.seen[engine] = (time.monotonic(), key)


_recent = _RecentKeys()


def recheck_schedule_every(seconds: float) -> None:
    """How long a process trusts the import in force it read last (0: every transaction)."""
    _recent.seconds = seconds
    _recent.seen.clear()


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
def _forget_import_key(session: Session) -> None:
    session.info.pop("tariff_import_key", None)
    if session.info.pop("tariff_importing", False):
        _recent.seen.pop(session.get_bind().engine, None)


@event.listens_for(Session, "after_soft_rollback")
def _forget_import_key_after_savepoint(session: Session, _previous: object) -> None:
    # A savepoint rolled back may have taken an import with it.
    session.info.pop("tariff_import_key", None)


def _latest_import_key(session: Session) -> ImportKey:
    """Which schedule is in force, asked once per transaction (cleared at its end)."""
    key: ImportKey | None = session.info.get("tariff_import_key")
    if key is not None:
        return key
    # An import not yet committed is never remembered: it may still be rolled back.
    engine = session.get_bind().engine
    trusted = _recent.seconds > 0 and not session.info.get("tariff_importing")
    key = _recent.recall(engine) if trusted else None
    if key is None:
        key = _read_import_key(session)
        if trusted:
            _recent.remember(engine, key)
    session.info["tariff_import_key"] = key
    return key


def _read_import_key(session: Session) -> ImportKey:
    latest = repository.latest_import_version(session)
    # The time guards against an id reused after a rolled-back import (SQLite reuses ids).
    return (database_key(session), *latest) if latest else (database_key(session), 0, None)


def import_id_in_force(session: Session) -> int | None:
    """The id of the import the book in force was built from (None before any import)."""
    return _latest_import_key(session)[1] or None


def _current(session: Session) -> _Loaded:
    key = _latest_import_key(session)
    loaded = _loaded.get(key)
    if loaded is None:
        schedule = repository.load_schedule(session)
        loaded = _Loaded(rules.TariffBook(schedule), frozenset(x.hs8 for x in schedule.lines))
        _loaded[key] = loaded
    return loaded


def get_book(session: Session) -> rules.TariffBook:
    """The schedule in force, indexed; rebuilt only when a new schedule has been imported."""
    return _current(session).book


def national_lines(session: Session) -> frozenset[str]:
    """The 8-digit lines of the schedule in force (empty before any import)."""
    return _current(session).national_lines
