"""An account's available balance stays exact and never below zero when declarations are
paid from it at once (PostgreSQL: row locks; SQLite runs one writer at a time)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select, text
from sqlalchemy.orm import Session, sessionmaker

from smartcustoms.config import Settings
from smartcustoms.db import make_engine, make_session_factory
from smartcustoms.declarations import service as declarations
from smartcustoms.declarations.pipeline import RegistrationSetup
from smartcustoms.declarations.schemas import DeclarationWrite
from smartcustoms.demo import DEMO_PASSWORD
from smartcustoms.identity import service as identity
from smartcustoms.identity.rules import Actor
from smartcustoms.payments import service as payments
from smartcustoms.payments.accounts import credit_cash
from smartcustoms.payments.models import Account, AccountEntry
from smartcustoms.payments.rules import AccountKind, InsufficientBalance, NothingToPay
from smartcustoms.registration import build_registration
from support import Database, import_payload

AT = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


@dataclass
class Treasury:
    factory: sessionmaker[Session]
    engine: Engine
    setup: RegistrationSetup
    lan: Actor

    @property
    def enterprise_id(self) -> int:
        assert self.lan.organisation_id is not None
        return self.lan.organisation_id

    def declarations(self, count: int) -> tuple[list[int], int]:
        """`count` registered declarations, committed: their ids and what each owes."""
        ids, owed = [], set()
        with self.factory() as session:
            for index in range(count):
                body = import_payload(invoice_number=f"INV-RACE-{index}")
                filed = declarations.file_and_submit(
                    session,
                    actor=self.lan,
                    enterprise_id=self.enterprise_id,
                    content=DeclarationWrite.model_validate(body).to_content(),
                    setup=self.setup,
                    at=AT,
                )
                ids.append(filed.id)
            session.commit()
            for declaration_id in ids:
                dues = payments.declaration_dues(
                    session, actor=self.lan, declaration_id=declaration_id, at=AT
                )
                owed.add(dues.outstanding_vnd)
        assert len(owed) == 1
        return ids, owed.pop()

    def fund(self, amount: int) -> None:
        with self.factory() as session:
            credit_cash(
                session, enterprise_id=self.enterprise_id, amount_vnd=amount, reason="topup", at=AT
            )
            session.commit()

    def pay(self, session: Session, declaration_id: int) -> None:
        payments.pay_from_account(
            session, actor=self.lan, declaration_id=declaration_id, kind=AccountKind.CASH, at=AT
        )

    def balance(self) -> tuple[int, int]:
        """The account's balance, and the sum of its entries (they must agree)."""
        with self.factory() as session:
            account = session.scalars(
                select(Account).where(Account.enterprise_id == self.enterprise_id)
            ).one()
            entries = session.scalar(
                select(func.sum(AccountEntry.amount_vnd)).where(
                    AccountEntry.account_id == account.id
                )
            )
            return account.balance_vnd, int(entries or 0)


@pytest.fixture
def treasury(committing_postgresql: Database, tmp_path: Path) -> Iterator[Treasury]:
    engine = make_engine(committing_postgresql.url, pool_size=8)
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
    yield Treasury(factory, engine, build_registration(settings), lan)
    with factory() as session:  # the next test starts with no money
        session.execute(text("DELETE FROM payment_settlements"))
        session.execute(text("DELETE FROM account_entries"))
        session.execute(text("DELETE FROM payment_accounts"))
        session.commit()
    engine.dispose()


def test_declarations_paid_at_once_from_one_account_never_spend_more_than_it_holds(
    treasury: Treasury,
) -> None:
    ids, owed = treasury.declarations(6)
    treasury.fund(3 * owed + owed // 2)  # enough for three, not four
    start = threading.Barrier(len(ids))
    outcomes: dict[int, BaseException | None] = {}

    def pay(declaration_id: int) -> None:
        with treasury.factory() as session:
            start.wait()
            try:
                treasury.pay(session, declaration_id)
                session.commit()
                outcomes[declaration_id] = None
            except BaseException as error:  # handed to the test thread
                session.rollback()
                outcomes[declaration_id] = error

    threads = [threading.Thread(target=pay, args=(i,)) for i in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    refused = [e for e in outcomes.values() if e is not None]
    assert len(outcomes) == 6
    assert all(isinstance(e, InsufficientBalance) for e in refused), refused
    assert len(refused) == 3
    assert treasury.balance() == (owed // 2, owed // 2)


def test_a_debit_waits_for_the_one_before_and_sees_what_it_left(treasury: Treasury) -> None:
    (first, second), owed = treasury.declarations(2)
    treasury.fund(owed + 1)
    outcome: list[BaseException | None] = []

    def pay_second() -> None:
        with treasury.factory() as session:
            try:
                treasury.pay(session, second)
                session.commit()
                outcome.append(None)
            except BaseException as error:
                session.rollback()
                outcome.append(error)

    with treasury.factory() as holder:
        treasury.pay(holder, first)  # holds the account's row lock until it commits
        other = threading.Thread(target=pay_second)
        other.start()
        _until_a_session_waits_for_a_lock(treasury.engine, other)
        holder.commit()
    other.join(timeout=60)

    assert len(outcome) == 1
    assert isinstance(outcome[0], InsufficientBalance)
    assert outcome[0].details["available_vnd"] == 1
    assert treasury.balance() == (1, 1)


def test_one_declaration_paid_twice_at_once_is_paid_once(treasury: Treasury) -> None:
    (declaration_id,), owed = treasury.declarations(1)
    treasury.fund(2 * owed)
    outcome: list[BaseException | None] = []

    def pay_again() -> None:
        with treasury.factory() as session:
            try:
                treasury.pay(session, declaration_id)
                session.commit()
                outcome.append(None)
            except BaseException as error:
                session.rollback()
                outcome.append(error)

    with treasury.factory() as holder:
        treasury.pay(holder, declaration_id)  # locks the declaration's obligations
        other = threading.Thread(target=pay_again)
        other.start()
        _until_a_session_waits_for_a_lock(treasury.engine, other)
        holder.commit()
    other.join(timeout=60)

    assert isinstance(outcome[0], NothingToPay)
    assert treasury.balance() == (owed, owed)


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
