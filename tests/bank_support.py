"""Helpers of the sandbox bank's integration tests: a bank served on a loopback port, a
platform stand-in that receives its callbacks, and the platform's adapter pointed at both.

No waiting on timers: the bank's socket is bound before its server starts (a client that
connects early is queued by the kernel), the callback worker polls only every 10 minutes and
is woken by the bank when a payment is decided, and tests wait on queues with a timeout.
"""

from __future__ import annotations

import os
import queue
import re
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx2
import uvicorn
from fastapi import FastAPI
from sqlalchemy import update

from smartcustoms.adapters.bank import SandboxBankGateway
from smartcustoms.bank_sandbox.app import create_app
from smartcustoms.bank_sandbox.config import SandboxSettings
from smartcustoms.bank_sandbox.delivery import Attempt
from smartcustoms.bank_sandbox.models import CallbackDelivery
from smartcustoms.bank_sandbox.runtime import Bank
from smartcustoms.db import transaction
from smartcustoms.kit.clock import FixedClock
from support import TEST_NOW

KEY = "sandbox-bank-integration-test-key-0123456789"
WAIT = 10.0  # seconds: the most any event is waited for before the test fails
PG_ADMIN_URL = os.environ.get("SMARTCUSTOMS_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")


FORM_TOKEN = re.compile(r'name="form_token" value="([^"]+)"')


def form_token(http: httpx2.Client, page_path: str) -> str:
    """The payer opens the bank's payment page: the token its forms carry (the page's
    session cookie stays in the client, as in a browser)."""
    page = http.get(page_path)
    assert page.status_code == 200, page.text
    found = FORM_TOKEN.search(page.text)
    assert found is not None, page.text
    return found.group(1)


def press(
    http: httpx2.Client, page_path: str, action: str, token: str | None = None
) -> httpx2.Response:
    """The payer presses Confirm or Cancel on the page (opened now unless its token is given)."""
    token = token or form_token(http, page_path)
    return http.post(f"{page_path}/{action}", data={"form_token": token}, follow_redirects=False)


def _get(source: queue.Queue[object], what: str) -> object:
    try:
        return source.get(timeout=WAIT)
    except queue.Empty:
        raise AssertionError(f"no {what} within {WAIT} s") from None


@dataclass(frozen=True)
class Arrival:
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    """The platform's callback endpoint, played by a tiny HTTP server."""

    url: str
    arrivals: queue.Queue[Arrival] = field(default_factory=queue.Queue)
    # Status codes for the next callbacks (then 200): 503 plays a platform that is down.
    answers: queue.Queue[int] = field(default_factory=queue.Queue)

    def next(self) -> Arrival:
        arrival = _get(self.arrivals, "callback")  # type: ignore[arg-type]
        assert isinstance(arrival, Arrival)
        return arrival

    def nothing_more(self) -> bool:
        return self.arrivals.empty()


@contextmanager
def receiving() -> Iterator[Receiver]:
    holder: list[Receiver] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            me = holder[0]
            try:
                status = me.answers.get_nowait()
            except queue.Empty:
                status = 200
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()
            if status == 200:
                me.arrivals.put(Arrival(dict(self.headers.items()), body))

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    holder.append(Receiver(url=f"http://127.0.0.1:{server.server_address[1]}/bank-notices"))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield holder[0]
    finally:
        server.shutdown()
        server.server_close()
        thread.join(WAIT)


@dataclass
class BankServer:
    url: str
    app: FastAPI
    clock: FixedClock

    @property
    def bank(self) -> Bank:
        bank: Bank = self.app.state.bank
        return bank


@contextmanager
def served_bank(database_url: str, *, test_controls: bool = True) -> Iterator[BankServer]:
    clock = FixedClock(TEST_NOW)
    settings = SandboxSettings(
        database_url=database_url,
        shared_key=KEY,
        test_controls=test_controls,
        delivery_poll_seconds=600,
        callback_timeout_seconds=WAIT,
    )
    app = create_app(settings, clock=clock)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    app.state.bank.settings.public_url = url
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        yield BankServer(url, app, clock)
    finally:
        server.should_exit = True
        thread.join(WAIT)
        sock.close()


@dataclass
class Sandbox:
    """One test's view of a bank: its own receiver, adapter, browser and attempt log."""

    server: BankServer
    receiver: Receiver
    gateway: SandboxBankGateway
    http: httpx2.Client  # the payer's browser, and the test controls' client
    attempts: queue.Queue[Attempt]

    @property
    def url(self) -> str:
        return self.server.url

    @property
    def clock(self) -> FixedClock:
        return self.server.clock

    @property
    def bank(self) -> Bank:
        return self.server.bank

    def next_attempt(self) -> Attempt:
        attempt = _get(self.attempts, "delivery attempt")  # type: ignore[arg-type]
        assert isinstance(attempt, Attempt)
        return attempt


@contextmanager
def sandbox_for(server: BankServer, receiver: Receiver) -> Iterator[Sandbox]:
    attempts: queue.Queue[Attempt] = queue.Queue()
    server.bank.worker.on_attempt = attempts.put
    gateway = SandboxBankGateway(
        base_url=server.url,
        key=KEY.encode(),
        clock=server.clock,
        callback_url=receiver.url,
        timeout_seconds=WAIT,
    )
    try:
        with httpx2.Client(base_url=server.url, timeout=WAIT, trust_env=False) as browser:
            yield Sandbox(server, receiver, gateway, browser, attempts)
    finally:
        gateway.close()
        # What this test left armed or undelivered must not reach the next test's receiver.
        with server.bank.faults.lock:
            server.bank.faults.plan.clear()
        with transaction(server.bank.sessions) as session:
            session.execute(
                update(CallbackDelivery)
                .where(CallbackDelivery.state.in_(("pending", "held")))
                .values(state="dropped")
            )
