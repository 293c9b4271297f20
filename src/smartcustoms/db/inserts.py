"""New rows of several tables, written together at the end of a unit of work.

A registration decides everything first (the declaration's final state, its items, its
status history, what each registration step found, the outbox events) and only then writes.
Its rows are collected in an InsertBatch and written at once: on PostgreSQL in ONE statement
(each table's rows travel as one JSONB array parameter and are inserted by a data-modifying
CTE),
elsewhere as one executemany per table. Rows that other rows point at get their ids before
the write (`new_id`), so the whole batch needs no RETURNING and no round trip per table.

Why: a registration used to be nine statements, the declaration written as submitted and
then updated; per statement the application and PostgreSQL each pay a fixed CPU cost, and
the update wrote a second version of the row and of its six index entries.
"""

from __future__ import annotations

import json
import math
import threading
from collections import deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from operator import itemgetter
from typing import Any, Protocol, TypeVar

from sqlalchemy import Column, Table, func, insert, select, text, update
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.types import JSON, String, TypeDecorator

from smartcustoms.db import Base, database_key, note_write


class JsonText(str):
    """Text that is already JSON (for a JSON column): stored as given, not encoded again."""

    __slots__ = ()


# ---------------------------------------------------------------------------- ids

# PostgreSQL: ids are taken from a table's sequence this many at a time per process, so most
# rows need no statement for their id. Ids stay unique; a process that stops leaves the rest
# of its block unused, and ids are ordered by when a block was taken, not by commit.
ID_BLOCK = 50
# Per process on purpose (a reservation, not a copy of data, so nothing can make it stale):
# at most one block per table and database. docs/architecture.md, "Caches".
_id_blocks: dict[tuple[str, str], deque[int]] = {}
_id_lock = threading.Lock()


def _take_block(connection: Connection, table: Table) -> deque[int]:
    query = text("SELECT nextval(pg_get_serial_sequence(:table, 'id')) FROM generate_series(1, :n)")
    found = connection.execute(query, {"table": table.name, "n": ID_BLOCK}).scalars()
    return deque(int(value) for value in found)


def _postgresql_id(session: Session, table: Table) -> int:
    key = (database_key(session), table.name)
    with _id_lock:
        block = _id_blocks.get(key)
        if block:
            return block.popleft()
    # Taken outside the lock: a sequence never waits, and the lock is never held over I/O.
    fresh = _take_block(session.connection(), table)
    new_id = fresh.popleft()
    with _id_lock:
        _id_blocks.setdefault(key, deque()).extend(fresh)
    return new_id


# ---------------------------------------------------------------------------- values as JSON

_PG_DIALECT = postgresql.dialect()  # type: ignore[no-untyped-call]


def _plain_type(column: Column[Any]) -> Any:
    column_type = column.type
    if isinstance(column_type, TypeDecorator):
        return column_type.load_dialect_impl(_PG_DIALECT)
    return column_type.dialect_impl(_PG_DIALECT)


def _sql_value(column: Column[Any], position: int) -> str:
    """How the JSON array's element becomes the column's value in SQL."""
    value = f"r ->> {position}"
    plain = _plain_type(column)
    if isinstance(plain, JSON):
        return f"CAST({value} AS {plain.compile(dialect=_PG_DIALECT)})"
    if isinstance(plain, String):
        return value  # assigning text to varchar(n) checks the length; a CAST would truncate
    return f"CAST({value} AS {plain.compile(dialect=_PG_DIALECT)})"


Converter = Callable[[Any], Any]


def _as_json_value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _converter(column: Column[Any]) -> Converter | None:
    """A value (never None) -> what the JSON array carries for the column; None: as it is."""
    column_type = column.type
    if isinstance(_plain_type(column), JSON):
        return lambda value: value if isinstance(value, JsonText) else json.dumps(value)
    if isinstance(column_type, TypeDecorator):
        # The column type's own conversion first (UTC times, decimals to their scale).
        bind = column_type.process_bind_param
        return lambda value: _as_json_value(bind(value, _PG_DIALECT))
    python_type = getattr(column_type, "python_type", None) if _has_python_type(column) else None
    if python_type in (datetime, date, Decimal):
        return _as_json_value
    if python_type is float:
        # JSON has no NaN or infinity; as text, PostgreSQL's float input reads them.
        return lambda value: value if math.isfinite(value) else str(value)
    return None


def _has_python_type(column: Column[Any]) -> bool:
    try:
        column.type.python_type  # noqa: B018 - some types raise NotImplementedError
    except NotImplementedError:
        return False
    return True


