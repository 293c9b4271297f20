"""The border's late-link lookup (every manifest filing) is served by the expression index on
the transport document, on SQLite and PostgreSQL: the query writes the index's expression."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from smartcustoms.declarations import service as declarations

INDEX = "ix_declarations_transport_document_key"


def _lookup_statement(session: Session, keys: list[str]) -> tuple[str, Any]:
    """The SQL the lookup sends (and its parameters), as the driver receives them."""
    sent: list[tuple[str, Any]] = []
    connection = session.connection()

    def record(_c: Any, _cursor: Any, statement: str, parameters: Any, *_rest: Any) -> None:
        sent.append((statement, parameters))

    event.listen(connection, "before_cursor_execute", record)
    try:
        declarations.registered_by_transport_documents(session, keys=keys)
    finally:
        event.remove(connection, "before_cursor_execute", record)
    (found,) = [s for s in sent if "FROM declarations" in s[0]]
    return found


def test_the_index_is_on_the_expression_the_lookup_compares(session: Session) -> None:
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        sql = "SELECT indexdef FROM pg_indexes WHERE indexname = %(name)s"
    else:
        sql = "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = :name"
    (written,) = connection.exec_driver_sql(sql, {"name": INDEX}).scalars().all()
    # PostgreSQL writes it back with casts: replace((transport_document)::text, ' '::text, …
    plain = re.sub(r"::text", "", written.lower()).replace(
        "(transport_document)", "transport_document"
    )
    assert plain.endswith("(upper(replace(transport_document, ' ', '')))"), written
    statement, _ = _lookup_statement(session, ["HASLC01240012345"])
    assert "upper(replace(declarations.transport_document, ' ', ''))" in statement


def test_the_lookup_uses_the_index(session: Session) -> None:
    statement, parameters = _lookup_statement(session, ["HASLC01240012345", "MAEU123456789"])
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        # A few rows make a sequential scan cheaper: ask what the planner does at scale.
        connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
        plan = connection.exec_driver_sql(f"EXPLAIN {statement}", parameters).scalars().all()
        connection.exec_driver_sql("SET LOCAL enable_seqscan = on")
    else:
        rows = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters).all()
        plan = [str(row[-1]) for row in rows]
    assert any(INDEX in line for line in plan), "\n".join(plan)
