"""Time each registration step in process (SQLite), with and without an active fraud model.

Run: .venv/bin/python bench/registration_steps.py [N]
Prints p50/p99 milliseconds per step over N registrations of a 10-item import.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from harness.payloads import ten_items
from harness.setup import prepare
from harness.steps import actor, percentile, register, timed_steps

from smartcustoms.config import Settings
from smartcustoms.db import make_engine, make_session_factory, transaction
from smartcustoms.kit.clock import utcnow
from smartcustoms.registration import build_registration
from smartcustoms.risk import training

KCS = Path(__file__).resolve().parents[2] / "shared/data/customs-declarations-kcs"


def main(n: int) -> None:
    root = Path(tempfile.mkdtemp(prefix="sc-steps-"))
    url = f"sqlite:///{root / 'steps.db'}"
    prepare(url)
    factory = make_session_factory(make_engine(url))
    settings = Settings(database_url=url, var_dir=root / "var")
    content = ten_items()
    for with_model in (False, True):
        if with_model:
            with transaction(factory) as session:
                training.train_model_version(
                    session,
                    actor=actor(session, "son"),
                    data=training.kcs_training_data(KCS.parent),
                    models_dir=training.models_dir(settings.var_dir),
                    at=utcnow(),
                    activate=True,
                )
        print("with the fraud model active:" if with_model else "no active model:")
        setup, timed = timed_steps(build_registration(settings))
        for _ in range(n):
            register(factory, setup, content)
        for step in timed:
            warm = step.samples[10:]
            print(
                f"{step.name:>8}: p50 {percentile(warm, 50):6.2f} ms   "
                f"p99 {percentile(warm, 99):6.2f} ms   (n={len(warm)})"
            )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 300)
