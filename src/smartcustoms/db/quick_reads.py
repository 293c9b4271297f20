"""One-row reads that the event loop makes itself on PostgreSQL: no worker thread, no session.

Whether the signed-in API user is still allowed in is read before every endpoint. Through a
session that read cost a hand-off to a worker thread, a session and a pooled connection: in
`bench/access_check.py`, about eight times the CPU of the statement itself, more than 5 % of a
filing. Here it is one prepared statement on the process's own autocommit connection, awaited
on the event loop (psycopg serialises the tasks that share it; each read is one short round
trip). Only an app that owns its PostgreSQL engine has one; elsewhere (SQLite, or sessions
joined to a test's transaction, which another connection could not see) the read goes
through a session.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from typing import Any

import psycopg
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import URL
from sqlalchemy.sql.expression import ClauseElement


class QuickReads:
    """A connection of the process's own for one-row reads on the event loop."""

    def __init__(self, url: URL) -> None:
        self._conninfo = url.set(drivername="postgresql").render_as_string(hide_password=False)
        self._connection: psycopg.AsyncConnection[Any] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._connecting: asyncio.Lock | None = None
        # The SQL of each statement read here (the code has a handful): compiled once.
        self._sql: dict[ClauseElement, str] = {}

    async def first_row(
        self, statement: ClauseElement, params: Mapping[str, Any]
    ) -> Sequence[Any] | None:
        """The statement's first row; a broken connection is replaced and the read made again."""
        sql = self._sql.get(statement)
        if sql is None:
            sql = str(statement.compile(dialect=postgresql.psycopg.dialect()))  # type: ignore[no-untyped-call]
            self._sql[statement] = sql
        for attempt in (1, 2):
            connection = await self._connected()
            try:
                cursor = await connection.execute(sql, dict(params), prepare=True)
                return await cursor.fetchone()
            except psycopg.OperationalError:
                await self._forget(connection)
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    async def close(self) -> None:
        if self._connection is not None:
            await self._forget(self._connection)

    async def _connected(self) -> psycopg.AsyncConnection[Any]:
        loop = asyncio.get_running_loop()
        if loop is not self._loop:
            # A connection belongs to the event loop that opened it (a test client opens one
            # loop per `with`; a server has one): the old one is left to be collected.
            self._loop, self._connection, self._connecting = loop, None, asyncio.Lock()
        connection = self._connection
        if connection is not None and not connection.closed:
            return connection
        assert self._connecting is not None
        async with self._connecting:
            if self._connection is None or self._connection.closed:
                self._connection = await psycopg.AsyncConnection.connect(
                    self._conninfo, autocommit=True
                )
            return self._connection

    async def _forget(self, connection: psycopg.AsyncConnection[Any]) -> None:
        if self._connection is connection:
            self._connection = None
        await connection.close()
