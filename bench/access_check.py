"""What checking a kept API user on every request costs: is the user disabled, the token revoked?

In process, on a scratch PostgreSQL database, the signed-in API user dependency
(`deps.get_api_actor`) with the user already kept, in alternating rounds of:
- kept only: what the dependency did before revocation existed (no statement, no thread);
- as shipped: one prepared statement on the process's own connection, sent with libpq's calls
  and awaited on the event loop (`db.QuickReads`);
- the same statement through psycopg's async cursor (prepared), on the event loop;
- a thread hand-off alone (`run_in_threadpool` of nothing);
- the statement through a session in a worker thread, in autocommit (`db.read_only_unit`),
  the way a session-joined app (tests, SQLite) reads it;
- the same in a transaction (BEGIN, SELECT, ROLLBACK).
CPU is this process's (every thread), in microseconds per request; figures in docs/benchmarks.md.

Run: .venv/bin/python bench/access_check.py [rounds] [per round]
"""

from __future__ import annotations

import asyncio
import secrets
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import psycopg
from fastapi.security import HTTPAuthorizationCredentials
from fastapi.testclient import TestClient
from harness.cpu import machine_speed_ms
from harness.setup import PG_ADMIN_URL, prepare, scratch_database
from sqlalchemy.dialects import postgresql
from starlette.concurrency import run_in_threadpool

from smartcustoms.app import create_app
from smartcustoms.config import Settings
from smartcustoms.db import read_only_unit
from smartcustoms.demo import DEMO_PASSWORD
from smartcustoms.deps import Services, get_api_actor
from smartcustoms.identity import service as identity
from smartcustoms.identity.repository import _ACCESS
from smartcustoms.identity.security import read_token

Way = Callable[[], Awaitable[object]]


def ways(services: Services, token: str, conninfo: str) -> dict[str, Way]:
    bearer = HTTPAuthorizationCredentials(scheme="Bearer", credentials=token)
    access = read_token(token, secret=services.signing_secret, at=services.clock.now())
    assert access is not None
    kept = services.caches.actors

    def nothing() -> None:
        return None

    def in_autocommit() -> None:
        with services.session_factory() as session:
            read_only_unit(session)
            identity.check_access(session, access)

    def in_a_transaction() -> None:
        with services.session_factory() as session:
            identity.check_access(session, access)

    def kept_user() -> object:
        return kept.get(token, wall_clock=services.clock.now().timestamp())

    async def kept_only() -> object:
        return kept_user()

    async def shipped() -> object:
        return await get_api_actor(bearer, services)

    cursor_sql = str(_ACCESS.compile(dialect=postgresql.psycopg.dialect()))  # type: ignore[no-untyped-call]
    connections: list[psycopg.AsyncConnection[Any]] = []

    async def psycopg_cursor() -> object:
        kept_user()
        if not connections:
            connections.append(await psycopg.AsyncConnection.connect(conninfo, autocommit=True))
        params = {"user_id": access.user_id, "token_id": access.token_id}
        cursor = await connections[0].execute(cursor_sql, params, prepare=True)
        return await cursor.fetchone()

    async def hand_off() -> object:
        kept_user()
        return await run_in_threadpool(nothing)

    async def session_autocommit() -> object:
        kept_user()
        return await run_in_threadpool(in_autocommit)

    async def session_transaction() -> object:
        kept_user()
        return await run_in_threadpool(in_a_transaction)

    return {
        "kept only (before)": kept_only,
        "quick read on the event loop (shipped)": shipped,
        "psycopg async cursor on the event loop": psycopg_cursor,
        "thread hand-off alone": hand_off,
        "hand-off + session, autocommit": session_autocommit,
        "hand-off + session, BEGIN..ROLLBACK": session_transaction,
    }


async def one_round(way: Way, n: int) -> tuple[float, float]:
    """CPU and wall microseconds per request."""
    cpu0, wall0 = time.process_time(), time.perf_counter()
    for _ in range(n):
        await way()
    return (time.process_time() - cpu0) * 1e6 / n, (time.perf_counter() - wall0) * 1e6 / n


async def measure(
    all_ways: dict[str, Way], rounds: int, n: int
) -> dict[str, list[tuple[float, float]]]:
    results: dict[str, list[tuple[float, float]]] = {name: [] for name in all_ways}
    for way in all_ways.values():
        await one_round(way, n // 10)  # warm-up: the kept user, the pool, prepared statements
    names = list(all_ways)
    for index in range(rounds):
        for name in names if index % 2 == 0 else reversed(names):
            results[name].append(await one_round(all_ways[name], n))
    return results


def main(rounds: int, per_round: int) -> None:
    print(f"machine speed: a fixed Python loop took {machine_speed_ms():.0f} ms (lower is faster)")
    with (
        tempfile.TemporaryDirectory() as tmp,
        scratch_database("postgresql", Path(tmp), PG_ADMIN_URL) as url,
    ):
        prepare(url)
        settings = Settings(
            database_url=url, var_dir=Path(tmp) / "var", secret_key=secrets.token_hex(32)
        )
        app = create_app(settings)
        with TestClient(app) as client:
            answer = client.post(
                "/api/v1/auth/token", json={"username": "lan", "password": DEMO_PASSWORD}
            )
            token = str(answer.json()["access_token"])
            services: Services = app.state.services
            assert services.quick_reads is not None  # an app with its own PostgreSQL engine
            results = asyncio.run(measure(ways(services, token, url), rounds, per_round))
    print(f"{rounds} rounds of {per_round} requests each way, alternating (ABBA)")
    for name, measured in results.items():
        cpu = statistics.median(r[0] for r in measured)
        wall = statistics.median(r[1] for r in measured)
        print(f"  {name:40} CPU {cpu:7.1f} µs, wall {wall:7.1f} µs per request (medians)")
    print(f"machine speed at the end: the same loop took {machine_speed_ms():.0f} ms")


if __name__ == "__main__":
    main(
        int(sys.argv[1]) if len(sys.argv) > 1 else 6,
        int(sys.argv[2]) if len(sys.argv) > 2 else 2000,
    )
