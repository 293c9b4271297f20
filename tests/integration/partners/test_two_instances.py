"""The evidence of issue 18: two SmartCustoms instances, Viet Nam's and Thailand's, each a
process of its own serving a real uvicorn on a loopback port with a database of its own
(SQLite files, or two PostgreSQL databases the test creates and drops),
exchange an ACDD (VN → TH, at an export's release) and an e-C/O (TH → VN), each receiver
down for part of the time; every message ends delivered, and received exactly once.

The workers run here, one per instance on its database, with clocks the test moves, so the
retries' backoff is crossed without waiting."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx2
import psycopg
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import sessionmaker

from bank_support import WAIT
from partners_support import public_pem, write_private_key
from smartcustoms.db import make_engine, transaction
from smartcustoms.demo import DEMO_PASSWORD, seed
from smartcustoms.identity import service as identity
from smartcustoms.kit.clock import FixedClock
from smartcustoms.migrate import upgrade
from smartcustoms.notifications.service import HttpSender, OutboundPolicy
from smartcustoms.partners import service as partners
from smartcustoms.partners.models import PartnerMessage
from smartcustoms.reference.service import get_catalog, load_reference
from smartcustoms.tariff.importer import SAMPLE_DIR
from smartcustoms.tariff.service import import_directory
from smartcustoms.worker import Worker, event_handlers
from support import TEST_NOW, export_payload, import_payload

LAUNCHER = Path(__file__).parents[2] / "partners_instance.py"
BILL = "BL-HPH-BKK-0009"


@dataclass
class Instance:
    """One customs: its database, key, server process and worker."""

    country: str
    root: Path
    url: str
    key: Ed25519PrivateKey = field(default_factory=Ed25519PrivateKey.generate)
    port: int = 0
    process: subprocess.Popen[str] | None = None

    def __post_init__(self) -> None:
        self.root.mkdir()
        self.key_file = write_private_key(self.key, self.root / "signing.pem")
        self.engine: Engine = make_engine(self.url)
        self.sessions = sessionmaker(bind=self.engine, expire_on_commit=False)
        self.clock = FixedClock(TEST_NOW)
        self.signer = partners.Signer(self.country, self.key)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        assert self.process is None
        self.process = subprocess.Popen(
            [sys.executable, str(LAUNCHER), self.url, str(self.port), self.country,
             str(self.key_file), str(self.root / "var")],
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
        )  # fmt: skip
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        assert line.startswith("listening "), f"{self.country} did not start: {line!r}"
        self.port = int(line.split()[1])

    def stop(self) -> None:
        """The customs' server goes down (its database stays)."""
        assert self.process is not None
        self.process.terminate()
        self.process.wait(WAIT)
        self.process = None

    def register(self, partner: Instance) -> None:
        with transaction(self.sessions) as session:
            admin = identity.find_user(session, username="admin")
            assert admin is not None
            partners.register_partner(
                session,
                actor=identity.actor_for(session, user_id=admin.id),
                details=partners.PartnerDetails(
                    partner.country,
                    f"Customs of {partner.country}",
                    f"{partner.base}/api/v1/partner-exchange/inbox",
                    public_pem(partner.key),
                    ours=self.country,
                    allow_http=True,
                    outbound=OutboundPolicy.of("127.0.0.0/8"),  # both on the loopback
                ),
                at=TEST_NOW,
            )

    def api(self, http: httpx2.Client, method: str, path: str, **kwargs: Any) -> Any:
        token = http.post(
            f"{self.base}/api/v1/auth/token",
            json={"username": kwargs.pop("who", "lan"), "password": DEMO_PASSWORD},
        ).json()["access_token"]
        answer = http.request(
            method, f"{self.base}{path}", headers={"Authorization": f"Bearer {token}"}, **kwargs
        )
        assert answer.status_code < 300, answer.text
        return answer.json()

    def worker(self, http: httpx2.Client) -> Worker:
        return Worker(
            session_factory=self.sessions,
            clock=self.clock,
            handlers=event_handlers(partner_signer=self.signer),
            sender=HttpSender(http, OutboundPolicy.of("127.0.0.0/8")),
        )

    def messages(self, direction: str) -> list[PartnerMessage]:
        with self.sessions() as session:
            query = select(PartnerMessage).where(PartnerMessage.direction == direction)
            return list(session.scalars(query.order_by(PartnerMessage.id)))


PG_ADMIN_URL = os.environ.get("SMARTCUSTOMS_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")
BACKENDS = [
    b.strip()
    for b in os.environ.get("SMARTCUSTOMS_TEST_BACKENDS", "sqlite,postgresql").split(",")
    if b.strip()
]


def _prepare(url: str) -> None:
    """Migrated, with the reference data, the sample tariff and the demo people."""
    upgrade(url)
    engine = make_engine(url)
    try:
        with transaction(sessionmaker(bind=engine)) as session:
            load_reference(session)
            import_directory(session, SAMPLE_DIR, catalog=get_catalog(session), at=TEST_NOW)
            seed(session, at=TEST_NOW)
    finally:
        engine.dispose()


