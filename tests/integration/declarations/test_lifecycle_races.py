"""A cancellation and the submit of an amendment racing on PostgreSQL: one wins, the other
waits for it and is refused. Both lock the cancelled (or amended) version first."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, select, text
from sqlalchemy.orm import Session, sessionmaker

from smartcustoms.config import Settings
from smartcustoms.db import make_engine, make_session_factory
from smartcustoms.declarations import service
from smartcustoms.declarations.content import DeclarationContent
from smartcustoms.declarations.lifecycle import TransitionRefused
from smartcustoms.declarations.models import Declaration
from smartcustoms.declarations.pipeline import RegistrationSetup
from smartcustoms.declarations.schemas import DeclarationWrite
from smartcustoms.demo import DEMO_PASSWORD
from smartcustoms.identity import service as identity
from smartcustoms.identity.rules import Actor
from smartcustoms.registration import build_registration
from smartcustoms.tariff.models import TaxAssessment
from support import Database, clearance_held, import_payload

AT = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
REASON = "Seller cancelled the order"


@dataclass
class Office:
    """Lan's sessions on a database whose commits are real, and the registration setup."""

    factory: sessionmaker[Session]
    engine: Engine
    setup: RegistrationSetup
    lan: Actor

    def amended_declaration(self) -> tuple[int, int]:
        """A registered declaration and its open amendment, committed: their ids."""
        content: DeclarationContent = DeclarationWrite.model_validate(import_payload()).to_content()
        with self.factory() as session:
            filed = service.file_and_submit(
                session,
                actor=self.lan,
                enterprise_id=next(iter(self.lan.enterprise_ids)),
                content=content,
                setup=self.setup,
                at=AT,
            )
            assert filed.status == "registered"
            amendment = service.amend(session, actor=self.lan, declaration_id=filed.id, at=AT)
            session.commit()
            return filed.id, amendment.id

    def submit(self, session: Session, declaration_id: int) -> Any:
        return service.submit(
            session, actor=self.lan, declaration_id=declaration_id, setup=self.setup, at=AT
        )

    def cancel(self, session: Session, declaration_id: int) -> Any:
        return service.cancel(
            session,
            actor=self.lan,
            declaration_id=declaration_id,
            reason=REASON,
            setup=self.setup,
            at=AT,
        )

    def statuses(self, *declaration_ids: int) -> list[str]:
        with self.factory() as session:
            return [
                session.scalars(
                    select(Declaration.status).where(Declaration.id == declaration_id)
                ).one()
                for declaration_id in declaration_ids
            ]

    def tax_assessments(self, declaration_id: int) -> int:
        with self.factory() as session:
            query = select(func.count()).where(TaxAssessment.declaration_id == declaration_id)
            return session.scalar(query) or 0


@pytest.fixture
def office(committing_postgresql: Database, tmp_path: Path) -> Iterator[Office]:
    engine = make_engine(committing_postgresql.url, pool_size=3)
    settings = Settings(
        shared_data_dir=Path(__file__).parents[2] / "data",
        database_url=committing_postgresql.url,
        var_dir=tmp_path / "var",
        secret_key="test-secret-0123456789abcdef0123456789",
    )
    factory = make_session_factory(engine)
    with factory() as session:
        user = identity.authenticate(session, username="lan", password=DEMO_PASSWORD)
        lan = identity.actor_for(session, user_id=user.id)
    # The declaration stays registered (as with unpaid taxes): a cleared one is not cancelled.
    setup = build_registration(settings, clearance=clearance_held(settings))
    yield Office(factory, engine, setup, lan)
    engine.dispose()


def _second_waits_for_the_first(
    office: Office, first: Callable[[Session], Any], second: Callable[[Session], Any]
) -> BaseException | None:
    """Run `first` in a transaction left open, then `second` in another thread until it
    waits for a lock, then commit the first: what the second raised, if anything."""
    outcome: list[BaseException | None] = []

    def run_second() -> None:
        with office.factory() as session:
            try:
                second(session)
                session.commit()
                outcome.append(None)
            except BaseException as error:  # handed to the test thread
                session.rollback()
                outcome.append(error)

    with office.factory() as holder:
        first(holder)
        other = threading.Thread(target=run_second)
        other.start()
        _until_a_session_waits_for_a_lock(office.engine, other)
        holder.commit()
    other.join(timeout=60)
    assert outcome, "the second transaction did not finish"
    return outcome[0]


def _until_a_session_waits_for_a_lock(engine: Engine, other: threading.Thread) -> None:
    """Poll PostgreSQL until the other thread's statement is waiting for a row lock."""
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
    raise AssertionError("the second transaction never waited for the first one's lock")


def test_a_cancel_that_locks_first_makes_the_racing_amendment_submit_refused(
    office: Office,
) -> None:
    declaration_id, amendment_id = office.amended_declaration()

    refused = _second_waits_for_the_first(
        office,
        lambda session: office.cancel(session, declaration_id),
        lambda session: office.submit(session, amendment_id),
    )

    assert isinstance(refused, TransitionRefused)
    assert refused.details["reason"] == "withdrawn"
    assert office.statuses(declaration_id, amendment_id) == ["cancelled", "withdrawn"]
    assert office.tax_assessments(amendment_id) == 0


def test_an_amendment_submit_that_locks_first_makes_the_racing_cancel_refused(
    office: Office,
) -> None:
    declaration_id, amendment_id = office.amended_declaration()

    refused = _second_waits_for_the_first(
        office,
        lambda session: office.submit(session, amendment_id),
        lambda session: office.cancel(session, declaration_id),
    )

    assert isinstance(refused, TransitionRefused)
    assert refused.details["reason"] == "superseded"
    assert office.statuses(declaration_id, amendment_id) == ["amended", "registered"]
    assert office.tax_assessments(amendment_id) == 1
