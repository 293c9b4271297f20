"""Read-only units: the access check of every API request opens no transaction on
PostgreSQL, and takes no write lock on SQLite (it never waits for a registration)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event, text

from smartcustoms.db import make_engine, make_session_factory, read_only_unit
from smartcustoms.migrate import upgrade
from support import Database


@pytest.fixture
def postgresql_engine(committing_postgresql: Database) -> Iterator[Engine]:
    engine = make_engine(committing_postgresql.url, pool_size=2)
    yield engine
    engine.dispose()


def test_a_read_only_unit_on_postgresql_reads_in_autocommit(postgresql_engine: Engine) -> None:
    sent: list[tuple[str, bool]] = []

    @event.listens_for(postgresql_engine, "before_cursor_execute")
    def record(conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        sent.append((statement, conn.connection.driver_connection.autocommit))

    with make_session_factory(postgresql_engine)() as session:
        read_only_unit(session)
        assert session.scalar(text("SELECT 1")) == 1

    assert sent == [("SELECT 1", True)]
    with make_session_factory(postgresql_engine)() as session:  # the pool's connection is reset
        assert session.connection().connection.driver_connection.autocommit is False  # type: ignore[union-attr]


def test_a_read_only_unit_on_sqlite_does_not_wait_for_a_writer(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'locks.db'}"
    upgrade(url)
    engine = make_engine(url)
    try:
        factory = make_session_factory(engine)
        with factory() as writer, factory() as reader:
            writer.execute(text("UPDATE users SET active = active"))  # holds the write lock
            read_only_unit(reader)
            # Would wait for the writer (busy timeout) if it began IMMEDIATE, then fail.
            assert reader.scalar(text("SELECT count(*) FROM users")) == 0
            writer.rollback()
    finally:
        engine.dispose()
