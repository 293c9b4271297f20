"""Alembic environment: one script set for SQLite and PostgreSQL."""

from __future__ import annotations

import warnings
from typing import Any

from alembic import context
from sqlalchemy import Column, Index
from sqlalchemy.engine import Connection
from sqlalchemy.exc import SAWarning

import smartcustoms.models  # noqa: F401  (registers every table)
from smartcustoms.config import get_settings
from smartcustoms.db import Base, make_engine

config = context.config
target_metadata = Base.metadata


def _not_an_sqlite_expression_index(
    obj: Any, _name: str | None, type_: str, _reflected: bool, _compare_to: Any
) -> bool:
    """SQLite's reflection cannot read an index on an expression (such as
    ix_declarations_transport_document_key): left out of SQLite's comparison, PostgreSQL
    compares it."""
    if type_ != "index" or not isinstance(obj, Index):
        return True
    return all(isinstance(e, Column) for e in obj.expressions)


def _run(connection: Connection) -> None:
    sqlite = connection.dialect.name == "sqlite"
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=sqlite,
        compare_type=True,
        include_object=_not_an_sqlite_expression_index if sqlite else None,
    )
    with warnings.catch_warnings(), context.begin_transaction():
        if sqlite:
            warnings.filterwarnings(
                "ignore", "Skipped unsupported reflection of expression-based index", SAWarning
            )
            warnings.filterwarnings("ignore", "autogenerate skipping metadata-specified expr")
        context.run_migrations()


def run_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = config.get_main_option("sqlalchemy.url") or get_settings().database_url
    engine = make_engine(url)
    with engine.connect() as conn:
        _run(conn)
    engine.dispose()


if context.is_offline_mode():
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
    )
    with context.begin_transaction():
        context.run_migrations()
else:
    run_online()
