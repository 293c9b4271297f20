"""The request's unit of work (deps.get_session): what a route or page flushed is committed
once it has returned, before its answer is sent; an exception, a safe method or a page
showing a refusal rolls it back."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import APIRouter, FastAPI
from fastapi.responses import Response
from fastapi.testclient import TestClient
from sqlalchemy import Engine, event, func, select
from sqlalchemy.orm import Session, sessionmaker

from smartcustoms import deps
from smartcustoms.app import create_app
from smartcustoms.config import Settings
from smartcustoms.db import make_engine, make_session_factory
from smartcustoms.deps import SessionDep
from smartcustoms.errors import Conflict
from smartcustoms.kit.clock import FixedClock
from smartcustoms.outbox.models import OutboxEvent
from smartcustoms.web.pages import PageDep
from support import TEST_NOW, TEST_SECRET_KEY, Database, Users, import_payload

# Probe routes: each flushes an outbox event under the topic it is given, then answers.
api = APIRouter(prefix="/api/v1/probe")
pages = APIRouter(prefix="/probe")


def _flush_event(session: Session, topic: str) -> None:
    session.add(
        OutboxEvent(
            topic=topic,
            aggregate_type="probe",
            aggregate_id="1",
            payload={},
            created_at=TEST_NOW,
            attempts=0,
        )
    )
    session.flush()


@api.post("/written", status_code=201)
def written(topic: str, session: SessionDep) -> dict[str, str]:
    _flush_event(session, topic)
    return {"written": topic}


@api.post("/refused")
def refused(topic: str, session: SessionDep) -> None:
    _flush_event(session, topic)
    raise Conflict(message_en="Refused after a flush.", message_vi="Bị từ chối sau khi ghi.")


@api.post("/crashed")
def crashed(topic: str, session: SessionDep) -> None:
    _flush_event(session, topic)
    raise RuntimeError("a fault after a flush")


@api.get("/read")
def read(topic: str, session: SessionDep) -> dict[str, str]:
    _flush_event(session, topic)
    return {"read": topic}


@pages.post("/saved")
def saved_page(topic: str, page: PageDep) -> Response:
    _flush_event(page.session, topic)
    return page.redirect("/")


@pages.post("/refused")
def refused_page(topic: str, page: PageDep) -> Response:
    _flush_event(page.session, topic)
    return page.render("login.html", status=422, next="", username="", error="refused")


def _probed(app: FastAPI) -> TestClient:
    app.include_router(api)
    app.include_router(pages)
    return TestClient(app, raise_server_exceptions=False)


def _events(session: Session, topic: str) -> int:
    session.rollback()  # a fresh snapshot
    return session.scalar(select(func.count()).where(OutboxEvent.topic == topic)) or 0


@pytest.fixture
def client(
    settings: Settings, session_factory: sessionmaker[Session], clock: FixedClock
) -> Iterator[TestClient]:
    """The app with the probe routes, on the test's rolled-back transaction: the unit of work
    commits to a savepoint there, and what it rolls back is gone for the test's other
    sessions."""
    with _probed(create_app(settings, session_factory=session_factory, clock=clock)) as probed:
        yield probed


def test_a_post_that_returns_is_committed_and_another_session_sees_it(
    client: TestClient, session: Session
) -> None:
    response = client.post("/api/v1/probe/written", params={"topic": "probe.written"})

    assert response.status_code == 201, response.text
    assert _events(session, "probe.written") == 1


@pytest.mark.parametrize(("path", "status"), [("refused", 409), ("crashed", 500)])
def test_a_route_that_raises_after_a_flush_leaves_nothing_written(
    client: TestClient, session: Session, path: str, status: int
) -> None:
    response = client.post(f"/api/v1/probe/{path}", params={"topic": f"probe.{path}"})

    assert response.status_code == status
    assert _events(session, f"probe.{path}") == 0


def test_a_get_saves_nothing_whatever_it_flushed(client: TestClient, session: Session) -> None:
    response = client.get("/api/v1/probe/read", params={"topic": "probe.read"})

    assert response.status_code == 200
    assert _events(session, "probe.read") == 0


def test_a_page_that_redirects_saves_and_one_showing_a_refusal_does_not(
    client: TestClient, session: Session
) -> None:
    saved = client.post("/probe/saved", params={"topic": "probe.page"}, follow_redirects=False)
    refusal = client.post("/probe/refused", params={"topic": "probe.page-refused"})

    assert saved.status_code == 303
    assert refusal.status_code == 422
    assert _events(session, "probe.page") == 1
    assert _events(session, "probe.page-refused") == 0


def test_a_failed_commit_is_answered_as_an_error_never_as_a_success(
    client: TestClient, session_factory: sessionmaker[Session], session: Session
) -> None:
    def fail(_session: Session) -> None:
        raise RuntimeError("the commit failed")

    event.listen(session_factory, "before_commit", fail)
    try:
        response = client.post("/api/v1/probe/written", params={"topic": "probe.lost"})
    finally:
        event.remove(session_factory, "before_commit", fail)

    assert response.status_code == 500
    assert response.json()["code"] == "internal_error"
    assert _events(session, "probe.lost") == 0


# ---------------------------------------------------------------- real commits (PostgreSQL)


@pytest.fixture(scope="module")
def real_engine(committing_postgresql: Database) -> Iterator[Engine]:
    """An engine of its own, as the server has: its commits are real."""
    engine = make_engine(committing_postgresql.url, pool_size=2)
    yield engine
    engine.dispose()


@pytest.fixture
def real_client(real_engine: Engine, tmp_path: Path) -> Iterator[TestClient]:
    settings = Settings(
        shared_data_dir=Path(__file__).parents[2] / "data",
        database_url=real_engine.url.render_as_string(hide_password=False),
        var_dir=tmp_path / "var",
        secret_key=TEST_SECRET_KEY,
    )
    app = create_app(settings, session_factory=make_session_factory(real_engine))
    with _probed(app) as probed:
        yield probed


def test_on_postgresql_a_post_commits_for_every_connection_and_a_refusal_for_none(
    real_engine: Engine, real_client: TestClient
) -> None:
    committed = real_client.post("/api/v1/probe/written", params={"topic": "real.written"})
    refused = real_client.post("/api/v1/probe/refused", params={"topic": "real.refused"})

    assert (committed.status_code, refused.status_code) == (201, 409)
    with Session(real_engine) as other:  # another connection, another transaction
        assert _events(other, "real.written") == 1
        assert _events(other, "real.refused") == 0


def test_a_filing_ends_its_unit_of_work_without_a_hand_off_to_a_worker_thread(
    real_engine: Engine, real_client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its one write committed by itself (autocommit): nothing is left for a worker thread to
    send. A transaction's commit, as a submit's, is sent from one."""
    ended_in_a_thread: list[str] = []
    hand_off = deps.run_in_threadpool

    async def counted(step: Callable[..., Any], *args: Any) -> Any:
        if isinstance(getattr(step, "__self__", None), Session):
            ended_in_a_thread.append(step.__name__)
        return await hand_off(step, *args)

    monkeypatch.setattr(deps, "run_in_threadpool", counted)
    with Session(real_engine) as session:
        lan = Users(real_client, session).headers("lan")
    real_client.post("/api/v1/declarations/submit", json=import_payload(), headers=lan)
    ended_in_a_thread.clear()

    filed = real_client.post("/api/v1/declarations/submit", json=import_payload(), headers=lan)
    assert filed.status_code == 201, filed.text
    assert ended_in_a_thread == []

    draft = real_client.post("/api/v1/declarations", json=import_payload(), headers=lan)
    submitted = real_client.post(f"/api/v1/declarations/{draft.json()['id']}/submit", headers=lan)
    assert submitted.status_code == 200, submitted.text
    assert ended_in_a_thread == ["commit"]
