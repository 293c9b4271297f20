"""Fixtures of the sandbox bank's integration tests (helpers in tests/bank_support.py).

One bank per module (starting one costs most of a second), one receiver and adapter per
test: tests tell their payments apart by reference, never by counting the bank's rows.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from bank_support import (
    PG_ADMIN_URL,
    BankServer,
    Receiver,
    Sandbox,
    receiving,
    sandbox_for,
    served_bank,
)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with receiving() as platform:
        yield platform


@pytest.fixture(scope="module")
def bank_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BankServer]:
    with served_bank(f"sqlite:///{tmp_path_factory.mktemp('bank') / 'bank.db'}") as server:
        yield server


@pytest.fixture
def sandbox(bank_server: BankServer, receiver: Receiver) -> Iterator[Sandbox]:
    with sandbox_for(bank_server, receiver) as view:
        yield view


@pytest.fixture
def sandbox_without_controls(tmp_path: Path, receiver: Receiver) -> Iterator[Sandbox]:
    with (
        served_bank(f"sqlite:///{tmp_path / 'bank.db'}", test_controls=False) as server,
        sandbox_for(server, receiver) as view,
    ):
        yield view


@pytest.fixture
def postgresql_sandbox(receiver: Receiver) -> Iterator[Sandbox]:
    name = f"bank_sandbox_test_{uuid.uuid4().hex[:12]}"
    try:
        with psycopg.connect(PG_ADMIN_URL, autocommit=True, connect_timeout=3) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            raise
        pytest.skip("PostgreSQL is not reachable at 127.0.0.1:5432")
    try:
        url = f"{PG_ADMIN_URL.rsplit('/', 1)[0]}/{name}"
        with served_bank(url) as server, sandbox_for(server, receiver) as view:
            yield view
    finally:
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
