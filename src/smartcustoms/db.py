"""Declarative base, engine and session factory for SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, cast
from weakref import WeakKeyDictionary

from sqlalchemy import DateTime, MetaData, Numeric, String, create_engine, event
from sqlalchemy.engine import Dialect, Engine
from sqlalchemy.orm import (
    DeclarativeBase,
    ORMExecuteState,
    Session,
    SessionTransaction,
    sessionmaker,
)
from sqlalchemy.sql.expression import ClauseElement, Executable
from sqlalchemy.types import TypeDecorator, TypeEngine

# Stable constraint names so Alembic migrations look the same on both databases.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on both databases (SQLite stores naive values)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; take the time from the clock (kit.clock)")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


class ExactDecimal(TypeDecorator[Decimal]):
    """Decimal stored exactly: NUMERIC on PostgreSQL, text on SQLite (whose REAL would round)."""

    impl = Numeric
    cache_ok = True

    def __init__(self, precision: int = 18, scale: int = 4) -> None:
        super().__init__(precision, scale, asdecimal=True)
        self.precision = precision
        self.scale = scale

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(String(40))
        return dialect.type_descriptor(Numeric(self.precision, self.scale, asdecimal=True))

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        exact = Decimal(value).quantize(Decimal(1).scaleb(-self.scale))
        return str(exact) if dialect.name == "sqlite" else exact

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        return None if value is None else Decimal(str(value))


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # pysqlite's own transaction handling breaks SAVEPOINT; SQLAlchemy emits BEGIN itself.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def _sqlite_begin(connection: Any) -> None:
    # IMMEDIATE takes the write lock up front: two deferred transactions that both read
    # and then write would otherwise fail with "database is locked" instead of waiting.
    connection.exec_driver_sql("BEGIN IMMEDIATE")


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


_driver_sql: dict[Executable, str] = {}


def first_row(
    session: Session, statement: Executable, params: Mapping[str, Any]
) -> Sequence[Any] | None:
    """The first row of a read, on the session's connection and in its transaction.

    On PostgreSQL the statement, compiled once, runs on psycopg's own cursor: for the reads
    every registration makes, SQLAlchemy's per-execution work (parameter processing, result
    metadata, row objects) cost more CPU than the query. Values come back as psycopg makes
    them, which for PostgreSQL's types are the ones SQLAlchemy would give. Elsewhere (SQLite
    stores dates as text) the statement's own result types apply.
    """
    connection = session.connection()
    if connection.dialect.name != "postgresql":
        row = connection.execute(statement, dict(params)).first()
        return None if row is None else tuple(row)
    sql = _driver_sql.get(statement)
    if sql is None:
        sql = str(cast(ClauseElement, statement).compile(dialect=connection.dialect))
        _driver_sql[statement] = sql
    with connection.connection.driver_connection.cursor() as cursor:  # type: ignore[union-attr]
        cursor.execute(sql, params)
        found: Sequence[Any] | None = cursor.fetchone()
        return found


# ---------------------------------------------------------------------------- single-write units

_WRITES = "smartcustoms.single_write.writes"  # session.info: writes made in the unit so far


class SecondWrite(RuntimeError):
    """A unit of work declared to write once tried to write again: a programming error,
    refused before it reaches the database."""


def single_write_unit(session: Session) -> None:
    """Declare that the session's unit of work reads, then writes with ONE statement (an
    InsertBatch), then commits; it lasts until the session's transaction ends.

    On PostgreSQL, when the session has a connection of its own (not one joined to an outer
    transaction, as in the tests), the unit runs in autocommit: one statement is atomic by
    itself, and BEGIN and COMMIT were two of a filing's five round trips. Reads see what they
    saw before, since READ COMMITTED takes a snapshot per statement anyway. A second write
    there is refused (`SecondWrite`), in the tests too: another InsertBatch write, an ORM
    flush with changes, or an INSERT, UPDATE or DELETE through the session.

    SQLite keeps its transaction (its number counter is a write of its own).
    """
    bind = session.get_bind()
    if bind.dialect.name != "postgresql":
        return
    if not session.in_transaction():
        if isinstance(bind, Engine):
            session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
        else:
            session.begin()
    session.info[_WRITES] = 0


def note_write(session: Session) -> None:
    """A write statement is about to run; in a single-write unit only the first may."""
    writes = session.info.get(_WRITES)
    if writes is None:
        return
    if writes:
        raise SecondWrite("this unit of work was declared to write with one statement")
    session.info[_WRITES] = 1


@event.listens_for(Session, "before_flush")
def _refuse_flush_in_single_write(session: Session, _context: Any, _instances: Any) -> None:
    if _WRITES not in session.info:
        return
    if session.new or session.deleted or any(session.is_modified(o) for o in session.dirty):
        raise SecondWrite("an ORM flush with changes in a single-write unit of work")


@event.listens_for(Session, "do_orm_execute")
def _refuse_dml_in_single_write(state: ORMExecuteState) -> None:
    if _WRITES in state.session.info and (state.is_insert or state.is_update or state.is_delete):
        raise SecondWrite("an INSERT, UPDATE or DELETE in a single-write unit of work")


@event.listens_for(Session, "after_transaction_end")
def _end_single_write(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:
        session.info.pop(_WRITES, None)


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
