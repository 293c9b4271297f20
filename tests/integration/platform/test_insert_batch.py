"""InsertBatch: rows of several tables written at once read back exactly as given."""

from __future__ import annotations

import json
import math
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any, cast

import pytest
from sqlalchemy import Table, event, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from smartcustoms.db.inserts import InsertBatch, JsonText
from smartcustoms.declarations.models import Declaration, DeclarationItem
from smartcustoms.identity.models import Organisation, User
from smartcustoms.outbox.models import OutboxEvent
from smartcustoms.outbox.service import events_for
from smartcustoms.risk.models import RiskDecision
from support import Database

DECLARATIONS = cast(Table, Declaration.__table__)
ITEMS = cast(Table, DeclarationItem.__table__)
EVENTS = cast(Table, OutboxEvent.__table__)
AT = datetime(2026, 11, 30, 19, 30, 15, 123456, tzinfo=UTC)


def _declaration(session: Session, **values: Any) -> dict[str, Any]:
    row = {c.name: None for c in DECLARATIONS.columns if c.name != "id"}
    row.update(
        version=1,
        status="draft",
        status_reasons=[{"code": "x", "message_vi": "Hàng hóa “A”"}],
        enterprise_id=session.scalar(select(Organisation.id).limit(1)),
        created_by_id=session.scalar(select(User.id).limit(1)),
        created_at=AT,
        updated_at=AT,
        invoice_date=date(2026, 11, 2),
        invoice_amount=Decimal("1234.5"),
        office_code="03CC",
    )
    row.update(values)
    return row


def _item(declaration_id: int, line_no: int, quantity: str) -> dict[str, Any]:
    row: dict[str, Any] = {c.name: None for c in ITEMS.columns if c.name != "id"}
    row.update(
        declaration_id=declaration_id,
        line_no=line_no,
        hs_code="85171300",
        description='Điện thoại "thông minh"',
        quantity=Decimal(quantity),
    )
    return row


def _event(aggregate_id: int, payload: Any) -> dict[str, Any]:
    return {
        "topic": "test.batch",
        "aggregate_type": "declaration",
        "aggregate_id": str(aggregate_id),
        "payload": payload,
        "created_at": AT,
        "delivered_at": None,
        "attempts": 0,
    }


def test_rows_of_several_tables_read_back_as_given(session: Session) -> None:
    batch = InsertBatch(session)
    declaration_id = batch.new_id(DECLARATIONS)
    # Children added first: the batch writes parents first whatever the order.
    batch.add(ITEMS, [_item(declaration_id, 1, "2.5"), _item(declaration_id, 2, "0.0001")])
    payload_text = json.dumps({"b": 1, "a": ["12.5000", None]})
    batch.add(EVENTS, [_event(declaration_id, JsonText(payload_text))])
    batch.add(DECLARATIONS, [{**_declaration(session), "id": declaration_id}])
    batch.write()

    stored = session.get(Declaration, declaration_id)
    assert stored is not None
    assert (stored.created_at, stored.invoice_date) == (AT, date(2026, 11, 2))
    assert stored.invoice_amount == Decimal("1234.5000")
    assert stored.status_reasons == [{"code": "x", "message_vi": "Hàng hóa “A”"}]
    items = session.scalars(
        select(DeclarationItem)
        .where(DeclarationItem.declaration_id == declaration_id)
        .order_by(DeclarationItem.line_no)
    ).all()
    assert [(i.quantity, i.description) for i in items] == [
        (Decimal("2.5000"), 'Điện thoại "thông minh"'),
        (Decimal("0.0001"), 'Điện thoại "thông minh"'),
    ]
    (stored_event,) = events_for(session, aggregate_type="declaration", aggregate_id=declaration_id)
    assert stored_event.payload == json.loads(payload_text)
    raw = session.execute(
        text("SELECT CAST(payload AS TEXT) FROM outbox_events WHERE id = :id"),
        {"id": stored_event.id},
    ).scalar()
    assert raw == payload_text  # JSON text is stored as given, not encoded again


def test_one_statement_on_postgresql_one_per_table_elsewhere(
    session: Session, database: Database
) -> None:
    batch = InsertBatch(session)
    declaration_id = batch.new_id(DECLARATIONS)
    batch.add(DECLARATIONS, [{**_declaration(session), "id": declaration_id}])
    batch.add(ITEMS, [_item(declaration_id, n, "1") for n in range(1, 11)])
    batch.add(EVENTS, [_event(declaration_id, {"n": n}) for n in range(3)])
    statements: list[str] = []

    def count(*args: Any) -> None:
        statements.append(args[2])

    connection = session.connection()
    event.listen(connection, "before_cursor_execute", count)
    try:
        batch.write()
    finally:
        event.remove(connection, "before_cursor_execute", count)
    assert len(statements) == (1 if database.backend == "postgresql" else 3), statements
    batch.write()  # written rows are not written again
    assert len(statements) == (1 if database.backend == "postgresql" else 3)


