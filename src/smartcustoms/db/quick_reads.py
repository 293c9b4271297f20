"""One-row reads that the event loop makes itself on PostgreSQL: no worker thread, no session.

Whether the signed-in API user is still allowed in is read before every endpoint. Through a
session in a worker thread that read took about six times the CPU it takes here, and through
psycopg's async cursor about twice (`bench/access_check.py`, docs/benchmarks.md): here it is a
statement prepared once per connection and sent with libpq's own calls (`psycopg.pq`,
psycopg's documented low-level interface) on a connection of the process's own, in
autocommit, awaited on the event loop. One read at a time goes through the connection (each
is one short round trip; the others wait their turn). Only an app that owns its PostgreSQL
engine has one; elsewhere (SQLite, or sessions joined to a test's transaction, which another
connection could not see) the read goes through a session.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg import pq
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import URL
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.expression import ClauseElement

_NUMBERED = postgresql.dialect(paramstyle="numeric_dollar")  # type: ignore[no-untyped-call]
_ROWS = (pq.ExecStatus.TUPLES_OK, pq.ExecStatus.COMMAND_OK)


@dataclass(frozen=True)
class _Prepared:
    name: bytes
    sql: bytes
    parameters: tuple[str, ...]  # the statement's parameter names, in $1, $2 … order


class QuickReads:
    """A connection of the process's own for one-row reads on the event loop.

    Values travel in PostgreSQL's text form: parameters are sent as `str(value)` (None as
    NULL), and a row comes back as text (booleans "t"/"f", None for NULL), which the caller
    reads into its types.
    """

    def __init__(self, url: URL) -> None:
        self._conninfo = url.set(drivername="postgresql").render_as_string(hide_password=False)
        self._connection: psycopg.AsyncConnection[Any] | None = None
        self._ready: set[bytes] = set()  # statements prepared on the current connection
        self._loop: asyncio.AbstractEventLoop | None = None
        self._turn: asyncio.Lock | None = None
        # The statements read here (the code has a handful), compiled once each.
        self._statements: dict[ClauseElement, _Prepared] = {}

    async def first_row(
        self, statement: ClauseElement, params: Mapping[str, object]
    ) -> tuple[str | None, ...] | None:
        """The statement's first row; a broken connection is replaced and the read made again."""
        prepared = self._prepared(statement)
        values = [
            None if params[n] is None else str(params[n]).encode() for n in prepared.parameters
        ]
        async with self._my_turn():
            for attempt in (1, 2):
                try:
                    return await self._read(prepared, values)
                except psycopg.OperationalError:
                    await self._drop()
                    if attempt == 2:
                        raise
                except BaseException:
                    # Cancelled or refused half way: the connection's state is unknown.
                    await self._drop()
                    raise
        raise AssertionError("unreachable")

    async def close(self) -> None:
        await self._drop()

    def _prepared(self, statement: ClauseElement) -> _Prepared:
        found = self._statements.get(statement)
        if found is None:
            compiled = statement.compile(dialect=_NUMBERED)
            assert isinstance(compiled, SQLCompiler)
            found = _Prepared(
                name=f"quick_read_{len(self._statements)}".encode(),
                sql=str(compiled).encode(),
                parameters=tuple(compiled.positiontup or ()),
            )
            self._statements[statement] = found
        return found

    def _my_turn(self) -> asyncio.Lock:
        loop = asyncio.get_running_loop()
        if loop is not self._loop or self._turn is None:
            # A connection belongs to the event loop that opened it (a test client opens one
            # loop per `with`; a server has one): the old one is left to be collected.
            self._loop, self._turn = loop, asyncio.Lock()
            self._connection, self._ready = None, set()
        return self._turn

    async def _read(
        self, prepared: _Prepared, values: list[bytes | None]
    ) -> tuple[str | None, ...] | None:
        if self._connection is None or self._connection.closed:
            self._connection = await psycopg.AsyncConnection.connect(
                self._conninfo, autocommit=True
            )
            self._connection.pgconn.nonblocking = 1
            self._ready = set()
        pgconn = self._connection.pgconn
        if prepared.name not in self._ready:
            pgconn.send_prepare(prepared.name, prepared.sql)
            await self._result(pgconn)
            self._ready.add(prepared.name)
        pgconn.send_query_prepared(prepared.name, values)
        result = await self._result(pgconn)
        if result.ntuples == 0:
            return None
        row = (result.get_value(0, column) for column in range(result.nfields))
        return tuple(None if value is None else value.decode() for value in row)

    async def _result(self, pgconn: pq.abc.PGconn) -> pq.abc.PGresult:
        """Send what is queued, then wait for the one result (and the end of it)."""
        loop = asyncio.get_running_loop()
        while pgconn.flush():
            await _ready_for(loop.add_writer, loop.remove_writer, pgconn.socket)
        results: list[pq.abc.PGresult] = []
        while True:
            pgconn.consume_input()
            while not pgconn.is_busy():
                result = pgconn.get_result()
                if result is None:
                    if len(results) != 1 or results[0].status not in _ROWS:
                        message = results[-1].error_message if results else b"no result"
                        raise psycopg.DatabaseError(message.decode(errors="replace"))
                    return results[0]
                results.append(result)
            await _ready_for(loop.add_reader, loop.remove_reader, pgconn.socket)

    async def _drop(self) -> None:
        connection, self._connection, self._ready = self._connection, None, set()
        if connection is not None and not connection.closed:
            await connection.close()


async def _ready_for(add: Any, remove: Any, socket: int) -> None:
    ready: asyncio.Future[None] = asyncio.get_running_loop().create_future()

    def wake() -> None:
        if not ready.done():
            ready.set_result(None)

    add(socket, wake)
    try:
        await ready
    finally:
        remove(socket)
