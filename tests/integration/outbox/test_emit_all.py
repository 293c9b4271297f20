"""Several events written in one statement read back as they were given."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.orm import Session

from smartcustoms.outbox.service import Event, emit_all, events_for


def test_events_written_together_read_back_in_order_and_undelivered(session: Session) -> None:
    at = datetime(2026, 11, 23, 9, 30, 15, 123456, tzinfo=UTC)
    payload = {"number": "100000000017", "amounts": ["12.5000", None], "text": 'Hàng hóa "A"'}
    emit_all(
        session,
        [
            Event("declaration.submitted", "declaration", 987654, {"status": "submitted"}),
            Event("declaration.registered", "declaration", 987654, payload),
        ],
        at=at,
    )

    events = events_for(session, aggregate_type="declaration", aggregate_id=987654)
    assert [(e.topic, e.payload) for e in events] == [
        ("declaration.submitted", {"status": "submitted"}),
        ("declaration.registered", payload),
    ]
    assert {(e.created_at, e.delivered_at, e.attempts) for e in events} == {(at, None, 0)}


def test_no_events_write_nothing(session: Session) -> None:
    emit_all(session, [], at=datetime(2026, 11, 23, tzinfo=UTC))

    assert events_for(session, aggregate_type="declaration", aggregate_id=0) == []
