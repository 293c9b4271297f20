"""The single window's registration step: what a specialised-management check adds to a
registration, in process (SQLite by default, or the database URL given).

Run: .venv/bin/python bench/permits_check.py [N] [DATABASE_URL] [--step-only]
Prints p50/p90/p99 milliseconds of the permits step (its decision and its recording), and
its thread's CPU p50, over N registrations of a 10-item import, for goods under no control
(the demo import: the registry's version read, the registry kept in memory by the app's
caches) and for 10 lines of apples under plant quarantine (the licence found, attached and
drawn by itself: one read of every line's candidates with the registry's version, the draw
in the filing's statement); and the whole registration's p99 with and without the step
(left out with --step-only). Target: the step's added p99 under 3 ms.
"""

from __future__ import annotations

import sys
import tempfile
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from harness.payloads import ten_items
from harness.setup import prepare
from harness.steps import actor, percentile, register, timed_steps
from sqlalchemy.orm import Session, sessionmaker

from smartcustoms.adapters.storage import LocalBlobStorage
from smartcustoms.caches import AppCaches
from smartcustoms.clearance import build_clearance
from smartcustoms.config import Settings
from smartcustoms.db import make_engine, make_session_factory, transaction
from smartcustoms.declarations.content import DeclarationContent, ItemContent
from smartcustoms.declarations.pipeline import RegistrationSetup
from smartcustoms.demo import demo_documents
from smartcustoms.kit.clock import utcnow
from smartcustoms.permits import service as permits
from smartcustoms.permits.rules import Action
from smartcustoms.registration import build_registration


def apples() -> DeclarationContent:
    """Ten lines of apples from New Zealand, 10 kg each (under the SAMPLE plant quarantine)."""
    line = ItemContent(
        hs_code="08081000",
        description="Fresh apples, Fuji",
        origin_country="NZ",
        quantity=Decimal(10),
        unit="KGM",
        unit_price=Decimal("1.5"),
        invoice_value=Decimal(15),
        net_weight=Decimal(10),
    )
    return replace(
        ten_items(),
        items=(line,) * 10,
        invoice_amount=Decimal(150),
        foreign_party_country="NZ",
        country_of_export="NZ",
    )


def grant_licence(
    factory: sessionmaker[Session], storage: LocalBlobStorage, settings: Settings
) -> None:
    """A plant-quarantine licence for Lan, large enough for every run."""
    with transaction(factory) as session:
        lan = actor(session, "lan")
        thu = actor(session, "thu")
        enterprise_id = next(iter(lan.enterprise_ids))
        application = permits.apply(
            session,
            actor=lan,
            enterprise_id=enterprise_id,
            procedure="plant_quarantine_import",
            hs_code="08081000",
            goods="Apples",
            origin_country="NZ",
            quantity=Decimal(10_000_000),
            unit="KGM",
            document_ids=demo_documents(session, storage, lan, enterprise_id, at=utcnow()),
            certificate_country="NZ",
            seed="bench",
            at=utcnow(),
        )
        for action in (Action.ACCEPT, Action.APPROVE):
            permits.act(
                session,
                actor=thu,
                application_id=application.id,
                action=action,
                clearance=build_clearance(settings),
                at=utcnow(),
            )


def run(
    factory: sessionmaker[Session], setup: RegistrationSetup, content: DeclarationContent, n: int
) -> list[float]:
    """Registers `n` declarations; the whole registration's time of each (after the first
    ten), in ms."""
    return [register(factory, setup, content) for _ in range(n)][10:]


def main(n: int, url: str | None, *, step_only: bool = False) -> None:
    root = Path(tempfile.mkdtemp(prefix="sc-permits-"))
    url = url or f"sqlite:///{root / 'permits.db'}"
    prepare(url)
    # The app's caches, as a running app has them (the registry kept in memory among them).
    factory = AppCaches().sessions(make_session_factory(make_engine(url)))
    settings = Settings(database_url=url, var_dir=root / "var")
    base = build_registration(settings)
    grant_licence(factory, LocalBlobStorage(root / "documents"), settings)
    print(f"database: {url.split('://')[0]}, {n} registrations of 10 items each")
    for label, content in (
        ("no line under control", ten_items()),
        ("10 lines of apples", apples()),
    ):
        setup, timed = timed_steps(base)
        with_step = run(factory, setup, content, n)
        step = next(t for t in timed if t.name == "permits")
        permits_step, cpu = step.samples[10:], step.cpu[10:]
        print(f"{label}:")
        print(
            f"  permits step       p50 {percentile(permits_step, 50):6.2f} ms   "
            f"p90 {percentile(permits_step, 90):6.2f} ms   "
            f"p99 {percentile(permits_step, 99):6.2f} ms   "
            f"(its thread's CPU p50 {percentile(cpu, 50):5.2f} ms)"
        )
        if step_only:
            continue
        without = [s for s in base.steps if s.name != "permits"]
        # Without the step, apples would not be checked: the comparison is what it adds.
        without_step = run(factory, replace(base, steps=without), content, n)
        print(
            f"  registration       p99 {percentile(with_step, 99):6.2f} ms with the step, "
            f"{percentile(without_step, 99):6.2f} ms without"
        )


if __name__ == "__main__":
    # --step-only: leave out the runs without the step (the whole registration's p99).
    arguments = [a for a in sys.argv[1:] if a != "--step-only"]
    main(
        int(arguments[0]) if arguments else 300,
        arguments[1] if len(arguments) > 1 else None,
        step_only="--step-only" in sys.argv[1:],
    )
