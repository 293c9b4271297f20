"""The schema comes from Alembic migrations, and they match the models exactly."""

from __future__ import annotations

from pathlib import Path

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