@contextmanager
def databases(backend: str, root: Path) -> Iterator[tuple[str, str]]:
    """The URLs of two prepared databases, one per customs: one is prepared, the other
    copied from it (half the time); PostgreSQL's are dropped at the end."""
    root.mkdir()
    if backend == "sqlite":
        first, second = root / "vn.db", root / "th.db"
        _prepare(f"sqlite:///{first}")
        shutil.copyfile(first, second)
        yield f"sqlite:///{first}", f"sqlite:///{second}"
        return
    try:
        psycopg.connect(PG_ADMIN_URL, connect_timeout=3).close()
    except psycopg.OperationalError:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            raise
        pytest.skip("PostgreSQL is not reachable at 127.0.0.1:5432")
    names = [f"smartcustoms_pair_{uuid.uuid4().hex[:10]}_{c}" for c in ("vn", "th")]
    base = PG_ADMIN_URL.rsplit("/", 1)[0]
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as admin:
        try:
            admin.execute(f'CREATE DATABASE "{names[0]}"')
            _prepare(f"{base}/{names[0]}")
            admin.execute(f'CREATE DATABASE "{names[1]}" TEMPLATE "{names[0]}"')
            yield f"{base}/{names[0]}", f"{base}/{names[1]}"
        finally:
            for name in names:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=BACKENDS)
def customs(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Instance, Instance]]:
    with databases(request.param, tmp_path / "db") as (vn_url, th_url):
        vn = Instance("VN", tmp_path / "vn", vn_url)
        th = Instance("TH", tmp_path / "th", th_url)
        yield from _running(vn, th)


def _running(vn: Instance, th: Instance) -> Iterator[tuple[Instance, Instance]]:
    try:
        vn.start()
        th.start()
        vn.register(th)
        th.register(vn)
        yield vn, th
    finally:
        for one in (vn, th):
            if one.process is not None:
                one.stop()
            one.engine.dispose()


def _count(instance: Instance, message_id: str) -> int:
    with instance.sessions() as session:
        query = select(func.count()).where(
            PartnerMessage.direction == "in", PartnerMessage.message_id == message_id
        )
        return int(session.scalar(query) or 0)


def test_two_instances_exchange_an_acdd_and_an_e_c_o_through_outages(
    customs: tuple[Instance, Instance],
) -> None:
    vn, th = customs
    with httpx2.Client(timeout=WAIT, trust_env=False) as http:
        # Thailand expects the goods: an import with the bill of lading of the shipment.
        th.api(http, "POST", "/api/v1/declarations/submit",
               json=import_payload(transport_document=BILL, foreign_party_country="VN",
                                   country_of_export="VN", invoice_number="INV-VN-77"))  # fmt: skip
        # Viet Nam releases the export to Thailand while Thai Customs is down.
        export = vn.api(http, "POST", "/api/v1/declarations/submit",
                        json=export_payload(country_of_destination="TH", transport_document=BILL,
                                            invoice_number="INV-VN-77"))  # fmt: skip
        assert export["declaration"]["status"] == "cleared"
        th.stop()
        vn_worker, th_worker = vn.worker(http), th.worker(http)
        down = vn_worker.run_pass()
        assert (down.partner.delivered, down.partner.failed) == (0, 1)
        vn.clock.advance(timedelta(seconds=30))
        assert vn_worker.run_pass().partner.failed == 1  # still down: tried again, later
        [acdd] = vn.messages("out")
        assert (acdd.state, acdd.attempts) == ("pending", 2)

        # Thailand comes back (same port); Viet Nam goes down as Thailand sends an e-C/O.
        th.start()
        vn.stop()
        with transaction(th.sessions) as session:
            partners.queue_message(
                session, signer=th.signer, country="VN", type="eco",
                body={"reference_number": "TH-D-2026-1", "form": "D", "status": "issued",
                      "exporter_name": "Shenzhen Bright Electronics Co., Ltd",
                      "issued_on": "2026-11-12",
                      "items": [{"hs_code": "61091010", "quantity": "1000"}]},
                at=th.clock.now(),
            )  # fmt: skip
        assert th_worker.run_pass().partner.failed == 1
        vn.clock.advance(timedelta(seconds=60))
        assert vn_worker.run_pass().partner.delivered == 1  # the ACDD reaches Thailand

        vn.start()
        th.clock.advance(timedelta(seconds=30))
        assert th_worker.run_pass().partner.delivered == 1  # the e-C/O reaches Viet Nam

        # Further passes send nothing again; a resend of either is refused, stored once.
        for _ in range(3):
            vn.clock.advance(timedelta(hours=1))
            th.clock.advance(timedelta(hours=1))
            assert vn_worker.run_pass().idle
            assert th_worker.run_pass().idle
        [acdd] = vn.messages("out")
        [eco] = th.messages("out")
        for sent, receiver in ((acdd, th), (eco, vn)):
            resent = http.post(
                f"{receiver.base}/api/v1/partner-exchange/inbox", content=partners.wire_body(sent)
            )
            assert resent.status_code == 409, resent.text
            assert sent.state == "delivered"
            assert _count(receiver, sent.message_id) == 1

        # Thailand matched the ACDD to its import as pre-arrival data.
        [arrived] = th.messages("in")
        assert arrived.message_id == acdd.message_id
        assert arrived.state == "matched"
        assert arrived.envelope["body"]["number"] == export["declaration"]["number"]
        [certificate] = vn.messages("in")
        assert (certificate.type, certificate.reference) == ("eco", "TH-D-2026-1")
        seen = vn.api(http, "GET", "/api/v1/partner-exchange/messages", who="hoa")
        assert {(m["direction"], m["type"], m["state"]) for m in seen} == {
            ("in", "eco", "received"),
            ("out", "acdd", "delivered"),
        }