@dataclass(frozen=True)
class _Shape:
    """One table's insert for a given set of columns: its SQL and value converters."""

    table: Table
    columns: tuple[str, ...]
    sql: str
    values_of: Callable[[Mapping[str, Any]], tuple[Any, ...]]
    converting: tuple[tuple[int, Converter], ...]  # only the columns that need converting

    def json_rows(self, rows: Sequence[Mapping[str, Any]]) -> str:
        values_of, converting = self.values_of, self.converting
        converted = []
        for row in rows:
            values = list(values_of(row))
            for index, convert in converting:
                value = values[index]
                if value is not None:
                    values[index] = convert(value)
            converted.append(values)
        return json.dumps(converted)


def _getter(columns: tuple[str, ...]) -> Callable[[Mapping[str, Any]], tuple[Any, ...]]:
    if len(columns) == 1:  # itemgetter of one key returns the value, not a tuple
        (name,) = columns
        return lambda row: (row[name],)
    return itemgetter(*columns)


# Derived from the code's tables, so never stale; bounded by the (table, columns) shapes the
# code writes. docs/architecture.md, "Caches".
_shapes: dict[tuple[str, tuple[str, ...]], _Shape] = {}


def _shape(table: Table, columns: tuple[str, ...]) -> _Shape:
    key = (table.name, columns)
    shape = _shapes.get(key)
    if shape is None:
        chosen = [table.c[name] for name in columns]
        values = ", ".join(_sql_value(column, i) for i, column in enumerate(chosen))
        sql = (
            f"INSERT INTO {table.name} ({', '.join(columns)}) SELECT {values}"
            " FROM jsonb_array_elements(CAST(%(__rows__)s AS jsonb)) AS r"
        )
        converters = ((i, _converter(column)) for i, column in enumerate(chosen))
        converting = tuple((i, convert) for i, convert in converters if convert is not None)
        shape = _Shape(table, columns, sql, _getter(columns), converting)
        _shapes[key] = shape
    return shape


def _one_statement(parts: Sequence[str]) -> str:
    """Every insert but the last as a data-modifying CTE, which PostgreSQL always runs."""
    ctes = [f"w{i} AS ({sql})" for i, sql in enumerate(parts[:-1])]
    return (f"WITH {', '.join(ctes)} " if ctes else "") + parts[-1]


_table_order: dict[str, int] = {}


def _order(table: Table) -> int:
    """Parents before children, as the foreign keys require on SQLite (checked per statement)."""
    if not _table_order:
        _table_order.update({t.name: i for i, t in enumerate(Base.metadata.sorted_tables)})
    return _table_order.get(table.name, len(_table_order))


# ---------------------------------------------------------------------------- the batch


class Tail(Protocol):
    """A write that travels with a batch but is not plain inserts (the audit chain's append):
    on PostgreSQL CTEs added to the batch's one statement, after its inserts; elsewhere a
    function run after them."""

    recursive: bool  # its CTEs need WITH RECURSIVE

    def postgresql(self) -> tuple[list[str], dict[str, str]]:
        """Its CTEs (`name AS (...)`, parameters as `%(name)s`) and their parameters."""
        ...

    def write_each(self, connection: Connection) -> None: ...


T = TypeVar("T", bound=Tail)


@dataclass
class _Decrements:
    """A tail: amounts taken off one integer column of existing rows, by row id, guarded by a
    CHECK constraint of the table (the column may not go below what it allows)."""

    table: Table
    column: str
    constraint: str  # the CHECK constraint's name, or a part of it
    refused: Callable[[], Exception]  # what a violation means, raised instead
    amounts: dict[int, int] = field(default_factory=dict)
    recursive: bool = False

    def postgresql(self) -> tuple[list[str], dict[str, str]]:
        table, column, param = self.table.name, self.column, f"take_{self.table.name}"
        cte = (
            f"{param} AS (UPDATE {table} AS t SET {column} = t.{column} - CAST(d ->> 1 AS bigint)"
            f" FROM jsonb_array_elements(CAST(%({param})s AS jsonb)) AS d"
            " WHERE t.id = CAST(d ->> 0 AS bigint))"
        )
        rows = json.dumps([[row_id, amount] for row_id, amount in sorted(self.amounts.items())])
        return [cte], {param: rows}

    def write_each(self, connection: Connection) -> None:
        column = self.table.c[self.column]
        for row_id, amount in sorted(self.amounts.items()):
            connection.execute(
                update(self.table)
                .where(self.table.c.id == row_id)
                .values({column: column - amount})
            )

    def refusal(self, error: IntegrityError) -> Exception | None:
        """The domain's error for a violation of the guarding constraint (None: another one)."""
        return self.refused() if self.constraint in str(error.orig) else None