def test_ids_taken_ahead_are_distinct_and_never_reused_by_the_database(session: Session) -> None:
    batch = InsertBatch(session)
    taken = [batch.new_id(DECLARATIONS) for _ in range(3)]
    batch.add(DECLARATIONS, [{**_declaration(session), "id": i} for i in taken])
    batch.write()
    # A row the database numbers itself gets an id none of the batch's.
    later = Declaration(**_declaration(session, office_code="02CI"))
    session.add(later)
    session.flush()
    assert len(set(taken)) == 3
    assert later.id not in taken
    assert later.id > min(taken)


def test_a_failed_write_writes_nothing(session: Session) -> None:
    batch = InsertBatch(session)
    declaration_id = batch.new_id(DECLARATIONS)
    batch.add(DECLARATIONS, [{**_declaration(session), "id": declaration_id}])
    # The same line number twice breaks the items' unique constraint.
    batch.add(ITEMS, [_item(declaration_id, 1, "1"), _item(declaration_id, 1, "2")])
    with pytest.raises(DBAPIError), session.begin_nested():
        batch.write()
    assert session.get(Declaration, declaration_id) is None


def test_too_long_text_is_refused_not_cut_on_postgresql(
    session: Session, database: Database
) -> None:
    if database.backend != "postgresql":
        pytest.skip("SQLite does not enforce VARCHAR lengths")
    batch = InsertBatch(session)
    row = {**_declaration(session, office_code="TOO-LONG-CODE"), "id": batch.new_id(DECLARATIONS)}
    batch.add(DECLARATIONS, [row])
    with pytest.raises(DBAPIError, match="too long"), session.begin_nested():
        batch.write()


def test_large_json_columns_use_lz4_on_postgresql(session: Session, database: Database) -> None:
    if database.backend != "postgresql":
        pytest.skip("column compression is PostgreSQL's")
    methods = session.execute(
        text(
            "SELECT attrelid::regclass::text, attname, attcompression FROM pg_attribute"
            " WHERE (attrelid = 'tax_assessments'::regclass AND attname = 'items')"
            " OR (attrelid = 'risk_decisions'::regclass AND attname IN ('facts', 'explanation'))"
        )
    ).all()
    assert sorted(methods) == [
        ("risk_decisions", "explanation", "l"),
        ("risk_decisions", "facts", "l"),
        ("tax_assessments", "items", "l"),
    ]


def test_floats_that_json_cannot_hold_are_stored(session: Session, database: Database) -> None:
    if database.backend != "postgresql":
        pytest.skip("SQLite stores floats through the driver, not JSON")
    batch = InsertBatch(session)
    declaration_id = batch.new_id(DECLARATIONS)
    batch.add(DECLARATIONS, [{**_declaration(session), "id": declaration_id}])
    decisions = cast(Table, RiskDecision.__table__)
    batch.add(
        decisions,
        [
            {
                "id": batch.new_id(decisions),
                "declaration_id": declaration_id,
                "enterprise_id": session.scalar(select(Organisation.id).limit(1)),
                "office_code": "03CC",
                "channel": "green",
                "state": "closed",
                "score": float("nan"),
                "rule_points": float("inf"),
                "model_points": None,
                "profile_points": 0.1 + 0.2,
                "model_version_id": None,
                "random_draw": 0.5,
                "randomly_selected": False,
                "facts": {},
                "explanation": {},
                "decided_at": AT,
            }
        ],
    )
    batch.write()
    stored = session.scalars(
        select(RiskDecision).where(RiskDecision.declaration_id == declaration_id)
    ).one()
    assert math.isnan(stored.score)
    assert (stored.rule_points, stored.model_points, stored.profile_points) == (
        float("inf"),
        None,
        0.1 + 0.2,
    )


def test_rows_of_a_table_must_set_the_same_columns(session: Session) -> None:
    batch = InsertBatch(session)
    batch.add(EVENTS, [_event(1, {})])
    with pytest.raises(ValueError, match="outbox_events"):
        batch.add(EVENTS, [{**_event(2, {}), "delivered_at": None, "extra": 1}])
    with pytest.raises(ValueError, match="outbox_events"):
        batch.add(EVENTS, [{k: v for k, v in _event(3, {}).items() if k != "attempts"}])
