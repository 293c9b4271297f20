"""Two transactions appending at once on PostgreSQL never fork the chain: the second waits
for the first's lock on the chain head and chains onto what it committed; and
`smartcustoms audit verify` reports the chain on a database that commits for real."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from smartcustoms.audit import service as audit
from smartcustoms.cli import app
from smartcustoms.db import make_engine, make_session_factory
from support import TEST_NOW, Database


@pytest.fixture
def engine(committing_postgresql: Database) -> Iterator[Engine]:
    made = make_engine(committing_postgresql.url, pool_size=3)
    yield made
    made.dispose()


def _entry(name: str) -> audit.Entry:
    return audit.Entry(action="test.appended", object_type="test", object_id=name, at=TEST_NOW)


def _until_a_session_waits_for_a_lock(engine: Engine, other: threading.Thread) -> None:
    waiting = text(
        "SELECT count(*) FROM pg_stat_activity "
        "WHERE datname = current_database() AND wait_event_type = 'Lock'"
    )
    deadline = time.monotonic() + 30
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        while other.is_alive() and time.monotonic() < deadline:
            if connection.execute(waiting).scalar():
                return
            threading.Event().wait(0.01)  # a poll's pause: nothing depends on its length
    raise AssertionError("the second append never waited for the first one's lock")


@pytest.mark.parametrize("second_in_autocommit", [False, True], ids=["transaction", "autocommit"])
def test_a_second_append_waits_for_the_first_and_chains_onto_it(
    engine: Engine, second_in_autocommit: bool
) -> None:
    factory: sessionmaker[Session] = make_session_factory(engine)
    with factory() as reader:
        start = audit.verify(reader).head.seq
    failures: list[BaseException] = []

    def second() -> None:
        try:
            with factory() as session:
                if second_in_autocommit:  # as a filing's single-write unit runs
                    session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
                audit.append(session, [_entry("second-1"), _entry("second-2")])
                session.commit()
        except BaseException as error:  # handed to the test thread
            failures.append(error)

    with factory() as first:
        audit.append(first, [_entry("first")])
        audit.flush(first)  # appended now, the head locked until the commit below
        other = threading.Thread(target=second)
        other.start()
        _until_a_session_waits_for_a_lock(engine, other)
        first.commit()
    other.join(timeout=60)
    assert not other.is_alive()
    assert not failures, failures

    with factory() as reader:
        found = audit.verify(reader)
        names = [
            link.entry.object_id
            for link in audit.records_of(
                reader, object_type="test", object_ids=["first", "second-1", "second-2"]
            )
        ]
        seqs = list(
            reader.execute(
                text("SELECT seq FROM audit_records WHERE seq > :s"), {"s": start}
            ).scalars()
        )
    assert found.broken is None, found.texts().en
    assert names[-3:] == ["first", "second-1", "second-2"]
    assert sorted(seqs) == [start + 1, start + 2, start + 3]


def test_the_verify_command_names_the_first_broken_record(
    engine: Engine, committing_postgresql: Database
) -> None:
    runner = CliRunner()
    url = ["--database-url", committing_postgresql.url]
    factory = make_session_factory(engine)
    with factory() as session:
        audit.append(session, [_entry("cli-1"), _entry("cli-2")])
        session.commit()
        seq = audit.verify(session).head.seq - 1

    intact = runner.invoke(app, ["audit", "verify", *url])
    assert intact.exit_code == 0, intact.output
    assert "The audit chain holds" in intact.output

    with factory() as session:
        session.execute(text("UPDATE audit_records SET object_id = 'x' WHERE seq = :s"), {"s": seq})
        session.commit()
    broken = runner.invoke(app, ["audit", "verify", *url, "--lang", "vi"])
    assert broken.exit_code == 1
    assert f"Bản ghi {seq} đã bị sửa" in broken.output
