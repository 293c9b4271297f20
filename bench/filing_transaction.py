"""CPU of filing a declaration on PostgreSQL in a transaction against a single-write unit
(autocommit: no BEGIN and no COMMIT round trip).

In process, one filing at a time through `declarations.service.file_and_submit` (a 10-item
import, tariff and risk steps included), committed, in alternating rounds of each way. The
figures are CPU per filing of this process and of PostgreSQL's processes for the database,
so another program on the machine does not count; the machine-speed figure printed at the
start and end tells a slow machine from a slow change.

Run: .venv/bin/python bench/filing_transaction.py [ROUNDS] [FILINGS_PER_ROUND]
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from harness.cpu import cpu_seconds, machine_speed_ms, postgres_pids
from harness.payloads import ten_items
from harness.setup import PG_ADMIN_URL, prepare, scratch_database
from sqlalchemy.orm import Session, sessionmaker

from smartcustoms.config import Settings
from smartcustoms.db import make_engine, make_session_factory, single_write_unit
from smartcustoms.declarations import service as declarations
from smartcustoms.declarations.content import DeclarationContent
from smartcustoms.declarations.pipeline import RegistrationSetup
from smartcustoms.identity import repository as identity_repository
from smartcustoms.identity import service as identity
from smartcustoms.identity.rules import Actor
from smartcustoms.kit.clock import utcnow
from smartcustoms.registration import build_registration

Way = Callable[[Session], None]


def filing(actor: Actor, setup: RegistrationSetup, content: DeclarationContent) -> Way:
    def file(session: Session) -> None:
        filed = declarations.file_and_submit(
            session,
            actor=actor,
            enterprise_id=next(iter(actor.enterprise_ids)),
            content=content,
            setup=setup,
            at=utcnow(),
        )
        # A green filing with nothing else awaited is cleared as it registers.
        assert filed.status in ("registered", "cleared"), filed.declaration.status_reasons

    return file


def one_round(
    factory: sessionmaker[Session], url: str, file: Way, *, single: bool, n: int
) -> tuple[float, float]:
    """CPU milliseconds per filing: this process, PostgreSQL."""
    pg0 = cpu_seconds(postgres_pids(url))
    own0 = time.process_time()
    for _ in range(n):
        with factory() as session:
            if single:
                single_write_unit(session)
            file(session)
            session.commit()
    own = time.process_time() - own0
    pg1 = cpu_seconds(list(pg0))
    pg = sum(pg1.get(pid, used) - used for pid, used in pg0.items())
    return own * 1000 / n, pg * 1000 / n


def main(rounds: int, per_round: int) -> None:
    print(f"machine speed: a fixed Python loop took {machine_speed_ms():.0f} ms (lower is faster)")
    with (
        tempfile.TemporaryDirectory() as tmp,
        scratch_database("postgresql", Path(tmp), PG_ADMIN_URL) as url,
    ):
        prepare(url)
        engine = make_engine(url, pool_size=1)
        factory = make_session_factory(engine)
        setup = build_registration(Settings(database_url=url, var_dir=Path(tmp) / "var"))
        with factory() as session:
            user = identity_repository.user_by_username(session, "lan")
            assert user is not None
            actor = identity.actor_for(session, user_id=user.id)
        file = filing(actor, setup, ten_items())
        one_round(factory, url, file, single=False, n=per_round)  # warm-up: caches, id blocks
        results: dict[bool, list[tuple[float, float]]] = {False: [], True: []}
        for index in range(rounds):
            for single in (False, True) if index % 2 == 0 else (True, False):
                results[single].append(one_round(factory, url, file, single=single, n=per_round))
        engine.dispose()
    print(f"{rounds} rounds of {per_round} filings each way, alternating (ABBA)")
    for single, name in ((False, "transaction (BEGIN ... COMMIT)"), (True, "single-write unit")):
        rounds_text = ", ".join(f"{o:.2f}+{p:.2f}" for o, p in results[single])
        print(f"  {name}: rounds (this process + PostgreSQL, ms): {rounds_text}")
        own = statistics.median(r[0] for r in results[single])
        pg = statistics.median(r[1] for r in results[single])
        print(
            f"  {name:32} this process {own:5.2f} ms, PostgreSQL {pg:5.2f} ms per filing (medians)"
        )
    print(f"machine speed at the end: the same loop took {machine_speed_ms():.0f} ms")


if __name__ == "__main__":
    main(
        int(sys.argv[1]) if len(sys.argv) > 1 else 6,
        int(sys.argv[2]) if len(sys.argv) > 2 else 300,
    )
