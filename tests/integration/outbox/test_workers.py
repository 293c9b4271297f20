"""Outbox delivery that scales out: two workers on PostgreSQL claim rows with
`FOR UPDATE SKIP LOCKED`, so each event is handled once, and neither waits for the other."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from datetime import datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from smartcustoms.db import make_session_factory, transaction
from smartcustoms.identity import service as identity
from smartcustoms.kit.clock import FixedClock
from smartcustoms.notifications.models import TraderNotification
from smartcustoms.outbox import service as outbox
from smartcustoms.outbox.service import Event, Handler, OutboxEvent
from smartcustoms.worker import TRADER_NOTIFICATIONS
from support import TEST_NOW, Database

WAIT = 10.0
TOPIC = "declaration.registered"


def _emit(factory: sessionmaker[Session], count: int) -> list[int]:
    with transaction(factory) as session:
        enterprise = identity.enterprise_by_tax_code(session, tax_code="0101234565")
        assert enterprise is not None
        first = session.scalar(select(func.coalesce(func.max(OutboxEvent.id), 0)))
        events = [
            Event(
                TOPIC, "declaration", 10_000 + i, {"enterprise_id": enterprise.id, "number": str(i)}
            )
            for i in range(count)
        ]
        outbox.emit_all(session, events, at=TEST_NOW)
        ids = session.scalars(
            select(OutboxEvent.id).where(OutboxEvent.id > first).order_by(OutboxEvent.id)
        )
        return list(ids)


class Log:
    """Which worker handled which event (a handler of its own beside the real ones)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.handled: list[tuple[str, int]] = []

    def handler(
        self,
        worker: str,
        *,
        claimed: threading.Event | None = None,
        hold: threading.Event | None = None,
    ) -> Handler:
        def handle(_session: Session, events: Sequence[OutboxEvent], _at: datetime) -> None:
            with self.lock:
                self.handled.extend((worker, e.id) for e in events)
            if claimed is not None:
                claimed.set()
            if hold is not None:
                # Keep this worker's transaction (and its row locks) open until told.
                assert hold.wait(WAIT), "the other worker never finished its pass"

        return Handler(f"log.{worker}", frozenset({TOPIC}), handle)


def test_a_second_worker_skips_the_rows_the_first_holds_and_each_row_is_handled_once(
    committing_postgresql: Database,
) -> None:
    factory = make_session_factory(committing_postgresql.engine)
    ids = _emit(factory, 30)
    log = Log()
    a_holds, b_done = threading.Event(), threading.Event()
    a_claimed: list[int] = []

    def worker_a() -> None:
        with transaction(factory) as session:
            a_claimed.append(
                outbox.dispatch(
                    session,
                    [log.handler("a", claimed=a_holds, hold=b_done), TRADER_NOTIFICATIONS],
                    at=TEST_NOW,
                    limit=10,
                )
            )

    a = threading.Thread(target=worker_a)
    a.start()
    # B starts once A holds its ten rows, and must finish while A still holds them.
    assert a_holds.wait(WAIT)
    with transaction(factory) as session:
        b_count = outbox.dispatch(
            session, [log.handler("b"), TRADER_NOTIFICATIONS], at=TEST_NOW, limit=10
        )
    b_done.set()
    a.join(WAIT)
    assert not a.is_alive()
    assert a_claimed == [10]
    assert b_count == 10
    a_ids = {i for w, i in log.handled if w == "a"}
    b_ids = {i for w, i in log.handled if w == "b"}
    assert a_ids.isdisjoint(b_ids)
    assert a_ids | b_ids == set(ids[:20])

    with transaction(factory) as session:
        made = session.scalars(
            select(TraderNotification.event_id).where(TraderNotification.event_id.in_(ids))
        )
        assert sorted(made) == sorted(a_ids | b_ids)


def test_two_workers_running_freely_handle_every_row_exactly_once(
    committing_postgresql: Database,
) -> None:
    factory = make_session_factory(committing_postgresql.engine)
    ids = _emit(factory, 200)
    log = Log()
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def run(name: str) -> None:
        try:
            start.wait(WAIT)
            handlers = [log.handler(name), TRADER_NOTIFICATIONS]
            while True:
                with transaction(factory) as session:
                    if outbox.dispatch(session, handlers, at=TEST_NOW, limit=7) == 0:
                        return
        except BaseException as failed:  # reported by the test below
            errors.append(failed)

    threads = [threading.Thread(target=run, args=(n,)) for n in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WAIT * 3)
    assert errors == []
    handled = [i for _, i in log.handled if i in set(ids)]
    assert sorted(handled) == ids  # every row, none twice
    with transaction(factory) as session:
        made = list(
            session.scalars(
                select(TraderNotification.event_id).where(TraderNotification.event_id.in_(ids))
            )
        )
    assert sorted(made) == ids


def test_a_handler_that_fails_leaves_its_batch_undelivered(session: Session) -> None:
    clock_at = TEST_NOW
    outbox.emit_all(
        session, [Event(TOPIC, "declaration", 99_999, {"enterprise_id": 1})], at=clock_at
    )
    session.flush()

    def broken(_s: Session, _e: Sequence[OutboxEvent], _at: datetime) -> None:
        raise RuntimeError("the broker is down")

    nested = session.begin_nested()
    with pytest.raises(RuntimeError):
        outbox.dispatch(session, [Handler("broken", None, broken)], at=FixedClock(clock_at).now())
    nested.rollback()

    events = outbox.events_for(session, aggregate_type="declaration", aggregate_id=99_999)
    assert [e.delivered_at for e in events] == [None]
