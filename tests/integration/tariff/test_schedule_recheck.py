"""An app trusts the tariff import in force it read last, for a set time; an import through
the app drops its tariff caches at once."""

from __future__ import annotations

from sqlalchemy import insert
from sqlalchemy.orm import Session, sessionmaker

from smartcustoms.caches import AppCaches
from smartcustoms.reference.service import get_catalog
from smartcustoms.tariff import service
from smartcustoms.tariff.importer import SAMPLE_DIR
from smartcustoms.tariff.models import TariffImport
from support import TEST_NOW


class Timer:
    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


def _app_sessions(
    session_factory: sessionmaker[Session], timer: Timer
) -> tuple[AppCaches, sessionmaker[Session]]:
    caches = AppCaches(tariff=service.TariffCaches(recheck_seconds=60.0, timer=timer))
    return caches, caches.sessions(session_factory)


def _book_in_force(factory: sessionmaker[Session]) -> object:
    with factory() as session, session.begin():
        return service.get_book(session)


def test_an_import_through_this_app_is_in_force_at_once(
    session_factory: sessionmaker[Session],
) -> None:
    caches, factory = _app_sessions(session_factory, Timer())
    before = _book_in_force(factory)
    assert _book_in_force(factory) is before  # remembered, not read again

    with factory() as session, session.begin():
        service.import_directory(session, SAMPLE_DIR, catalog=get_catalog(session), at=TEST_NOW)

    assert len(caches.tariff.books) == 0  # the import dropped the database's books
    assert _book_in_force(factory) is not before


def test_an_import_made_elsewhere_is_seen_once_the_time_is_up(
    session_factory: sessionmaker[Session],
) -> None:
    timer = Timer()
    _caches, factory = _app_sessions(session_factory, timer)
    before = _book_in_force(factory)
    with session_factory() as session, session.begin():  # as another process would write it
        session.execute(
            insert(TariffImport).values(imported_at=TEST_NOW, source="elsewhere", counts={})
        )

    timer.now += 59
    assert _book_in_force(factory) is before
    timer.now += 2  # the time is up: the next transaction asks again
    assert _book_in_force(factory) is not before


def test_each_app_keeps_its_own_books(session_factory: sessionmaker[Session]) -> None:
    _one, first = _app_sessions(session_factory, Timer())
    _other, second = _app_sessions(session_factory, Timer())

    assert _book_in_force(first) is _book_in_force(first)
    assert _book_in_force(first) is not _book_in_force(second)


def test_the_books_kept_are_bounded(session_factory: sessionmaker[Session]) -> None:
    caches, factory = _app_sessions(session_factory, Timer())
    books = caches.tariff.books
    for import_id in range(1, books.describe().maxsize + 3):
        with factory() as session:
            session.info["tariff_import_key"] = ("elsewhere", import_id, None)
            service.get_book(session)

    assert len(books) == books.describe().maxsize
