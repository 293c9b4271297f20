"""The schema comes from Alembic migrations, and they match the models exactly."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import psycopg
import pytest
from alembic import command
from sqlalchemy import inspect

from smartcustoms.db import make_engine
from smartcustoms.migrate import alembic_config, check, upgrade
from support import Database


def test_migrations_match_the_models(database: Database) -> None:
    check(database.url)  # raises if autogenerate would produce any operation


def test_migrations_go_down_to_nothing_and_back_up(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'roundtrip.db'}"
    upgrade(url)
    command.downgrade(alembic_config(url), "base")
    engine = make_engine(url)
    assert set(inspect(engine).get_table_names()) == {"alembic_version"}
    engine.dispose()
    upgrade(url)
    check(url)


def test_postgresql_numbers_continue_from_the_counter_table_and_back(database: Database) -> None:
    if database.backend != "postgresql":
        pytest.skip("sequences are PostgreSQL's; SQLite keeps the counter table")
    admin = os.environ.get("SMARTCUSTOMS_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")
    name = f"smartcustoms_numbers_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = f"{admin.rsplit('/', 1)[0]}/{name}"
    try:
        config = alembic_config(url)
        command.upgrade(config, "0004_merge")
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("UPDATE number_sequences SET value = 41 WHERE name = 'declaration-import'")
        command.upgrade(config, "head")
        with psycopg.connect(url, autocommit=True) as conn:
            taken = conn.execute("SELECT nextval('declaration_number_import')").fetchone()
            assert taken == (42,)
        command.downgrade(config, "0004_merge")
        with psycopg.connect(url, autocommit=True) as conn:
            counter = conn.execute(
                "SELECT value FROM number_sequences WHERE name = 'declaration-import'"
            ).fetchone()
        assert counter == (42,)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
