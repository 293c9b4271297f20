"""The smart gate's decision with 100,000 open containers on PostgreSQL (issue 17: p99 under
20 ms).

A scratch database gets 50,000 bills of lading of 2 containers each (100,000 containers
not gated out), each bill covered by one of 400 declarations filed through the real
services (half of them released, half held by an unpaid tax); then, in alternating rounds:
- decision: `border.service.decide_gate_out` for a random container (the reads the gate
  makes: the container's bills, their declarations' links, the statuses in force);
- API: `POST /api/v1/border/gates/{gate}/out` for a random container, as the gate system,
  through the whole app (token, session, decision; a released one is let out and written,
  a held one refused with its reason).
Milliseconds per decision, wall clock, in this process; and the process's CPU per decision
(on a loaded machine the wall clock is mostly waiting for a core).

Run: .venv/bin/python bench/border_gate.py [samples per round] [rounds]
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from fastapi.testclient import TestClient
from harness.setup import PG_ADMIN_URL, prepare, scratch_database
from sqlalchemy import insert, select

from smartcustoms.app import create_app
from smartcustoms.border import service as border
from smartcustoms.border.models import DeclarationLink, Manifest, ManifestContainer, ManifestLine
from smartcustoms.border.rules import check_digit
from smartcustoms.config import Settings
from smartcustoms.db import make_engine, make_session_factory, transaction
from smartcustoms.declarations import service as declarations
from smartcustoms.demo import DEMO_PASSWORD, demo_import
from smartcustoms.identity import service as identity
from smartcustoms.identity.rules import Role
from smartcustoms.kit.clock import FixedClock
from smartcustoms.registration import build_registration

BILLS = 50_000
PER_BILL = 2
DECLARATIONS = 400
NOW = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)


def container(n: int) -> str:
    first = f"BNCU{n:06d}"
    return f"{first}{check_digit(first)}"


def fill(url: str, settings: Settings) -> list[str]:
    factory = make_session_factory(make_engine(url))
    setup = build_registration(settings)
    with transaction(factory) as session:
        machine = identity.create_user(
            session,
            username="gate.bench",
            password=DEMO_PASSWORD,
            full_name="Bench gate",
            role=Role.GATE_SYSTEM,
            organisation_id=None,
            at=NOW,
        )
        admin, lan = (identity.find_user(session, username=u) for u in ("admin", "lan"))
        assert admin is not None
        assert lan is not None
        border.register_gate(
            session,
            actor=identity.actor_for(session, user_id=admin.id),
            gate=border.GateInput(
                "BENCH-1", "Bench gate", "03CC", "sea", machine_username=machine.username
            ),
            at=NOW,
        )
        actor = identity.actor_for(session, user_id=lan.id)
        assert actor.organisation_id is not None
        ids = []
        for n in range(DECLARATIONS):
            # Exports owe no tax: cleared as they register; imports wait for their taxes.
            overrides: dict[str, object] = {
                "invoice_number": f"B-{n}",
                "transport_document": f"BD{n}",
            }
            if n % 2:
                overrides.update(
                    type_code="B11",
                    country_of_export="VN",
                    country_of_destination="CN",
                    port_of_loading="VNHPH",
                    port_of_discharge="CNSZX",
                    departure_date=NOW.date() + timedelta(days=1),
                    arrival_date=None,
                )
            written = declarations.file_and_submit(
                session,
                actor=actor,
                enterprise_id=actor.organisation_id,
                content=demo_import(today=NOW.date(), **overrides),
                setup=setup,
                at=NOW,
            )
            ids.append(written.declaration.id)
        manifest = Manifest(
            carrier_id=actor.organisation_id,
            filed_by_id=actor.user_id,
            mode="sea",
            transport_id="9312345",
            transport_key="9312345",
            voyage="BENCH",
            office_code="03CC",
            arrival_at=NOW,
            deadline_at=NOW - timedelta(hours=24),
            filed_at=NOW - timedelta(days=2),
            late=False,
            source="json",
        )
        session.add(manifest)
        session.flush()
        session.execute(
            insert(ManifestLine),
            [
                {
                    "manifest_id": manifest.id,
                    "line_no": n + 1,
                    "document_number": f"BENCHBL{n:07d}",
                    "consignee_name": "Consignee",
                    "description": "",
                    "packages": 40,
                    "gross_weight": Decimal("820.5"),
                    "risk_reasons": [],
                }
                for n in range(BILLS)
            ],
        )
        line_ids = list(session.scalars(select(ManifestLine.id).order_by(ManifestLine.id)))
        session.execute(
            insert(ManifestContainer),
            [
                {"line_id": line_id, "container_number": container(n * PER_BILL + k)}
                for n, line_id in enumerate(line_ids)
                for k in range(PER_BILL)
            ],
        )
        session.execute(
            insert(DeclarationLink),
            [
                {
                    "line_id": line_id,
                    "declaration_id": ids[n % DECLARATIONS],
                    "discrepancies": [],
                    "linked_at": NOW,
                }
                for n, line_id in enumerate(line_ids)
            ],
        )
    with factory() as session:
        session.connection().exec_driver_sql("ANALYZE")
    return [container(n) for n in range(BILLS * PER_BILL)]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    samples = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    rng = random.Random(17)
    with (
        tempfile.TemporaryDirectory() as tmp,
        scratch_database("postgresql", Path(tmp), PG_ADMIN_URL) as url,
    ):
        prepare(url)
        settings = Settings(database_url=url, var_dir=Path(tmp) / "var", secret_key="bench-" * 8)
        started = time.perf_counter()
        numbers = fill(url, settings)
        took = time.perf_counter() - started
        print(f"{len(numbers):,} open containers, {DECLARATIONS} declarations: {took:.0f} s")
        factory = make_session_factory(make_engine(url))
        app = create_app(settings, clock=FixedClock(NOW + timedelta(hours=1)))
        decision: list[float] = []
        cpu: list[float] = []  # this process's CPU per decision (the load does not inflate it)
        api: list[float] = []
        outcomes: dict[int, int] = {}
        with TestClient(app) as client:
            token = client.post(
                "/api/v1/auth/token", json={"username": "gate.bench", "password": DEMO_PASSWORD}
            ).json()["access_token"]
            headers = {"Authorization": f"Bearer {token}"}
            for _ in range(rounds):
                with factory() as session:
                    for number in rng.sample(numbers, samples):
                        t, c = time.perf_counter(), time.process_time()
                        border.decide_gate_out(session, border.subject_of(number, None))
                        decision.append((time.perf_counter() - t) * 1000)
                        cpu.append((time.process_time() - c) * 1000)
                        session.rollback()
                for number in rng.sample(numbers, samples):
                    t = time.perf_counter()
                    answer = client.post(
                        "/api/v1/border/gates/BENCH-1/out",
                        json={"container_number": number},
                        headers=headers,
                    )
                    api.append((time.perf_counter() - t) * 1000)
                    outcomes[answer.status_code] = outcomes.get(answer.status_code, 0) + 1
        for label, values in (("decision (service)", decision), ("gate-out (API)", api)):
            print(
                f"{label:<20} n={len(values):>5}  median {statistics.median(values):6.2f} ms  "
                f"p95 {percentile(values, 0.95):6.2f} ms  p99 {percentile(values, 0.99):6.2f} ms"
            )
        print(f"decision CPU (this process) median {statistics.median(cpu):.2f} ms")
        print(f"API answers: {dict(sorted(outcomes.items()))} (201 let out, 409 held)")


if __name__ == "__main__":
    main()
