"""Payments through the shipped sandbox bank over HTTP, with the platform served on a
loopback port: the real adapter, signatures, callbacks and camt.053 statement. And the fault
the issue asks for: the platform is stopped between the bank's debit and its callback; the
statement recovers the payment, the bank's later callback changes nothing, nothing is lost
or counted twice."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx2
import pytest
import uvicorn
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bank_support import KEY, WAIT, BankServer, press, served_bank
from smartcustoms.adapters.bank import SandboxBankGateway
from smartcustoms.app import create_app
from smartcustoms.bank_sandbox.delivery import Attempt
from smartcustoms.bank_sandbox.rules import retry_after
from smartcustoms.config import Settings
from smartcustoms.db import make_engine, make_session_factory
from smartcustoms.demo import DEMO_PASSWORD
from smartcustoms.kit.clock import FixedClock, customs_date
from smartcustoms.payments.models import BankBooking, Settlement
from support import TEST_NOW, TEST_SECRET_KEY, Database, import_payload

NOTICES = "/api/v1/payments/banks/sandbox/notices"


@dataclass
class Platform:
    """The platform served on a fixed loopback port, which a test may stop and start again
    (a new process's worth: a new app, the same database)."""

    settings: Settings
    bank: BankServer
    clock: FixedClock = field(default_factory=lambda: FixedClock(TEST_NOW))
    port: int = 0
    server: uvicorn.Server | None = None
    thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        sock = socket.socket()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", self.port))
        sock.listen(64)  # bound before the server runs: an early client waits in the queue
        self.port = sock.getsockname()[1]
        gateway = SandboxBankGateway(
            base_url=self.bank.url,
            key=KEY.encode(),
            clock=self.clock,
            callback_url=self.url + NOTICES,
            timeout_seconds=WAIT,
        )
        app = create_app(self.settings, clock=self.clock, banks=[gateway])
        server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
        self.server, self.thread = (
            server,
            threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True),
        )
        self.thread.start()

    def stop(self) -> None:
        """The platform goes away: nothing answers on its port any more."""
        assert self.server is not None
        assert self.thread is not None
        self.server.should_exit = True
        self.thread.join(WAIT)
        assert not self.thread.is_alive()


@pytest.fixture(scope="module")
def bank(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BankServer]:
    with served_bank(f"sqlite:///{tmp_path_factory.mktemp('bank') / 'bank.db'}") as server:
        yield server


@pytest.fixture
def platform(
    committing_postgresql: Database, bank: BankServer, tmp_path: Path
) -> Iterator[Platform]:
    settings = Settings(
        database_url=committing_postgresql.url,
        var_dir=tmp_path / "var",
        secret_key=TEST_SECRET_KEY,
    )
    served = Platform(settings, bank)
    served.start()
    with httpx2.Client(base_url=served.url, timeout=WAIT, trust_env=False) as client:
        son = _token(client, "son")
        quiet = client.put(
            "/api/v1/risk/policy",
            json={"random_rate": 0.0, "aeo_random_rate": 0.0},
            headers=son,
        )
        assert quiet.status_code == 200, quiet.text
    yield served
    if served.thread is not None and served.thread.is_alive():
        served.stop()


def _token(client: httpx2.Client, username: str) -> dict[str, str]:
    answer = client.post(
        "/api/v1/auth/token", json={"username": username, "password": DEMO_PASSWORD}
    )
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


def _file_and_order(
    client: httpx2.Client, lan: dict[str, str], invoice: str
) -> tuple[int, dict[str, Any]]:
    filed = client.post(
        "/api/v1/declarations/submit", json=import_payload(invoice_number=invoice), headers=lan
    )
    assert filed.status_code == 201, filed.text
    declaration_id = int(filed.json()["declaration"]["id"])
    started = client.post(
        f"/api/v1/payments/declarations/{declaration_id}/online-payments",
        json={"bank": "sandbox"},
        headers=lan,
    )
    assert started.status_code == 201, started.text
    return declaration_id, started.json()


def _confirm_at_the_bank(bank: BankServer, redirect_url: str) -> None:
    """The payer presses Confirm on the bank's page."""
    with httpx2.Client(base_url=bank.url, timeout=WAIT, trust_env=False) as browser:
        answer = press(browser, urlsplit(redirect_url).path, "confirm")
        assert answer.status_code == 303, answer.text


