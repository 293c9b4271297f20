"""Single-write units: PostgreSQL files a declaration without BEGIN and COMMIT, and a unit
declared to write once refuses a second write."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, Table, event, func, select, update
from sqlalchemy.orm import Session

from smartcustoms.app import create_app
from smartcustoms.config import Settings
from smartcustoms.db import SecondWrite, make_engine, make_session_factory, single_write_unit
from smartcustoms.db.inserts import InsertBatch
from smartcustoms.declarations.models import Declaration, DeclarationItem
from smartcustoms.idempotency.models import IdempotentRequest
from smartcustoms.outbox.models import OutboxEvent
from support import TEST_SECRET_KEY, Database, Users, import_payload

EVENTS = cast(Table, OutboxEvent.__table__)
URL = "/api/v1/declarations/submit"
AT = datetime(2026, 11, 30, 21, 0, tzinfo=UTC)


def _event(topic: str) -> dict[str, Any]:
    return {
        "topic": topic,
        "aggregate_type": "test",
        "aggregate_id": "1",
        "payload": {},
        "created_at": AT,
        "delivered_at": None,
        "attempts": 0,
    }


def _write(session: Session, topic: str) -> None:
    batch = InsertBatch(session)
    batch.add(EVENTS, [_event(topic)])
    batch.write()


@pytest.fixture
def postgresql_session(session: Session, database: Database) -> Session:
    if database.backend != "postgresql":
        pytest.skip("single-write units change nothing on SQLite (its counter is a write)")
    return session


def test_a_second_write_of_any_kind_is_refused_until_the_unit_ends(
    postgresql_session: Session,
) -> None:
    session = postgresql_session
    single_write_unit(session)
    _write(session, "test.first")

    with pytest.raises(SecondWrite):
        _write(session, "test.second")
    with pytest.raises(SecondWrite):
        session.execute(update(Declaration).where(Declaration.id == -1).values(version=2))
    session.add(OutboxEvent(**_event("test.orm")))
    with pytest.raises(SecondWrite):
        session.flush()

    session.rollback()  # the unit ends with its transaction
    _write(session, "test.after")
    _write(session, "test.after-again")
    assert session.scalar(select(func.count()).where(EVENTS.c.topic.like("test.after%"))) == 2


def test_sqlite_keeps_its_transaction_and_writes_freely(
    session: Session, database: Database
) -> None:
    if database.backend != "sqlite":
        pytest.skip("the SQLite case")
    single_write_unit(session)
    _write(session, "test.one")
    _write(session, "test.two")
    assert session.scalar(select(func.count()).where(EVENTS.c.topic.like("test.%"))) == 2


@pytest.fixture
def real_engine(committing_postgresql: Database) -> Iterator[Engine]:
    """An engine of its own, as the server has: sessions get pooled connections, not one
    joined to an outer transaction."""
    engine = make_engine(committing_postgresql.url, pool_size=2)
    yield engine
    engine.dispose()


@pytest.fixture
def real_client(real_engine: Engine, tmp_path: Path) -> Iterator[tuple[TestClient, str]]:
    """The app on that engine, and a trader's token."""
    settings = Settings(
        shared_data_dir=Path(__file__).parents[2] / "data",
        database_url=real_engine.url.render_as_string(hide_password=False),
        var_dir=tmp_path / "var",
        secret_key=TEST_SECRET_KEY,
    )
    app = create_app(settings, session_factory=make_session_factory(real_engine))
    with TestClient(app) as client, Session(real_engine) as session:
        yield client, Users(client, session).token("lan")


def test_filing_and_drafting_on_postgresql_send_one_insert_with_no_transaction_open(
    real_engine: Engine, real_client: tuple[TestClient, str]
) -> None:
    writes: list[tuple[str, bool, str]] = []

    @event.listens_for(real_engine, "before_cursor_execute")
    def record(conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if not statement.lstrip().upper().startswith("SELECT"):
            driver = conn.connection.driver_connection
            status = driver.info.transaction_status.name
            writes.append((statement.split()[0], driver.autocommit, status))

    client, token = real_client
    lan = {"Authorization": f"Bearer {token}"}
    client.post(URL, json=import_payload(), headers=lan)  # takes id blocks, loads caches
    writes.clear()
    response = client.post(URL, json=import_payload(), headers=lan)

    assert response.status_code == 201, response.text
    # One statement wrote everything, sent in autocommit with no transaction open: no BEGIN
    # went before it and no COMMIT after.
    assert writes == [("WITH", True, "IDLE")]
    filed = response.json()["declaration"]
    with Session(real_engine) as other:  # committed: another connection sees all of it
        assert other.get(Declaration, filed["id"]).number == filed["number"]  # type: ignore[union-attr]
        items = select(func.count()).where(DeclarationItem.declaration_id == filed["id"])
        assert other.scalar(items) == len(filed["items"]) == 2
    writes.clear()
    draft = client.post("/api/v1/declarations", json=import_payload(), headers=lan)
    assert draft.status_code == 201, draft.text
    assert writes == [("WITH", True, "IDLE")]  # a draft is written once too
    # Connections go back to the pool transactional again.
    pooled = [real_engine.connect() for _ in range(real_engine.pool.checkedin())]  # type: ignore[attr-defined]
    try:
        assert pooled
        assert all(not c.connection.driver_connection.autocommit for c in pooled)  # type: ignore[union-attr]
    finally:
        for connection in pooled:
            connection.close()


def test_a_filing_with_an_idempotency_key_keeps_its_answer_in_the_same_statement(
    real_engine: Engine, real_client: tuple[TestClient, str]
) -> None:
    """The declaration and the answer kept under the key commit together or not at all."""
    writes: list[tuple[bool, str]] = []

    @event.listens_for(real_engine, "before_cursor_execute")
    def record(conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if not statement.lstrip().upper().startswith("SELECT"):
            driver = conn.connection.driver_connection
            writes.append((driver.autocommit, driver.info.transaction_status.name))

    client, token = real_client
    lan = {"Authorization": f"Bearer {token}", "Idempotency-Key": "k-1"}
    first = client.post(URL, json=import_payload(), headers=lan)
    again = client.post(URL, json=import_payload(), headers=lan)

    assert first.status_code == again.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    assert writes == [(True, "IDLE")]  # one statement; the retry only read
    with Session(real_engine) as other:
        kept = other.scalars(select(IdempotentRequest).where(IdempotentRequest.key == "k-1"))
        assert [row.body for row in kept] == [first.json()]
