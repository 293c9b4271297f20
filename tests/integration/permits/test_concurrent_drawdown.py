"""A licence's balance is never over-drawn by declarations registering at once (PostgreSQL,
two and more real connections: the draw is one conditional UPDATE under the row's lock)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select, text
from sqlalchemy.orm import Session, sessionmaker

from permits_support import apples_payload
from smartcustoms.adapters.storage import LocalBlobStorage
from smartcustoms.clearance import build_clearance
from smartcustoms.config import Settings
from smartcustoms.db import make_engine, make_session_factory
from smartcustoms.declarations import service as declarations
from smartcustoms.declarations.content import DeclarationContent
from smartcustoms.declarations.pipeline import RegistrationSetup
from smartcustoms.declarations.schemas import DeclarationWrite
from smartcustoms.demo import DEMO_PASSWORD, demo_documents
from smartcustoms.identity import service as identity
from smartcustoms.identity.rules import Actor
from smartcustoms.permits import service as permits
from smartcustoms.permits.models import Application, Drawdown
from smartcustoms.permits.rules import Action, BalanceExceeded
from smartcustoms.registration import build_registration
from support import Database

AT = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


@dataclass
class Counter:
    factory: sessionmaker[Session]
    engine: Engine
    setup: RegistrationSetup
    settings: Settings

    def actor(self, session: Session, username: str) -> Actor:
        user = identity.authenticate(session, username=username, password=DEMO_PASSWORD)
        return identity.actor_for(session, user_id=user.id)

    def licence(self, kg: int) -> int:
        """A plant-quarantine licence for `kg` of apples granted to Lan, committed."""
        with self.factory() as session:
            lan, thu = self.actor(session, "lan"), self.actor(session, "thu")
            enterprise_id = next(iter(lan.enterprise_ids))
            storage = LocalBlobStorage(self.settings.documents_dir)
            application = permits.apply(
                session,
                actor=lan,
                enterprise_id=enterprise_id,
                procedure="plant_quarantine_import",
                hs_code="08081000",
                goods="Apples",
                origin_country="NZ",
                quantity=Decimal(kg),
                unit="KGM",
                document_ids=demo_documents(session, storage, lan, enterprise_id, at=AT),
                certificate_country="NZ",  # mutual recognition: no sample
                seed="race",
                at=AT,
            )
            for action in (Action.ACCEPT, Action.APPROVE):
                permits.act(
                    session,
                    actor=thu,
                    application_id=application.id,
                    action=action,
                    clearance=self.setup.clearance or build_clearance(self.settings),
                    at=AT,
                )
            session.commit()
            return application.id

    def file(self, session: Session, kg: int, index: int) -> str:
        return self.file_for_id(session, kg, index)[1]

    def file_for_id(self, session: Session, kg: int, index: int) -> tuple[int, str]:
        lan = self.actor(session, "lan")
        filed = declarations.file_and_submit(
            session,
            actor=lan,
            enterprise_id=next(iter(lan.enterprise_ids)),
            content=_apples(kg, index),
            setup=self.setup,
            at=AT,
        )
        return filed.id, str(filed.status)

    def amendment(self, declaration_id: int, kg: int) -> int:
        """A draft amendment of the declaration to `kg` of apples, committed."""
        with self.factory() as session:
            lan = self.actor(session, "lan")
            draft = declarations.amend(session, actor=lan, declaration_id=declaration_id, at=AT)
            declarations.update_draft(
                session, actor=lan, declaration_id=draft.id, content=_apples(kg, 0), at=AT
            )
            session.commit()
            return draft.id

    def submit(self, session: Session, declaration_id: int) -> str:
        lan = self.actor(session, "lan")
        submitted = declarations.submit(
            session, actor=lan, declaration_id=declaration_id, setup=self.setup, at=AT
        )
        return str(submitted.status)

    def balance(self, application_id: int) -> tuple[Decimal, Decimal]:
        """What the licence has left, and what declarations drew from it."""
        with self.factory() as session:
            lan = self.actor(session, "lan")
            left = permits.get_application(session, actor=lan, application_id=application_id)
            drawn = session.scalar(
                select(func.sum(Drawdown.quantity)).where(Drawdown.application_id == application_id)
            )
            return left.balance, Decimal(drawn or 0)

    def held(self, application_id: int) -> tuple[Decimal, Decimal]:
        """What the licence has left, and what declarations hold of it (not given back)."""
        with self.factory() as session:
            left = session.scalar(
                select(Application.balance_e4).where(Application.id == application_id)
            )
            drawn = session.scalar(
                select(func.sum(Drawdown.quantity)).where(
                    Drawdown.application_id == application_id, Drawdown.returned_at.is_(None)
                )
            )
            return Decimal(left or 0) / 10_000, Decimal(drawn or 0)


def _apples(kg: int, index: int) -> DeclarationContent:
    body = apples_payload(str(kg), invoice_number=f"INV-APPLES-{index}")
    return DeclarationWrite.model_validate(body).to_content()


@pytest.fixture
def counter(committing_postgresql: Database, tmp_path: Path) -> Iterator[Counter]:
    engine = make_engine(committing_postgresql.url, pool_size=8)
    settings = Settings(
        shared_data_dir=Path(__file__).parents[2] / "data",
        database_url=committing_postgresql.url,
        var_dir=tmp_path / "var",
        secret_key="test-secret-0123456789abcdef0123456789",
    )
    yield Counter(make_session_factory(engine), engine, build_registration(settings), settings)
    with make_session_factory(engine)() as session:  # the next test's licence is the only one
        session.execute(text("UPDATE permit_applications SET state = 'revoked', balance_e4 = 0"))
        session.commit()
    engine.dispose()


def test_declarations_registering_at_once_never_draw_more_than_the_licence_holds(
    counter: Counter,
) -> None:
    licence = counter.licence(10_000)
    start = threading.Barrier(4)
    outcomes: list[str | BaseException] = []

    def register(index: int) -> None:
        with counter.factory() as session:
            start.wait()
            try:
                outcomes.append(counter.file(session, 3_000, index))
                session.commit()
            except BaseException as error:  # handed to the test thread
                session.rollback()
                outcomes.append(error)

    threads = [threading.Thread(target=register, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert len(outcomes) == 4
    registered = [o for o in outcomes if o == "registered"]
    refused = [o for o in outcomes if o != "registered"]
    assert len(registered) == 3, outcomes
    assert all(o == "rejected" or isinstance(o, BalanceExceeded) for o in refused), refused
    assert counter.balance(licence) == (Decimal(1_000), Decimal(9_000))


def test_a_draw_waits_for_the_one_before_and_sees_what_it_left(counter: Counter) -> None:
    licence = counter.licence(10_000)
    outcome: list[str | BaseException] = []

    def register_second() -> None:
        with counter.factory() as session:
            try:
                outcome.append(counter.file(session, 6_000, 2))
                session.commit()
            except BaseException as error:
                session.rollback()
                outcome.append(error)

    with counter.factory() as holder:
        assert counter.file(holder, 6_000, 1) == "registered"  # holds the licence's row lock
        other = threading.Thread(target=register_second)
        other.start()
        _until_a_session_waits_for_a_lock(counter.engine, other)
        holder.commit()
    other.join(timeout=60)

    assert len(outcome) == 1
    assert isinstance(outcome[0], BalanceExceeded), outcome
    assert counter.balance(licence) == (Decimal(4_000), Decimal(6_000))


def test_an_amendment_and_a_new_declaration_at_once_never_overdraw_nor_lose_quantity(
    counter: Counter,
) -> None:
    licence = counter.licence(10_000)
    with counter.factory() as session:
        v1, registered = counter.file_for_id(session, 4_000, 1)
        session.commit()
    assert registered == "registered"
    v2 = counter.amendment(v1, 7_000)  # 3,000 more; 6,000 left, and a new one asks 4,000
    start = threading.Barrier(2)
    outcomes: dict[str, str | BaseException] = {}

    def run(name: str, act: Callable[[Session], str]) -> None:
        with counter.factory() as session:
            start.wait()
            try:
                outcomes[name] = act(session)
                session.commit()
            except BaseException as error:  # handed to the test thread
                session.rollback()
                outcomes[name] = error

    threads = [
        threading.Thread(target=run, args=("amendment", lambda s: counter.submit(s, v2))),
        threading.Thread(target=run, args=("new", lambda s: counter.file(s, 4_000, 2))),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    registered = sorted(name for name, o in outcomes.items() if o == "registered")
    assert len(registered) == 1, outcomes
    refused = [o for o in outcomes.values() if o != "registered"]
    assert all(o == "rejected" or isinstance(o, BalanceExceeded) for o in refused), refused
    left, held = counter.held(licence)
    assert left + held == Decimal(10_000)
    assert (left, held) == (
        (Decimal(3_000), Decimal(7_000))
        if registered == ["amendment"]
        else (Decimal(2_000), Decimal(8_000))
    )


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
