"""The control registry each app keeps in memory (`PermitsCaches`, made by `caches.AppCaches`,
carried by its sessions), so a registration matches its lines without reading the registry.

Every registration reads the registry's version number (one primary-key read); the registry
is read again only when that number moved. Every change raises it in the same transaction
(`registry_changed`), so a change committed by any process is used at once. A transaction
that changes the registry never keeps what it reads (it may still roll back, and a later
change would reuse its number), and when it ends the database's kept registries are dropped.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from smartcustoms.db import carried, database_key
from smartcustoms.kit.caches import UNTIL_DROPPED, Kept
from smartcustoms.permits import repository
from smartcustoms.permits.repository import ControlRow

CHANGING = "permits_registry_changing"


@dataclass(frozen=True)
class Registry:
    """The registry in force at one version, its entries by tariff prefix."""

    version: int
    by_prefix: Mapping[str, tuple[ControlRow, ...]]

    def for_prefixes(self, prefixes: Collection[str]) -> list[ControlRow]:
        """The entries of these prefixes, ordered by key (as the registry is listed)."""
        found = [row for prefix in prefixes for row in self.by_prefix.get(prefix, ())]
        return sorted(found, key=lambda row: row.entry.key)


class PermitsCaches:
    """The single window's caches in one app.

    - `registries`: the control registry by database and version, at most 4; an entry is
      never stale, since its key names the version, and a change through the app drops the
      database's entries when its transaction ends.
    - `latest`: the registry last used per database, at most 8: a registration matches its
      lines against it and checks its version in the statement that reads their licences
      (`Registry.version`); dropped with `registries`.
    """

    def __init__(self) -> None:
        self.registries: Kept[tuple[str, int], Registry] = Kept(
            "permits.registry",
            maxsize=4,
            ttl_seconds=UNTIL_DROPPED,
            dropped_when="the registry changes through the app; keyed by its version number",
        )
        self.latest: Kept[str, Registry] = Kept(
            "permits.latest_registry",
            maxsize=8,
            ttl_seconds=UNTIL_DROPPED,
            dropped_when="the registry changes through the app (its version is checked in use)",
        )

    def registry_changed(self, database: str) -> None:
        self.registries.drop_where(lambda key: key[0] == database)
        self.latest.drop(database)

    def all(self) -> tuple[Kept[Any, Any], ...]:
        return (self.registries, self.latest)


def _read(session: Session, version: int) -> Registry:
    by_prefix: dict[str, list[ControlRow]] = {}
    for row in repository.controls(session):
        by_prefix.setdefault(row.entry.hs_prefix, []).append(row)
    return Registry(version, {prefix: tuple(rows) for prefix, rows in by_prefix.items()})


def registry_in_force(session: Session) -> Registry:
    """The registry in force, from memory unless its version moved (one small read)."""
    version = repository.registry_version(session)
    if session.info.get(CHANGING):
        return _read(session, version)
    database = database_key(session)
    caches = carried(session, PermitsCaches)
    found = caches.registries.get_or_make((database, version), lambda: _read(session, version))
    caches.latest.put(database, found)
    return found


def latest_registry(session: Session) -> Registry | None:
    """The registry this app last used on this database, its version not checked (None: none
    kept, or this transaction changes the registry): the caller checks it."""
    if session.info.get(CHANGING):
        return None
    return carried(session, PermitsCaches).latest.get(database_key(session))


def registry_changed(session: Session, at: datetime) -> None:
    """Called by every change to the registry, in its transaction: its version is raised."""
    repository.raise_registry_version(session, at)
    session.info[CHANGING] = True


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
def _forget_changed_registry(session: Session) -> None:
    if session.info.pop(CHANGING, False):
        carried(session, PermitsCaches).registry_changed(database_key(session))
