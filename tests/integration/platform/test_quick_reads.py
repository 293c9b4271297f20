"""Quick reads: one-row reads on the event loop, through a connection of the process's own."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import psycopg
import pytest
from sqlalchemy import bindparam, select, text

from smartcustoms.db import QuickReads, make_engine
from smartcustoms.identity.models import User
from support import Database

BY_NAME = select(User.id, User.active, User.full_name).where(User.username == bindparam("username"))


T = TypeVar("T")


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    """asyncio.run in a thread of its own: a worker that ran the browser tests before has
    Playwright's event loop running in its main thread, where asyncio.run is refused."""
    with ThreadPoolExecutor(max_workers=1) as thread:
        return thread.submit(asyncio.run, coroutine).result()


@pytest.fixture
def reads(committing_postgresql: Database) -> QuickReads:
    return QuickReads(make_engine(committing_postgresql.url).url)


def test_a_row_comes_back_in_text_form_and_none_when_there_is_none(reads: QuickReads) -> None:
    async def both() -> tuple[object, object]:
        try:
            found = await reads.first_row(BY_NAME, {"username": "lan"})
            missing = await reads.first_row(BY_NAME, {"username": None})
            return found, missing
        finally:
            await reads.close()

    found, missing = run(both())

    assert found is not None
    assert found[1] == "t"
    assert missing is None


def test_concurrent_reads_take_turns_on_the_one_connection(reads: QuickReads) -> None:
    async def many() -> list[object]:
        try:
            names = ["lan", "binh", "minh", "hoa", "son"] * 4
            return list(
                await asyncio.gather(*(reads.first_row(BY_NAME, {"username": n}) for n in names))
            )
        finally:
            await reads.close()

    rows = run(many())

    assert all(row is not None for row in rows)
    assert len({row[0] for row in rows if row is not None}) == 5


def test_a_connection_that_died_is_replaced(
    reads: QuickReads, committing_postgresql: Database
) -> None:
    async def around_a_restart() -> object:
        try:
            await reads.first_row(BY_NAME, {"username": "lan"})
            with psycopg.connect(committing_postgresql.url, autocommit=True) as admin:
                # What a server restart or an idle timeout does to the connection.
                admin.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            return await reads.first_row(BY_NAME, {"username": "lan"})
        finally:
            await reads.close()

    assert run(around_a_restart()) is not None


def test_a_refused_statement_raises(reads: QuickReads) -> None:
    async def refused() -> object:
        try:
            return await reads.first_row(text("SELECT 1 / 0"), {})
        finally:
            await reads.close()

    with pytest.raises(psycopg.DatabaseError, match="division by zero"):
        run(refused())