def _status(client: httpx2.Client, declaration_id: int, lan: dict[str, str]) -> str:
    return str(client.get(f"/api/v1/declarations/{declaration_id}", headers=lan).json()["status"])


def _counted(platform: Platform, reference: str) -> tuple[int, int]:
    """Bookings and the amount settled for one payment reference."""
    engine = make_engine(platform.settings.database_url, pool_size=1)
    try:
        with make_session_factory(engine)() as session:
            return _count(session, reference)
    finally:
        engine.dispose()


def _count(session: Session, reference: str) -> tuple[int, int]:
    bookings = session.scalar(
        select(func.count(BankBooking.id)).where(BankBooking.reference == reference)
    )
    settled = session.scalar(
        select(func.coalesce(func.sum(Settlement.amount_vnd), 0))
        .join(BankBooking, BankBooking.id == Settlement.booking_id)
        .where(BankBooking.reference == reference)
    )
    return int(bookings or 0), int(settled or 0)


def test_paying_in_the_sandbox_bank_clears_the_declaration_when_its_callback_arrives(
    platform: Platform, bank: BankServer
) -> None:
    arrived = threading.Event()
    tried: list[Attempt] = []

    def seen(attempt: Attempt) -> None:
        tried.append(attempt)
        if attempt.status == 200:
            arrived.set()

    bank.bank.worker.on_attempt = seen
    with httpx2.Client(base_url=platform.url, timeout=WAIT, trust_env=False) as client:
        lan = _token(client, "lan")
        declaration_id, started = _file_and_order(client, lan, "INV-SANDBOX-1")
        assert _status(client, declaration_id, lan) == "registered"

        _confirm_at_the_bank(bank, started["redirect_url"])

        assert arrived.wait(WAIT), f"the bank's callback did not reach the platform: {tried}"
        assert _status(client, declaration_id, lan) == "cleared"
    assert _counted(platform, started["reference"]) == (1, started["amount_vnd"])


def test_a_platform_stopped_between_the_debit_and_the_callback_loses_nothing(
    platform: Platform, bank: BankServer
) -> None:
    attempts: list[Attempt] = []
    failed, delivered = threading.Event(), threading.Event()

    def seen(attempt: Attempt) -> None:
        attempts.append(attempt)
        (delivered if attempt.status == 200 else failed).set()

    bank.bank.worker.on_attempt = seen
    with httpx2.Client(base_url=platform.url, timeout=WAIT, trust_env=False) as client:
        lan = _token(client, "lan")
        declaration_id, started = _file_and_order(client, lan, "INV-SANDBOX-2")

    platform.stop()  # the platform dies after ordering, before the bank calls back
    _confirm_at_the_bank(bank, started["redirect_url"])  # the bank debits the payer
    assert failed.wait(WAIT), "the bank did not try to call back"
    assert attempts[-1].status is None  # nobody answered on the platform's port

    platform.start()  # a new process, the same database
    with httpx2.Client(base_url=platform.url, timeout=WAIT, trust_env=False) as client:
        lan, hoa = _token(client, "lan"), _token(client, "hoa")
        assert _status(client, declaration_id, lan) == "registered"  # nothing known yet
        today = customs_date(TEST_NOW).isoformat()
        reconciled = client.post(
            f"/api/v1/payments/banks/sandbox/statements/{today}/reconcile", headers=hoa
        )
        assert reconciled.status_code == 200, reconciled.text
        assert reconciled.json()["recovered"] >= 1
        assert _status(client, declaration_id, lan) == "cleared"
        listed = client.get("/api/v1/payments/exceptions", headers=hoa).json()
        assert ("payment_without_callback", started["reference"]) in {
            (e["kind"]["code"], e["reference"]) for e in listed
        }

        # The bank calls back later, as it retries: the payment is known, nothing changes.
        step = retry_after(1)
        bank.clock.advance(step)
        platform.clock.advance(step)  # the callback is signed afresh, inside our window
        bank.bank.worker.wake()
        assert delivered.wait(WAIT), "the bank's retried callback did not arrive"

    assert attempts[-1].status == 200
    assert _counted(platform, started["reference"]) == (1, started["amount_vnd"])
