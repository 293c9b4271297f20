"""CPU of writing a registration's outbox events on PostgreSQL: emit_all (one InsertBatch
statement) against a generic Core executemany.

Both write the same four events in one open transaction (rolled back at the end), in
alternating rounds of 300 calls; the figure is the Python process's CPU per call, so
PostgreSQL's own work is not counted.

Run: .venv/bin/python bench/outbox_events.py
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import cast

import psycopg
from sqlalchemy import Table, insert
from sqlalchemy.orm import Session, sessionmaker

from smartcustoms.db import make_engine
from smartcustoms.migrate import upgrade
from smartcustoms.outbox.models import OutboxEvent
from smartcustoms.outbox.service import Event, emit_all, event_rows

PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
SCRATCH = "smartcustoms_bench_outbox"
ROUNDS, CALLS = 10, 300
AT = datetime.now(UTC)
EVENTS = [
    Event("declaration.submitted", "declaration", i, {"status": "submitted", "number": "1000"})
    for i in range(4)
]


INSERT_EVENT = insert(cast(Table, OutboxEvent.__table__))


def executemany(session: Session) -> None:
    session.execute(INSERT_EVENT, event_rows(EVENTS, at=AT))


def one_statement(session: Session) -> None:
    emit_all(session, EVENTS, at=AT)


def main() -> None:
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{SCRATCH}"')
        admin.execute(f'CREATE DATABASE "{SCRATCH}"')
    url = f"postgresql://postgres@127.0.0.1:5432/{SCRATCH}"
    try:
        upgrade(url)
        engine = make_engine(url)
        ways: dict[str, Callable[[Session], None]] = {
            "Core executemany": executemany,
            "emit_all (one statement)": one_statement,
        }
        micros: dict[str, list[float]] = {name: [] for name in ways}
        with sessionmaker(bind=engine)() as session:
            for _ in range(ROUNDS):
                for name, write in ways.items():
                    started = time.process_time()
                    for _ in range(CALLS):
                        write(session)
                    micros[name].append((time.process_time() - started) / CALLS * 1e6)
            session.rollback()
        engine.dispose()
    finally:
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{SCRATCH}" WITH (FORCE)')
    for name, values in micros.items():
        print(
            f"{name}: median {statistics.median(values):.0f} µs of CPU per 4 events"
            f" (rounds {min(values):.0f}-{max(values):.0f})"
        )


if __name__ == "__main__":
    main()
