"""Time each registration step in process (SQLite), with and without an active fraud model.

Run: .venv/bin/python bench/registration_steps.py [N]
Prints p50/p99 milliseconds per step over N registrations of a 10-item import.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from harness.payloads import ten_items

from smartcustoms.config import Settings
from smartcustoms.db import make_engine, make_session_factory, transaction
from smartcustoms.db.inserts import InsertBatch
from smartcustoms.declarations import service as declarations
from smartcustoms.declarations.pipeline import RegistrationContext, StepOutcome
from smartcustoms.demo import seed
from smartcustoms.identity import repository as identity_repository
from smartcustoms.identity import service as identity
from smartcustoms.kit.clock import utcnow
from smartcustoms.migrate import upgrade
from smartcustoms.outbox.service import Event
from smartcustoms.reference.service import get_catalog, load_reference
from smartcustoms.registration import build_registration
from smartcustoms.risk import training
from smartcustoms.tariff.importer import SAMPLE_DIR
from smartcustoms.tariff.service import import_directory

KCS = Path(__file__).resolve().parents[2] / "shared/data/customs-declarations-kcs"


@dataclass
class Timed:
    step: object
    name: str
    samples: list[float] = field(default_factory=list)

    def __call__(self, context: RegistrationContext) -> StepOutcome:
        """Times the step's decision and, when registration calls it, its recording."""
        started = time.perf_counter()
        outcome: StepOutcome = self.step(context)  # type: ignore[operator]
        deciding = time.perf_counter() - started

        def record(batch: InsertBatch) -> tuple[Event, ...]:
            started = time.perf_counter()
            try:
                return outcome.record(batch)
            finally:
                self.samples.append((deciding + time.perf_counter() - started) * 1000)

        return replace(outcome, record=record)


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q) - 1]


def main(n: int) -> None:
    root = Path(tempfile.mkdtemp(prefix="sc-steps-"))
    url = f"sqlite:///{root / 'steps.db'}"
    upgrade(url)
    factory = make_session_factory(make_engine(url))
    settings = Settings(database_url=url, var_dir=root / "var")
    with transaction(factory) as session:
        load_reference(session)
        import_directory(session, SAMPLE_DIR, catalog=get_catalog(session), at=utcnow())
        seed(session, at=utcnow())
    content = ten_items()
    for with_model in (False, True):
        if with_model:
            with transaction(factory) as session:
                supervisor = identity.actor_for(session, user_id=_user(factory, "son"))
                training.train_model_version(
                    session,
                    actor=supervisor,
                    data=training.kcs_training_data(KCS.parent),
                    models_dir=training.models_dir(settings.var_dir),
                    at=utcnow(),
                    activate=True,
                )
        print("with the fraud model active:" if with_model else "no active model:")
        setup = build_registration(settings)
        timed = [Timed(step, step.name) for step in setup.steps]
        setup = replace(setup, steps=timed)
        lan = _user(factory, "lan")
        for _ in range(n):
            with transaction(factory) as session:
                actor = identity.actor_for(session, user_id=lan)
                draft = declarations.create_draft(
                    session,
                    actor=actor,
                    enterprise_id=next(iter(actor.enterprise_ids)),
                    content=content,
                    at=utcnow(),
                )
                declarations.submit(
                    session, actor=actor, declaration_id=draft.id, setup=setup, at=utcnow()
                )
        for step in timed:
            warm = step.samples[10:]
            print(
                f"{step.name:>8}: p50 {percentile(warm, 50):6.2f} ms   "
                f"p99 {percentile(warm, 99):6.2f} ms   (n={len(warm)})"
            )


def _user(factory: object, username: str) -> int:
    with transaction(factory) as session:  # type: ignore[arg-type]
        user = identity_repository.user_by_username(session, username)
        assert user is not None
        return user.id


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 300)
