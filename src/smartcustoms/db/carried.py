"""What an application hands to every session it makes (its caches), found by their type.

Domains are handed a session, not the app; a session made by the app's factory carries the
app's objects in `session.info`, keyed by their class, so `carried(session, TariffCaches)` finds
the tariff's caches of the app that made the session. A session made otherwise (a script's,
a test's) gets fresh ones on first use, kept for the session's own life.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from sqlalchemy.orm import Session, sessionmaker

T = TypeVar("T")


def sessions_carrying(
    factory: sessionmaker[Session], parts: Iterable[object]
) -> sessionmaker[Session]:
    """A factory making the sessions `factory` makes, each carrying `parts` by their class."""
    options = dict(factory.kw)
    info = {**options.pop("info", {}), **{type(part): part for part in parts}}
    return sessionmaker(class_=factory.class_, info=info, **options)


def carried(session: Session, kind: type[T]) -> T:
    """The session's `kind` object: its app's, or one made for this session alone."""
    found: T | None = session.info.get(kind)
    if found is None:
        found = kind()
        session.info[kind] = found
    return found
