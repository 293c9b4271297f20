"""A process trusts the tariff import in force it read last, for a set time."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import insert
from sqlalchemy.orm import Session, sessionmaker

from smartcustoms.reference.service import get_catalog
from smartcustoms.tariff import service
from smartcustoms.tariff.importer import SAMPLE_DIR
from smartcustoms.tariff.models import TariffImport
from support import TEST_NOW


@pytest.fixture
def recheck_every_minute() -> Iterator[None]:
    service.recheck_schedule_every(60.0)
    yield
    service.recheck_schedule_every(0.0)


def _book_in_force(factory: sessionmaker[Session]) -> object:
    with factory() as session, session.begin():
        return service.get_book(session)


def test_an_import_through_this_process_is_in_force_at_once(
    recheck_every_minute: None, session_factory: sessionmaker[Session]
) -> None:
    before = _book_in_force(session_factory)
    assert _book_in_force(session_factory) is before  # remembered, not read again

    with session_factory() as session, session.begin():
        service.import_directory(session, SAMPLE_DIR, catalog=get_catalog(session), at=TEST_NOW)

    assert _book_in_force(session_factory) is not before


def test_an_import_made_elsewhere_is_seen_once_the_time_is_up(
    recheck_every_minute: None, session_factory: sessionmaker[Session]
) -> None:
    before = _book_in_force(session_factory)
    with session_factory() as session, session.begin():  # as another process would write it
        session.execute(
            insert(TariffImport).values(imported_at=TEST_NOW, source="elsewhere", counts={})
        )

    assert _book_in_force(session_factory) is before
    service.recheck_schedule_every(0.0)  # the time is up: the next transaction asks again
    assert _book_in_force(session_factory) is not before
