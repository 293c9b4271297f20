"""A scratch database for a benchmark run, migrated and loaded as the test suite's is, and
plain driver connections to it."""

from __future__ import annotations

import secrets
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy.orm import sessionmaker

from smartcustoms.db import make_engine, transaction
from smartcustoms.demo import seed
from smartcustoms.kit.clock import utcnow
from smartcustoms.migrate import upgrade
from smartcustoms.reference.service import get_catalog, load_reference
from smartcustoms.tariff.importer import SAMPLE_DIR
from smartcustoms.tariff.service import import_directory

PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"


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


def count_registered(url: str) -> int:
    backend = "sqlite" if url.startswith("sqlite") else "postgresql"
    conn = connect(backend, url)
    try:
        row = conn.execute(
            "SELECT count(*) FROM declarations WHERE status IN ('registered', 'cleared')"
        )
        return int(row.fetchone()[0])
    finally:
        conn.close()
