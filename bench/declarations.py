"""Declarations per second through the HTTP API against the same rows written straight
through the database driver, on SQLite and on PostgreSQL.

One "declaration" is done when it is registered, in either of the API's two ways:
- one request: POST /api/v1/declarations/submit with the complete declaration (10 goods
  items), answering 201 with status "registered" (the way a trader's software files);
- two requests: POST /api/v1/declarations (a draft), then POST /api/v1/declarations/{id}/submit
  answering 200 with status "registered" (the way the portal works); its latency is the two
  requests back to back.
The load comes from clients with one keep-alive connection each, sending prepared requests
as wrk does, so that the load generator takes as little of the shared cores as it can.

The driver baseline copies, per declaration and in one transaction, every row one API
registration wrote (declaration, items, status changes, tax assessment and its lines, risk
decision, outbox events; the number counter taken last), with psycopg / sqlite3 and the same
number of concurrent clients.

Run: .venv/bin/python bench/declarations.py [--n 3000] [--clients 16] [--workers 2]
                          [--backend sqlite|postgresql|both] [--flow one|two|both]
Goal (PostgreSQL, 2 cores): >= 300 declarations/s through the API, p99 < 150 ms,
API/driver ratio >= 0.3. Figures and analysis: docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import math
import os
import secrets
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx2 as httpx  # the project's dev dependency (plain httpx has the same API)
import psycopg
from psycopg.types.json import Json
from sqlalchemy.orm import sessionmaker

import smartcustoms
import smartcustoms.models  # every table on Base.metadata, for the driver's copy
from smartcustoms.db import Base, make_engine, transaction
from smartcustoms.declarations.rules import declaration_number
from smartcustoms.demo import DEMO_PASSWORD, seed
from smartcustoms.kit.clock import utcnow
from smartcustoms.migrate import upgrade
from smartcustoms.reference.service import get_catalog, load_reference
from smartcustoms.tariff.importer import SAMPLE_DIR
from smartcustoms.tariff.service import import_directory

PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
GOAL_RATE, GOAL_P99_MS, GOAL_RATIO = 300.0, 150.0, 0.3
SERVER_START_SECONDS = 90.0

# Ten goods lines of an A11 import from China: HS code, description, unit, unit price.
# All are lines of the sample national tariff (smartcustoms/tariff/sample/nomenclature.csv).
GOODS = (
    ("85171300", "Smartphones, 6.1 inch, 128 GB", "H87", Decimal("200.00")),
    ("61091010", "Cotton T-shirts for men, knitted", "H87", Decimal("2.50")),
    ("84713020", "Laptop computers, 14 inch", "H87", Decimal("450.00")),
    ("85287292", "Colour television receivers, 43 inch", "H87", Decimal("180.00")),
    ("85076090", "Lithium-ion power banks", "H87", Decimal("15.00")),
    ("64041190", "Sports shoes, textile uppers", "PR", Decimal("9.50")),
    ("62034290", "Cotton trousers for men, woven", "H87", Decimal("6.00")),
    ("39232990", "Plastic shopping bags", "KGM", Decimal("1.80")),
    ("85176221", "Wi-Fi routers", "H87", Decimal("22.00")),
    ("84733010", "Assembled circuit boards for computers", "H87", Decimal("35.00")),
)


# ---------------------------------------------------------------- payloads


def payload(index: int, today: dt.date) -> dict[str, Any]:
    """A valid A11 import with 10 items; quantities vary so rows are not all identical."""
    items = []
    for line, (hs_code, description, unit, price) in enumerate(GOODS):
        quantity = Decimal(10 + (index * 7 + line * 13) % 90)
        items.append(
            {
                "hs_code": hs_code,
                "description": description,
                "origin_country": "CN",
                "quantity": str(quantity),
                "unit": unit,
                "unit_price": str(price),
                "invoice_value": str(quantity * price),
                "net_weight": str(quantity / 2),
            }
        )
    return {
        "type_code": "A11",
        "office_code": "03CC",
        "foreign_party_name": "Shenzhen Bright Electronics Co., Ltd",
        "foreign_party_country": "CN",
        "country_of_export": "CN",
        "transport_mode": "1",
        "transport_means": "MV HAIAN PARK",
        "transport_document": f"HASLC{index:011d}",
        "port_of_loading": "CNSZX",
        "port_of_discharge": "VNHPH",
        "arrival_date": str(today + dt.timedelta(days=3)),
        "invoice_number": f"INV-BENCH-{index:07d}",
        "invoice_date": str(today - dt.timedelta(days=5)),
        "invoice_currency": "USD",
        "invoice_amount": str(sum(Decimal(i["invoice_value"]) for i in items)),
        "incoterms": "FOB",
        "freight": "350.00",
        "insurance": "25.00",
        "packages": 40,
        "gross_weight": "820.5",
        "items": items,
    }


# ---------------------------------------------------------------- scratch database


@contextmanager
def scratch_database(backend: str, workdir: Path, pg_admin_url: str) -> Iterator[str]:
    """A new, empty database for this run; PostgreSQL's is dropped at the end."""
    if backend == "sqlite":
        yield f"sqlite:///{workdir / 'bench.db'}"
        return
    name = f"bench_declarations_{secrets.token_hex(6)}"
    with psycopg.connect(pg_admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{pg_admin_url.rsplit('/', 1)[0]}/{name}"
    finally:
        with psycopg.connect(pg_admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def prepare(url: str) -> None:
    """Migrate, then load reference data, the sample tariff (registration assesses duties
    from it) and the demo users in one transaction, as the test suite does."""
    upgrade(url)
    engine = make_engine(url)
    try:
        with transaction(sessionmaker(bind=engine)) as session:
            load_reference(session)
            import_directory(session, SAMPLE_DIR, catalog=get_catalog(session), at=utcnow())
            seed(session, at=utcnow())
    finally:
        engine.dispose()


# ---------------------------------------------------------------- the real server


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def running_server(
    url: str, workdir: Path, *, workers: int, pool_size: int | None, threads: int | None
) -> Iterator[tuple[str, int]]:
    """uvicorn with the app factory in its own process group; stopped even on failure."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("SMARTCUSTOMS_")}
    env.update(
        {
            "SMARTCUSTOMS_DATABASE_URL": url,
            "SMARTCUSTOMS_VAR_DIR": str(workdir / "var"),
            "SMARTCUSTOMS_SECRET_KEY": secrets.token_hex(32),
        }
    )
    if pool_size is not None:
        env["SMARTCUSTOMS_DB_POOL_SIZE"] = str(pool_size)
    if threads is not None:
        env["SMARTCUSTOMS_WORKER_THREADS"] = str(threads)
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        "smartcustoms.app:create_app",
        "--factory",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--no-access-log",
        "--log-level",
        "warning",
    ]
    log_path = workdir / "server.log"
    with log_path.open("wb") as log:
        server = subprocess.Popen(
            command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_ready(server, base, log_path)
        yield base, server.pid
    finally:
        stop(server)


def wait_until_ready(server: subprocess.Popen[bytes], base: str, log_path: Path) -> None:
    deadline = time.monotonic() + SERVER_START_SECONDS
    with httpx.Client(base_url=base, timeout=2.0) as client:
        while time.monotonic() < deadline:
            if server.poll() is not None:
                raise RuntimeError(f"server exited ({server.returncode}):\n{tail(log_path)}")
            try:
                client.get("/api/v1/me")  # 401 without a token: the app answers
                return
            except httpx.TransportError:
                time.sleep(0.1)
    raise RuntimeError(f"server not ready after {SERVER_START_SECONDS:.0f}s:\n{tail(log_path)}")


def stop(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)  # uvicorn stops its workers, then itself
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)  # the group holds only this server
            server.wait(timeout=10)


def tail(path: Path, lines: int = 30) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def cpu_seconds(pids: list[int]) -> dict[int, float]:
    """User + system CPU each process has used so far (Linux /proc; missing ones skipped)."""
    tick = os.sysconf("SC_CLK_TCK")
    used = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            used[pid] = (int(fields[11]) + int(fields[12])) / tick
        except (OSError, IndexError, ValueError):
            continue
    return used


def server_pids(server_pid: int) -> list[int]:
    """The uvicorn master and its worker processes."""
    try:
        children = Path(f"/proc/{server_pid}/task/{server_pid}/children").read_text().split()
    except OSError:
        children = []
    return [server_pid, *(int(p) for p in children)]


def postgres_pids(url: str) -> list[int]:
    """Server processes of the connections to this run's database (none for SQLite)."""
    if url.startswith("sqlite"):
        return []
    with psycopg.connect(url, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
            " AND pid <> pg_backend_pid()"
        ).fetchall()
    return [int(pid) for (pid,) in rows]


@dataclass
class CpuWatch:
    """CPU used during a phase by the server, PostgreSQL (this database), this process,
    and the whole machine, so a reader can tell what else was competing for the cores."""

    server_pid: int
    url: str

    def __enter__(self) -> CpuWatch:
        self.server0 = cpu_seconds(server_pids(self.server_pid)) if self.server_pid else {}
        self.pg0 = cpu_seconds(postgres_pids(self.url))
        self.own0, self.busy0, self.wall0 = time.process_time(), machine_busy(), time.monotonic()
        self.checkpoints0 = checkpoints(self.url)
        return self

    def __exit__(self, *_: object) -> None:
        self.seconds = time.monotonic() - self.wall0
        server = cpu_seconds(server_pids(self.server_pid)) if self.server_pid else {}
        pg = cpu_seconds(postgres_pids(self.url) + list(self.pg0))
        self.server = sum(v - self.server0.get(pid, 0.0) for pid, v in server.items())
        self.postgres = sum(v - self.pg0.get(pid, 0.0) for pid, v in pg.items())
        self.own = time.process_time() - self.own0
        busy1 = machine_busy()
        total = max(1.0, busy1[2] - self.busy0[2])
        self.machine = (busy1[0] - self.busy0[0]) / total
        self.iowait = (busy1[1] - self.busy0[1]) / total
        self.checkpoints = checkpoints(self.url) - self.checkpoints0


def checkpoints(url: str) -> int:
    """Checkpoints PostgreSQL has made since its statistics were reset (0 for SQLite): one
    during a run flushes dirty pages and slows commits for a while."""
    if url.startswith("sqlite"):
        return 0
    with psycopg.connect(url, autocommit=True) as conn:
        row = conn.execute(
            "SELECT checkpoints_timed + checkpoints_req FROM pg_stat_bgwriter"
        ).fetchone()
    return int(row[0]) if row else 0


def machine_busy() -> tuple[float, float, float]:
    """(busy, waiting for I/O, total) jiffies of all CPUs since boot, from /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle, iowait = values[3], values[4]
    return float(sum(values) - idle - iowait), float(iowait), float(sum(values))


# ---------------------------------------------------------------- measurements


@dataclass
class Run:
    """The outcome of one phase: completed declarations and their latencies in seconds."""

    done: int = 0
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    request_latencies: dict[str, list[float]] = field(default_factory=dict)
    failures: Counter[str] = field(default_factory=Counter)
    sample_failure: str = ""
    cpu: CpuWatch | None = None
    warm_done: int = 0  # declarations registered by the untimed warm-up before this run

    @property
    def rate(self) -> float:
        return self.done / self.seconds if self.seconds else 0.0

    def fail(self, what: str, detail: str) -> None:
        self.failures[what] += 1
        self.sample_failure = self.sample_failure or detail[:500]


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile, in milliseconds."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, math.ceil(p / 100 * len(ordered)) - 1))
    return ordered[rank] * 1000


# Set by the first Ctrl-C: clients take no new work, the phase ends, everything is cleaned up.
STOP = threading.Event()


def interrupt(_signum: int, _frame: object) -> None:
    print("\n  interrupted: finishing requests in flight, then cleaning up", flush=True)
    STOP.set()
    signal.signal(signal.SIGINT, signal.default_int_handler)  # a second Ctrl-C is immediate


def stop_if_interrupted() -> None:
    if STOP.is_set():
        raise KeyboardInterrupt


class Tickets:
    """Hands out declaration indexes until n are taken, the time is up or Ctrl-C."""

    def __init__(self, start: int, n: int, seconds: float) -> None:
        self.next, self.end = start, start + n
        self.deadline = time.monotonic() + seconds
        self.lock = threading.Lock()

    def take(self) -> int | None:
        with self.lock:
            if self.next >= self.end or time.monotonic() > self.deadline or STOP.is_set():
                return None
            self.next += 1
            return self.next - 1


# ---------------------------------------------------------------- through the API


def get_token(base: str) -> str:
    with httpx.Client(base_url=base, timeout=30.0) as client:
        response = client.post(
            "/api/v1/auth/token", json={"username": "lan", "password": DEMO_PASSWORD}
        )
        response.raise_for_status()
        return str(response.json()["access_token"])


ONE, TWO = "one request", "two requests"


class Http11:
    """One keep-alive HTTP/1.1 connection sending prepared requests, as wrk does: the bytes of
    a request are joined once and the answer is read by its Content-Length. A general
    client (aiohttp) took about 0.7 ms of CPU per declaration on the cores the server needs.
    """

    def __init__(self, host: str, port: int, token: str) -> None:
        self.host, self.port = host, port
        self.head = (
            f"Host: {host}:{port}\r\nAuthorization: Bearer {token}\r\n"
            "Content-Type: application/json\r\nConnection: keep-alive\r\n"
        ).encode()
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def post(self, path: str, body: bytes) -> tuple[int, str]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        self.writer.write(
            b"POST %s HTTP/1.1\r\n%sContent-Length: %d\r\n\r\n%s"
            % (path.encode(), self.head, len(body), body)
        )
        head = await asyncio.wait_for(self.reader.readuntil(b"\r\n\r\n"), timeout=30.0)
        status_line, _, fields = head.partition(b"\r\n")
        length = 0
        for field_line in fields.split(b"\r\n"):
            name, _, value = field_line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        answer = await asyncio.wait_for(self.reader.readexactly(length), timeout=30.0)
        return int(status_line.split(b" ", 2)[1]), answer.decode()

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


async def api_client(
    base: str, token: str, flow: str, work: Tickets, run: Run, bodies: dict[int, bytes]
) -> None:
    host, _, port = base.removeprefix("http://").partition(":")
    client = Http11(host, int(port), token)
    try:
        while (index := work.take()) is not None:
            body = bodies[index]
            started = time.perf_counter()
            try:
                if flow == ONE:
                    ok = await file_in_one(client, body, run)
                else:
                    ok = await file_in_two(client, body, run, started)
            except (OSError, asyncio.IncompleteReadError, TimeoutError) as error:
                run.fail(f"transport {type(error).__name__}", repr(error))
                client.close()
                client = Http11(host, int(port), token)
                continue
            if ok:
                run.done += 1
                run.latencies.append(time.perf_counter() - started)
    finally:
        client.close()


async def file_in_one(client: Http11, body: bytes, run: Run) -> bool:
    status, text = await client.post("/api/v1/declarations/submit", body)
    if status != 201 or registered_status(text) != "registered":
        run.fail(f"file {status} {registered_status(text)}", text)
        return False
    return True


async def file_in_two(client: Http11, body: bytes, run: Run, started: float) -> bool:
    status, text = await client.post("/api/v1/declarations", body)
    if status != 201:
        run.fail(f"create {status}", text)
        return False
    created_at = time.perf_counter()
    run.request_latencies["create"].append(created_at - started)
    declaration_id = json.loads(text)["id"]
    status, text = await client.post(f"/api/v1/declarations/{declaration_id}/submit", b"")
    if status != 200 or registered_status(text) != "registered":
        run.fail(f"submit {status} {registered_status(text)}", text)
        return False
    run.request_latencies["submit"].append(time.perf_counter() - created_at)
    return True


def registered_status(text: str) -> str | None:
    """The declaration's status in a submit answer, or None when the body is not one."""
    try:
        status = json.loads(text)["declaration"]["status"]
    except (ValueError, KeyError, TypeError):
        return None
    return str(status)


def through_api(
    base: str,
    token: str,
    flow: str,
    *,
    start: int,
    n: int,
    clients: int,
    seconds: float,
    watch: CpuWatch,
) -> Run:
    run = Run(request_latencies={"create": [], "submit": []} if flow == TWO else {})
    work = Tickets(start, n, seconds)
    # Bodies are made before the clock starts, as a load generator such as wrk sends
    # prepared requests: the cores this script shares with the server go to the server.
    today = dt.date.today()
    bodies = {i: json.dumps(payload(i, today)).encode() for i in range(start, start + n)}

    async def load() -> None:
        await asyncio.gather(
            *(api_client(base, token, flow, work, run, bodies) for _ in range(clients))
        )

    with watch:
        started = time.perf_counter()
        asyncio.run(load())
        run.seconds = time.perf_counter() - started
    run.cpu = watch
    stop_if_interrupted()
    return run


# ---------------------------------------------------------------- straight through the driver

# The driver baseline writes, per declaration, a copy of every row one API registration left:
# the declaration, the rows of each table with a foreign key to it (items, status changes,
# tax assessment, risk decision, ...), one level further (assessment lines), and the outbox
# events about any of them. Outbox events name their row as (table name without the final
# "s", id): ("declaration", 12), ("risk_decision", 7).


@dataclass
class Rows:
    """Rows of one table written by one registration, to be copied for each new one."""

    table: str
    columns: list[str]  # every column but the "id" the database assigns
    values: list[list[Any]]  # one list per row, in column order
    ids: list[int]  # the rows' own ids, to re-point children and outbox events
    parent: str | None = None  # the column pointing at the parent row
    parent_table: str = ""
    children: list[Rows] = field(default_factory=list)
    needs_ids: bool = False  # other copied rows point at these: insert one by one

    def insert_sql(self, *, returning: bool) -> str:
        marks = ", ".join(["%s"] * len(self.columns))
        sql = f"INSERT INTO {self.table} ({', '.join(self.columns)}) VALUES ({marks})"
        return sql + (" RETURNING id" if returning else "")


@dataclass
class Template:
    declaration: Rows
    tables: list[Rows]  # the tables pointing at the declaration, with their own children
    events: Rows
    number: str
    direction: str

    @property
    def row_count(self) -> int:
        def count(rows: Rows) -> int:
            return len(rows.values) + sum(count(child) for child in rows.children)

        return 1 + sum(count(rows) for rows in self.tables) + len(self.events.values)


class Cursor:
    """One interface over psycopg and sqlite3 cursors, with %s placeholders."""

    def __init__(self, conn: Any, backend: str) -> None:
        self.cursor, self.sqlite = conn.cursor(), backend == "sqlite"

    def _sql(self, sql: str) -> str:
        return sql.replace("%s", "?") if self.sqlite else sql

    def _row(self, values: list[Any]) -> list[Any]:
        # psycopg returns json columns as Python objects; they go back wrapped.
        if self.sqlite:
            return values
        return [Json(v) if isinstance(v, dict | list) else v for v in values]

    def all(self, sql: str, params: list[Any]) -> list[list[Any]]:
        self.cursor.execute(self._sql(sql), params)
        return [list(row) for row in self.cursor.fetchall()]

    def one(self, sql: str, params: list[Any]) -> list[Any]:
        return self.all(sql, params)[0]

    def run(self, sql: str, values: list[Any]) -> None:
        self.cursor.execute(self._sql(sql), self._row(values))

    def insert_returning(self, sql: str, values: list[Any]) -> int:
        self.cursor.execute(self._sql(sql), self._row(values))
        return int(self.cursor.fetchone()[0])

    def insert_many(self, sql: str, rows: list[list[Any]]) -> None:
        self.cursor.executemany(self._sql(sql), [self._row(r) for r in rows])


def read_rows(cur: Cursor, table: Any, where: str, keys: list[Any]) -> Rows:
    columns = [c.name for c in table.columns if c.name != "id"]
    marks = ", ".join(["%s"] * len(keys))
    found = cur.all(
        f"SELECT id, {', '.join(columns)} FROM {table.name} WHERE {where} IN ({marks}) ORDER BY id",
        keys,
    )
    return Rows(table.name, columns, [row[1:] for row in found], [row[0] for row in found])


def read_template(backend: str, url: str) -> Template:
    """The rows of the last declaration registered through the API."""
    metadata = Base.metadata
    conn = connect(backend, url)
    try:
        cur = Cursor(conn, backend)
        declaration_id, number, direction = cur.one(
            "SELECT id, number, direction FROM declarations WHERE status = 'registered'"
            " ORDER BY id DESC LIMIT 1",
            [],
        )
        declaration = read_rows(cur, metadata.tables["declarations"], "id", [declaration_id])
        declaration.values[0][declaration.columns.index("number")] = None  # taken last
        declaration.needs_ids = True
        tables: list[Rows] = []
        for level, parents in ((1, [declaration]), (2, None)):
            for parent in parents if parents is not None else list(tables):
                for table in metadata.sorted_tables:
                    if table.name in {parent.table, *(r.table for r in tables)}:
                        continue
                    for fk in table.foreign_keys:
                        if fk.column.table.name != parent.table:
                            continue
                        rows = read_rows(cur, table, fk.parent.name, parent.ids)
                        if not rows.values:
                            continue
                        rows.parent, rows.parent_table = fk.parent.name, parent.table
                        parent.needs_ids = True
                        (tables if level == 1 else parent.children).append(rows)
        copied = {(r.table, i) for r in [declaration, *tables] for i in r.ids} | {
            (c.table, i) for r in tables for c in r.children for i in c.ids
        }
        about = sorted({str(i) for _, i in copied})
        events = read_rows(cur, metadata.tables["outbox_events"], "aggregate_id", about)
        kind, key = events.columns.index("aggregate_type"), events.columns.index("aggregate_id")
        keep = [
            (values, i)
            for values, i in zip(events.values, events.ids, strict=True)
            if (values[kind] + "s", int(values[key]) if values[key].isdigit() else -1) in copied
        ]
        events.values, events.ids = [v for v, _ in keep], [i for _, i in keep]
        for rows in [declaration, *tables, *(c for r in tables for c in r.children)]:
            rows.needs_ids = rows.needs_ids or any(
                (v[kind] + "s") == rows.table for v in events.values
            )
        return Template(declaration, tables, events, str(number), str(direction))
    finally:
        conn.close()


def copy_registration(cur: Cursor, template: Template) -> None:
    """One declaration's rows in the order registration writes them, the number last (as in
    the service)."""
    new_ids: dict[tuple[str, int], int] = {}

    def insert(rows: Rows) -> None:
        parent = rows.columns.index(rows.parent) if rows.parent else -1
        values = [list(v) for v in rows.values]
        if parent >= 0:
            for row in values:
                row[parent] = new_ids[(rows.parent_table, row[parent])]
        if rows.needs_ids:
            sql = rows.insert_sql(returning=True)
            for row, old in zip(values, rows.ids, strict=True):
                new_ids[(rows.table, old)] = cur.insert_returning(sql, row)
        else:
            cur.insert_many(rows.insert_sql(returning=False), values)
        for child in rows.children:
            insert(child)

    insert(template.declaration)
    for rows in template.tables:
        insert(rows)
    if cur.sqlite:  # as smartcustoms.declarations.repository.next_number does
        sequence = cur.one(
            "UPDATE number_sequences SET value = value + 1 WHERE name = %s RETURNING value",
            [f"declaration-{template.direction}"],
        )[0]
    else:
        sequence = cur.one(f"SELECT nextval('declaration_number_{template.direction}')", [])[0]
    number = declaration_number(direction=template.direction, sequence=int(sequence))
    events = template.events
    kind, key = events.columns.index("aggregate_type"), events.columns.index("aggregate_id")
    payload = events.columns.index("payload")
    event_rows: list[list[Any]] = []
    for values in events.values:
        row = list(values)
        row[key] = str(new_ids[(row[kind] + "s", int(row[key]))])
        row[payload] = renumbered(row[payload], template.number, number)
        event_rows.append(row)
    cur.insert_many(events.insert_sql(returning=False), event_rows)
    declaration_id = new_ids[("declarations", template.declaration.ids[0])]
    cur.run("UPDATE declarations SET number = %s WHERE id = %s", [number, declaration_id])


def renumbered(payload: Any, old: str, new: str) -> Any:
    """An event payload with the template's declaration number replaced by the new one."""
    data = json.loads(payload) if isinstance(payload, str) else payload
    if isinstance(data, dict) and data.get("number") == old:
        data = {**data, "number": new}
    return json.dumps(data) if isinstance(payload, str) else data


def connect(backend: str, url: str) -> Any:
    if backend == "sqlite":
        conn = sqlite3.connect(
            url.removeprefix("sqlite:///"),
            timeout=30,
            isolation_level=None,
            check_same_thread=False,
        )
        # The application's pragmas (smartcustoms.db._sqlite_pragmas).
        for pragma in (
            "journal_mode=WAL",
            "foreign_keys=ON",
            "synchronous=NORMAL",
            "busy_timeout=10000",
        ):
            conn.execute(f"PRAGMA {pragma}")
        return conn
    return psycopg.connect(url)


def driver_client(
    backend: str, conn: Any, template: Template, work: Tickets, run: Run, lock: threading.Lock
) -> None:
    while work.take() is not None:
        started = time.perf_counter()
        try:
            if backend == "sqlite":
                conn.execute("BEGIN IMMEDIATE")  # as the application's engine does
                try:
                    copy_registration(Cursor(conn, backend), template)
                    conn.execute("COMMIT")
                except BaseException:
                    conn.execute("ROLLBACK")
                    raise
            else:
                with conn.transaction():
                    copy_registration(Cursor(conn, backend), template)
        except (sqlite3.Error, psycopg.Error) as error:
            with lock:
                run.fail(f"driver {type(error).__name__}", repr(error))
            continue
        with lock:
            run.done += 1
            run.latencies.append(time.perf_counter() - started)


def through_driver(
    backend: str, url: str, template: Template, *, n: int, clients: int, seconds: float
) -> Run:
    run = Run()
    work, lock = Tickets(0, n, seconds), threading.Lock()
    # Connections first, so the CPU watch sees their PostgreSQL server processes.
    conns = [connect(backend, url) for _ in range(clients)]
    watch = CpuWatch(0, url)
    try:
        threads = [
            threading.Thread(target=driver_client, args=(backend, conn, template, work, run, lock))
            for conn in conns
        ]
        with watch:
            started = time.perf_counter()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            run.seconds = time.perf_counter() - started
    finally:
        for conn in conns:
            conn.close()
    run.cpu = watch
    stop_if_interrupted()
    return run


def count_registered(url: str) -> int:
    backend = "sqlite" if url.startswith("sqlite") else "postgresql"
    conn = connect(backend, url)
    try:
        row = conn.execute("SELECT count(*) FROM declarations WHERE status = 'registered'")
        return int(row.fetchone()[0])
    finally:
        conn.close()


# ---------------------------------------------------------------- report


@dataclass
class Result:
    backend: str
    api: dict[str, Run]  # by flow
    driver: Run
    registered_rows: int  # new registered declarations in the database after all runs
    expected_rows: int  # warm-up + API + driver
    rows_per_declaration: int  # what one API registration (the last flow run) wrote


def bench_backend(backend: str, args: argparse.Namespace) -> Result:
    flows = [TWO, ONE] if args.flow == "both" else [ONE if args.flow == "one" else TWO]
    with tempfile.TemporaryDirectory(prefix="bench-declarations-") as tmp:
        workdir = Path(tmp)
        with scratch_database(backend, workdir, args.pg_url) as url:
            started = time.perf_counter()
            prepare(url)
            print(f"  database prepared in {time.perf_counter() - started:.1f}s", flush=True)
            seeded = count_registered(url)  # the demo data files some declarations too
            runs: dict[str, Run] = {}
            done = 0
            with running_server(
                url, workdir, workers=args.workers, pool_size=args.pool_size, threads=args.threads
            ) as (
                base,
                server_pid,
            ):
                token = get_token(base)
                for flow in flows:
                    runs[flow] = measure_flow(base, token, flow, done, url, server_pid, args)
                    done += args.warmup + args.n
            # The driver copies the rows of the last registration: the last flow's.
            template = read_template(backend, url)
            driver = through_driver(
                backend, url, template, n=args.n, clients=args.clients, seconds=args.max_seconds
            )
            registered = count_registered(url) - seeded
    expected = sum(r.done + r.warm_done for r in runs.values()) + driver.done
    return Result(backend, runs, driver, registered, expected, template.row_count)


def measure_flow(
    base: str,
    token: str,
    flow: str,
    start: int,
    url: str,
    server_pid: int,
    args: argparse.Namespace,
) -> Run:
    """Warm up (untimed), then time up to --n declarations filed the given way."""
    warm = through_api(
        base,
        token,
        flow,
        start=start,
        n=args.warmup,
        clients=args.clients,
        seconds=30,
        watch=CpuWatch(server_pid, url),
    )
    print(f"  {flow}: warm-up {warm.done} declarations in {warm.seconds:.1f}s", flush=True)
    if warm.failures:
        raise RuntimeError(f"warm-up failed: {dict(warm.failures)}\n{warm.sample_failure}")
    run = through_api(
        base,
        token,
        flow,
        start=start + args.warmup,
        n=args.n,
        clients=args.clients,
        seconds=args.max_seconds,
        watch=CpuWatch(server_pid, url),
    )
    run.warm_done = warm.done
    return run


def print_result(result: Result, args: argparse.Namespace) -> None:
    driver = result.driver
    cores = os.cpu_count() or 1
    print(
        f"== {result.backend}: up to {args.n} declarations x 10 items, {args.clients} clients, "
        f"{args.workers} uvicorn worker(s)"
    )
    print(
        f"  driver  {driver.rate:8.1f} declarations/s  ({driver.done} written in "
        f"{driver.seconds:.1f}s; {sum(driver.failures.values())} failed; the "
        f"{result.rows_per_declaration} rows one API registration wrote, copied)"
    )
    print(
        f"    driver transaction latency: p50 {percentile(driver.latencies, 50):.1f} ms, "
        f"p99 {percentile(driver.latencies, 99):.1f} ms"
    )
    print(f"    CPU during the driver run: {cpu_line(driver, cores)}")
    for flow, api in result.api.items():
        print_flow(result.backend, flow, api, driver, cores)
    print(
        f"  check: {result.registered_rows} registered declarations in the database "
        f"(warm-up + API + driver = {result.expected_rows})"
    )
    if driver.failures:
        print(f"  driver failures: {dict(driver.failures)}\n    first: {driver.sample_failure}")


def print_flow(backend: str, flow: str, api: Run, driver: Run, cores: int) -> None:
    ratio = api.rate / driver.rate if driver.rate else float("nan")
    p50, p99 = percentile(api.latencies, 50), percentile(api.latencies, 99)
    print(
        f"  API, {flow:<12} {api.rate:8.1f} declarations/s  ({api.done} registered in "
        f"{api.seconds:.1f}s; {sum(api.failures.values())} failed); ratio API/driver {ratio:.2f}"
    )
    print(f"    declaration latency: p50 {p50:.1f} ms, p99 {p99:.1f} ms")
    for step, values in api.request_latencies.items():
        print(
            f"    {step:<7} request latency: p50 {percentile(values, 50):.1f} ms, "
            f"p99 {percentile(values, 99):.1f} ms"
        )
    print(f"    CPU during the run: {cpu_line(api, cores)}")
    if api.failures:
        print(f"    failures: {dict(api.failures)}\n    first: {api.sample_failure}")
    if backend == "postgresql":
        goals = [
            (f"API >= {GOAL_RATE:.0f} declarations/s", api.rate >= GOAL_RATE),
            (f"p99 < {GOAL_P99_MS:.0f} ms", p99 < GOAL_P99_MS),
            (f"API/driver >= {GOAL_RATIO}", ratio >= GOAL_RATIO),
        ]
        print(
            "    goals: " + "; ".join(f"{name}: {'met' if ok else 'NOT met'}" for name, ok in goals)
        )


def cpu_line(run: Run, cores: int) -> str:
    """Where the cores went, in ms of CPU per declaration, and how busy the machine was."""
    cpu = run.cpu
    if cpu is None or not run.done:
        return "n/a"
    machine = cpu.machine * cores * cpu.seconds
    other = max(0.0, machine - cpu.server - cpu.postgres - cpu.own)
    per = 1000 / run.done
    parts = [f"server {cpu.server * per:.1f}"] if cpu.server_pid else []
    parts += [f"PostgreSQL {cpu.postgres * per:.1f}"] if cpu.postgres else []
    parts += [f"this script {cpu.own * per:.1f}", f"everything else {other * per:.1f}"]
    return (
        f"{', '.join(parts)} ms per declaration; machine {cpu.machine * 100:.0f}% busy, "
        f"{cpu.iowait * 100:.0f}% waiting for I/O, {cpu.checkpoints} checkpoint(s) "
        f"({other / cpu.seconds:.2f} of {cores} cores used by other processes)"
    )


def machine_speed_ms() -> float:
    """Milliseconds of CPU for a fixed pure-Python loop, best of five: the same code's
    figures vary with the machine (shared cores), so each run says how fast it found it."""

    def loop() -> int:
        total = 0
        for i in range(1_000_000):
            total += i * i
        return total

    best = math.inf
    for _ in range(5):
        started = time.process_time()
        loop()
        best = min(best, time.process_time() - started)
    return best * 1000


def code_version() -> str:
    """Where the measured smartcustoms package comes from, and its commit when known."""
    source = Path(smartcustoms.__file__).parent
    try:
        commit = subprocess.run(
            ["git", "-C", str(source), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(source), "status", "--porcelain", "--", "."],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return str(source)
    return f"{source} at {commit}" + (" with uncommitted changes" if dirty else "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=3000, help="declarations per phase")
    parser.add_argument("--clients", type=int, default=16, help="concurrent clients")
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument(
        "--flow",
        choices=("one", "two", "both"),
        default="both",
        help="file each declaration in one request, in two (draft, then submit), or both",
    )
    parser.add_argument("--workers", type=int, default=2, help="uvicorn worker processes")
    parser.add_argument(
        "--pool-size",
        type=int,
        default=None,
        help="SMARTCUSTOMS_DB_POOL_SIZE for the server (default: its own)",
    )
    parser.add_argument(
        "--threads",
        type=int,
        default=None,
        help="SMARTCUSTOMS_WORKER_THREADS for the server (default: its own)",
    )
    parser.add_argument("--warmup", type=int, default=100, help="declarations before timing")
    parser.add_argument(
        "--max-seconds",
        type=float,
        default=40.0,
        help="stop a phase after this long, whatever --n says",
    )
    parser.add_argument(
        "--pg-url",
        default=PG_ADMIN_URL,
        help="PostgreSQL database to connect to for CREATE/DROP DATABASE",
    )
    args = parser.parse_args()
    signal.signal(signal.SIGINT, interrupt)
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    started = time.perf_counter()
    now = dt.datetime.now(dt.UTC)
    print(f"code: {code_version()}; {os.cpu_count()} cores; {now:%Y-%m-%d %H:%M} UTC")
    print(f"machine speed: a fixed Python loop took {machine_speed_ms():.0f} ms (lower is faster)")
    for backend in backends:
        print(f"-- {backend}", flush=True)
        print_result(bench_backend(backend, args), args)
    print(f"machine speed at the end: the same loop took {machine_speed_ms():.0f} ms")
    print(f"total {time.perf_counter() - started:.0f}s")


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit("interrupted; server stopped and scratch database removed")
