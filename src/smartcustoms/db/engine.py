"""Engines and sessions for SQLite and PostgreSQL: pragmas, pools, units of work."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import (
    Session,
    sessionmaker,
)
from sqlalchemy.sql.expression import Executable


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # pysqlite's own transaction handling breaks SAVEPOINT; SQLAlchemy emits BEGIN itself.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


_READ_ONLY = "smartcustoms_read_only"  # a connection's execution option: see read_only_unit


def _sqlite_begin(connection: Any) -> None:
    # IMMEDIATE takes the write lock up front: two deferred transactions that both read
    # and then write would otherwise fail with "database is locked" instead of waiting.
    # A read-only unit needs no write lock (in WAL mode readers never wait for writers).
    read_only = connection.get_execution_options().get(_READ_ONLY)
    connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


def make_engine(url: str, *, pool_size: int = 10) -> Engine:
    """Create an engine; SQLite gets WAL and foreign keys, PostgreSQL uses psycopg 3."""
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    # No pre-ping: it costs a round trip on every checkout. A connection that died (server
    # restart) fails its request once and the pool replaces it; recycling bounds their age.
    return create_engine(url, pool_size=pool_size, max_overflow=pool_size, pool_recycle=1800)


_database_keys: WeakKeyDictionary[Engine, str] = WeakKeyDictionary()


def database_key(session: Session) -> str:
    """Which database a session talks to (its URL without password), for per-database caches.

    Rendering a URL is slow enough to matter on every request, so it is done once per engine.
    """
    engine = session.get_bind().engine
    key = _database_keys.get(engine)
    if key is None:
        key = engine.url.render_as_string(hide_password=True)
        _database_keys[engine] = key
    return key


def first_row(
    session: Session, statement: Executable, params: Mapping[str, Any]
) -> Sequence[Any] | None:
    """The first row of a read, on the session's connection and in its transaction."""
    row = session.connection().execute(statement, dict(params)).first()
    return None if row is None else tuple(row)


def read_only_unit(session: Session) -> None:
    """Declare, before its first statement, that the session only reads.

    On PostgreSQL, a session with a connection of its own reads in autocommit: no BEGIN and
    no ROLLBACK round trips (READ COMMITTED takes a snapshot per statement anyway). On SQLite
    its transaction takes no write lock, so it does not wait for a registration to commit.
    A session joined to an outer transaction (the tests') stays as it is.
    """
    bind = session.get_bind()
    if session.in_transaction() or not isinstance(bind, Engine):
        return
    if bind.dialect.name == "postgresql":
        session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
    else:
        session.connection(execution_options={_READ_ONLY: True})


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False, autoflush=True)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One unit of work: commit on success, roll back on any error."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
