"""A reference-only database per backend (SQLite file, scratch PostgreSQL database), loaded once.

Kept local on purpose: these tests need the reference tables alone, built from the models.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import Engine, Table
from sqlalchemy.orm import Session

from smartcustoms.db import Base, make_engine, make_session_factory, transaction
from smartcustoms.reference import models  # noqa: F401  (registers the ref_* tables)
from smartcustoms.reference.service import LoadReport, invalidate_catalog, load_reference

PG_ADMIN_URL = os.environ.get("SMARTCUSTOMS_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")


@dataclass
class RefDatabase:
    backend: str
    url: str
    engine: Engine
    first_load: LoadReport


def _reference_tables() -> list[Table]:
    return [table for name, table in Base.metadata.tables.items() if name.startswith("ref_")]


def _prepare(backend: str, url: str) -> RefDatabase:
    engine = make_engine(url)
    Base.metadata.create_all(engine, tables=_reference_tables())
    with transaction(make_session_factory(engine)) as session:
        report = load_reference(session)
    print(f"\nreference load on {backend}: {report.seconds:.2f} s")
    return RefDatabase(backend, url, engine, report)


def _sqlite(tmp: Path) -> Iterator[RefDatabase]:
    db = _prepare("sqlite", f"sqlite:///{tmp / 'reference.db'}")
    yield db
    db.engine.dispose()


def _postgresql() -> Iterator[RefDatabase]:
    try:
        admin = psycopg.connect(PG_ADMIN_URL, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError:
        pytest.skip("PostgreSQL is not reachable")
    name = f"ref_test_{uuid.uuid4().hex[:12]}"
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        db = _prepare("postgresql", f"{PG_ADMIN_URL.rsplit('/', 1)[0]}/{name}")
        yield db
        db.engine.dispose()
    finally:
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def ref_db(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RefDatabase]:
    """Reference tables created from the models and loaded once (committed)."""
    if request.param == "sqlite":
        yield from _sqlite(tmp_path_factory.mktemp("reference"))
    else:
        yield from _postgresql()


@pytest.fixture
def ref_session(ref_db: RefDatabase) -> Iterator[Session]:
    """A session whose work is rolled back after the test."""
    connection = ref_db.engine.connect()
    outer = connection.begin()
    session = Session(bind=connection, join_transaction_mode="create_savepoint")
    yield session
    invalidate_catalog(session)  # never keep a snapshot of rolled-back rows
    session.close()
    outer.rollback()
    connection.close()
