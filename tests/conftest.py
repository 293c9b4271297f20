"""Shared fixtures: real migrated databases (SQLite and PostgreSQL), the app, named users.

Every database test runs once per backend. Each test runs inside a transaction that is
rolled back, so tests never see each other's rows.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest
import time_machine
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from smartcustoms.app import create_app
from smartcustoms.clearance import build_clearance
from smartcustoms.config import Settings
from smartcustoms.db import make_engine, transaction
from smartcustoms.declarations.clearance import ClearanceSetup
from smartcustoms.demo import seed
from smartcustoms.kit.clock import FixedClock
from smartcustoms.migrate import upgrade
from smartcustoms.reference.service import get_catalog, load_reference
from smartcustoms.tariff.importer import SAMPLE_DIR
from smartcustoms.tariff.service import import_directory
from support import (
    TEST_NOW,
    TEST_SECRET_KEY,
    Database,
    Users,
    clearance_held,
    forget_fastapi_call_caches,
    import_payload,
    taxes_aside,
)

# Tests roll back their outer transaction, imports included: every test reads the tariff import
# in force itself (test_schedule_recheck.py tests the process-wide memory on its own).
os.environ["SMARTCUSTOMS_TARIFF_RECHECK_SECONDS"] = "0"
# Tests sign in thousands of times: argon2 at its cheapest (identity/security.py says why).
os.environ["SMARTCUSTOMS_TEST_CHEAP_PASSWORD_HASHES"] = "1"

# The platform requires a second factor of officers, supervisors, agency officers and the
# administrator by default. The seeded test people are not enrolled, and they sign in many
# times at one frozen instant, where a TOTP code is good only once (replay protection): the
# suite turns the requirement off here. tests/integration/identity/test_second_factor_default.py
# proves the default, the demo's enrolment and signing in with a computed code.
os.environ["SMARTCUSTOMS_SECOND_FACTOR_REQUIRED_ROLES"] = ""

# `make test` runs the suite a second time with the process clock moved this many days
# ahead: a test that compares a fixed date with the wall clock fails there, not one day
# in the future by itself.
CLOCK_SHIFT_DAYS = int(os.environ.get("SMARTCUSTOMS_TEST_CLOCK_SHIFT_DAYS", "0"))


def pytest_configure(config: pytest.Config) -> None:
    if CLOCK_SHIFT_DAYS:
        ahead = datetime.now(UTC) + timedelta(days=CLOCK_SHIFT_DAYS)
        time_machine.travel(ahead, tick=True).start()


def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> None:
    forget_fastapi_call_caches()


def pytest_report_header(config: pytest.Config) -> str | None:
    if CLOCK_SHIFT_DAYS:
        return f"process clock moved {CLOCK_SHIFT_DAYS} days ahead: {datetime.now(UTC):%Y-%m-%d}"
    return None


PG_ADMIN_URL = os.environ.get("SMARTCUSTOMS_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")
TEST_DATA = Path(__file__).parent / "data"  # small copies of shared data
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def _pg_available() -> bool:
    try:
        with psycopg.connect(PG_ADMIN_URL, connect_timeout=3):
            return True
    except psycopg.OperationalError:
        if IN_CI:
            raise
        return False


def _backends() -> list[str]:
    chosen = os.environ.get("SMARTCUSTOMS_TEST_BACKENDS", "sqlite,postgresql")
    return [b.strip() for b in chosen.split(",") if b.strip()]


def _create_pg_database() -> tuple[str, str]:
    name = f"smartcustoms_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = PG_ADMIN_URL.rsplit("/", 1)[0]
    return name, f"{base}/{name}"


def _drop_pg_database(name: str) -> None:
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _prepare(url: str) -> Engine:
    upgrade(url)
    engine = make_engine(url)
    from sqlalchemy.orm import sessionmaker as factory

    with transaction(factory(bind=engine)) as session:
        load_reference(session)
        import_directory(session, SAMPLE_DIR, catalog=get_catalog(session), at=TEST_NOW)
        seed(session, at=TEST_NOW)
    return engine


@pytest.fixture(scope="session", params=_backends())
def database(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Database]:
    backend = request.param
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
        engine = _prepare(url)
        yield Database(backend, url, engine)
        engine.dispose()
        return
    if not _pg_available():
        pytest.skip("PostgreSQL is not reachable at 127.0.0.1:5432 (required when CI=true)")
    name, url = _create_pg_database()
    try:
        engine = _prepare(url)
        yield Database(backend, url, engine)
        engine.dispose()
    finally:
        _drop_pg_database(name)


@pytest.fixture(scope="module")
def committing_postgresql() -> Iterator[Database]:
    """A prepared PostgreSQL database of the module's own, for tests that must commit for
    real (nothing rolls their rows back, so they cannot share the session's database). Left
    out when the run is for SQLite only (SMARTCUSTOMS_TEST_BACKENDS=sqlite: the shifted-clock
    run), as the `database` fixture's PostgreSQL half is."""
    if "postgresql" not in _backends():
        pytest.skip("this run is for SQLite only (SMARTCUSTOMS_TEST_BACKENDS)")
    if not _pg_available():
        pytest.skip("PostgreSQL is not reachable at 127.0.0.1:5432 (required when CI=true)")
    name, url = _create_pg_database()
    try:
        engine = _prepare(url)
        yield Database("postgresql", url, engine)
        engine.dispose()
    finally:
        _drop_pg_database(name)


@pytest.fixture
def session_factory(database: Database) -> Iterator[sessionmaker[Session]]:
    """Sessions bound to one outer transaction; their commits become savepoint releases."""
    connection = database.engine.connect()
    outer = connection.begin()
    factory = sessionmaker(
        bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
    )
    yield factory
    outer.rollback()
    connection.close()


@pytest.fixture
def session(session_factory: sessionmaker[Session]) -> Iterator[Session]:
    db_session = session_factory()
    yield db_session
    db_session.close()


@pytest.fixture
def settings(tmp_path: Path, database: Database) -> Settings:
    return Settings(
        shared_data_dir=TEST_DATA,
        database_url=database.url,
        var_dir=tmp_path / "var",
        secret_key=TEST_SECRET_KEY,
        max_upload_bytes=64 * 1024,
        cookie_secure=False,  # the test client speaks plain HTTP
    )


@pytest.fixture
def clock() -> FixedClock:
    """The platform's clock in a test: fixed at TEST_NOW until the test moves it."""
    return FixedClock(TEST_NOW)


@pytest.fixture
def clearance(request: pytest.FixtureRequest, settings: Settings) -> ClearanceSetup:
    """The clearance conditions of the app under test: the platform's. A test marked
    `release_held` (one about a registered declaration before release: its amendments, its
    cancellation) gets one more, never met, so a green declaration is not cleared at once; one
    marked `taxes_aside` (the channel's checks, the officers' decisions) goes without the
    payments domain's taxes condition."""
    if request.node.get_closest_marker("release_held") is not None:
        setup = clearance_held(settings)
    else:
        setup = build_clearance(settings)
    if request.node.get_closest_marker("taxes_aside") is not None:
        setup = taxes_aside(setup)
    return setup


@pytest.fixture
def app_client(
    settings: Settings,
    session_factory: sessionmaker[Session],
    clock: FixedClock,
    clearance: ClearanceSetup,
) -> Iterator[TestClient]:
    app = create_app(settings, session_factory=session_factory, clock=clock, clearance=clearance)
    with TestClient(app) as client:
        yield client


@pytest.fixture
def users(app_client: TestClient, session: Session) -> Users:
    return Users(app_client, session)


@pytest.fixture
def valid_import() -> dict[str, object]:
    return import_payload()
