"""What the in-process benchmarks of registration steps share: a step wrapped to time its
decision and its recording, the percentile they print, and one registration by a demo user
(a draft created, then submitted, the submit timed)."""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass, field, replace

from sqlalchemy.orm import Session, sessionmaker

from smartcustoms.db import transaction
from smartcustoms.db.inserts import InsertBatch
from smartcustoms.declarations import service as declarations
from smartcustoms.declarations.content import DeclarationContent
from smartcustoms.declarations.pipeline import RegistrationContext, RegistrationSetup, StepOutcome
from smartcustoms.identity import service as identity
from smartcustoms.identity.rules import Actor
from smartcustoms.kit.clock import utcnow
from smartcustoms.outbox.service import Event


@dataclass
class Timed:
    """A registration step that keeps, in ms, how long each of its runs took."""

    step: object
    name: str
    samples: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)  # the thread's CPU time (no waiting), ms

    def __call__(self, context: RegistrationContext) -> StepOutcome:
        """Times the step's decision and, when registration calls it, its recording."""
        started, cpu_started = time.perf_counter(), time.thread_time()
        outcome: StepOutcome = self.step(context)  # type: ignore[operator]
        deciding = time.perf_counter() - started
        cpu_deciding = time.thread_time() - cpu_started

        def record(batch: InsertBatch) -> tuple[Event, ...]:
            started, cpu_started = time.perf_counter(), time.thread_time()
            try:
                return outcome.record(batch)
            finally:
                self.samples.append((deciding + time.perf_counter() - started) * 1000)
                self.cpu.append((cpu_deciding + time.thread_time() - cpu_started) * 1000)

        return replace(outcome, record=record)


def timed_steps(setup: RegistrationSetup) -> tuple[RegistrationSetup, list[Timed]]:
    """The setup with each of its steps timed, and the timers."""
    timed = [Timed(step, step.name) for step in setup.steps]
    return replace(setup, steps=timed), timed


def percentile(values: list[float], q: int) -> float:
    """The q-th percentile (1 to 99) of the values (statistics.quantiles, exclusive)."""
    return statistics.quantiles(values, n=100)[q - 1]


def actor(session: Session, username: str) -> Actor:
    """A demo user's actor."""
    user = identity.find_user(session, username=username)
    assert user is not None, username
    return identity.actor_for(session, user_id=user.id)


def register(
    factory: sessionmaker[Session],
    setup: RegistrationSetup,
    content: DeclarationContent,
    *,
    username: str = "lan",
) -> float:
    """One declaration created as a draft by the user, then submitted (registered or
    cleared, else it fails) in one transaction; the submit's time, in ms."""
    with transaction(factory) as session:
        who = actor(session, username)
        draft = declarations.create_draft(
            session,
            actor=who,
            enterprise_id=next(iter(who.enterprise_ids)),
            content=content,
            at=utcnow(),
        )
        started = time.perf_counter()
        written = declarations.submit(
            session, actor=who, declaration_id=draft.id, setup=setup, at=utcnow()
        )
        elapsed = (time.perf_counter() - started) * 1000
        assert written.status in ("registered", "cleared"), written.declaration
    return elapsed