@dataclass
class InsertBatch:
    """Rows to insert into several tables, written at once by `write`.

    Within one transaction, take ids for a table through one batch at a time: on SQLite a
    new id is the table's largest plus the ids this batch already gave out.
    """

    session: Session
    _rows: dict[str, tuple[Table, list[Mapping[str, Any]]]] = field(default_factory=dict)
    _sqlite_next: dict[str, int] = field(default_factory=dict)
    _tails: dict[str, Tail] = field(default_factory=dict)

    def tail(self, key: str, make: Callable[[], T]) -> T:
        """The batch's tail under `key`, made by `make` the first time it is asked for."""
        found = self._tails.get(key)
        if found is None:
            found = self._tails[key] = make()
        return found  # type: ignore[return-value]  # one key, one kind of tail

    def new_id(self, table: Table) -> int:
        """An id for a row of `table` that other rows of this batch will point at."""
        if self.session.get_bind().dialect.name == "postgresql":
            return _postgresql_id(self.session, table)
        next_id = self._sqlite_next.get(table.name)
        if next_id is None:
            largest = self.session.connection().execute(select(func.max(table.c.id))).scalar()
            next_id = int(largest or 0) + 1
        self._sqlite_next[table.name] = next_id + 1
        return next_id

    def add(self, table: Table, rows: Iterable[Mapping[str, Any]]) -> None:
        """Rows of one table; every row of a table in a batch has the same keys (the columns
        it sets), since one statement inserts them all."""
        listed = list(rows)
        if not listed:
            return
        collected = self._rows.setdefault(table.name, (table, []))[1]
        columns = (collected or listed)[0].keys()
        if any(row.keys() != columns for row in listed):
            raise ValueError(f"rows for {table.name} must all set the same columns")
        collected.extend(listed)

    def take(
        self,
        table: Table,
        column: str,
        row_id: int,
        amount: int,
        *,
        constraint: str,
        refused: Callable[[], Exception],
    ) -> None:
        """Take `amount` off an existing row's integer column in the same statement, guarded
        by the table's CHECK `constraint`: if the column would break it (a licence's balance
        below zero, even after a concurrent transaction's take, as PostgreSQL re-reads a
        locked row), the write raises `refused()` and nothing of the batch is written."""
        taken = self.tail(
            f"take:{table.name}.{column}", lambda: _Decrements(table, column, constraint, refused)
        )
        taken.amounts[row_id] = taken.amounts.get(row_id, 0) + amount

    def write(self) -> None:
        """Insert every row collected, in the session's transaction; the batch is then empty."""
        if not self._rows and not self._tails:
            return
        note_write(self.session)
        tables = sorted(self._rows.values(), key=lambda entry: _order(entry[0]))
        tails = list(self._tails.values())
        self._rows, self._sqlite_next, self._tails = {}, {}, {}
        connection = self.session.connection()
        try:
            if connection.dialect.name == "postgresql":
                _write_postgresql(connection, tables, tails)
            else:
                _write_each(connection, tables)
                for tail in tails:
                    tail.write_each(connection)
        except IntegrityError as error:
            # A tail may say what a violation of its guard means (`_Decrements.refusal`).
            for tail in tails:
                refusal = getattr(tail, "refusal", None)
                found = refusal(error) if refusal is not None else None
                if found is not None:
                    raise found from error
            raise


def _write_postgresql(
    connection: Connection,
    tables: Sequence[tuple[Table, list[Mapping[str, Any]]]],
    tails: Sequence[Tail] = (),
) -> None:
    parts: list[str] = []
    params: dict[str, str] = {}
    for index, (table, rows) in enumerate(tables):
        shape = _shape(table, tuple(rows[0]))
        param = f"rows{index}"
        parts.append(shape.sql.replace("__rows__", param))
        params[param] = shape.json_rows(rows)
    if not tails:
        connection.exec_driver_sql(_one_statement(parts), params)
        return
    ctes = [f"w{i} AS ({sql})" for i, sql in enumerate(parts[:-1])]
    for tail in tails:
        more, more_params = tail.postgresql()
        ctes.extend(more)
        params.update(more_params)
    # A data-modifying CTE always runs, whatever the final statement reads.
    final = parts[-1] if parts else "SELECT 1"
    recursive = "RECURSIVE " if any(tail.recursive for tail in tails) else ""
    connection.exec_driver_sql(f"WITH {recursive}{', '.join(ctes)} {final}", params)


def _write_each(
    connection: Connection, tables: Sequence[tuple[Table, list[Mapping[str, Any]]]]
) -> None:
    for table, rows in tables:
        connection.execute(insert(table), [_decoded(row) for row in rows])


def _decoded(row: Mapping[str, Any]) -> dict[str, Any]:
    # The JSON column type encodes again what it is given; json.dumps of the decoded value
    # writes the same text JsonText held (it was written by json.dumps too).
    return {
        name: json.loads(value) if isinstance(value, JsonText) else value
        for name, value in row.items()
    }
