"""A real server on a loopback port with its own SQLite database, and Debian's Chromium."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from sqlalchemy.orm import sessionmaker

from bank_support import KEY, served_bank
from smartcustoms.adapters.bank import SandboxBankGateway
from smartcustoms.app import create_app
from smartcustoms.config import Settings
from smartcustoms.db import make_engine, transaction
from smartcustoms.demo import seed
from smartcustoms.kit.clock import FixedClock
from smartcustoms.migrate import upgrade
from smartcustoms.reference.service import get_catalog, load_reference
from smartcustoms.tariff.importer import SAMPLE_DIR
from smartcustoms.tariff.service import import_directory
from support import TEST_NOW, TEST_SECRET_KEY, free_port

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs it (apt-get install chromium)")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def live_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("live")


@pytest.fixture(scope="session")
def live_server(live_root: Path) -> Iterator[str]:
    with ExitStack() as stack:
        yield from _serve(live_root, stack)


@pytest.fixture(scope="session")
def live_database_url(live_root: Path, live_server: str) -> str:
    """The live server's database, for a journey that runs a worker beside it."""
    return _database_url(live_root)


def _database_url(root: Path) -> str:
    return f"sqlite:///{root / 'e2e.db'}"


def _serve(root: Path, stack: ExitStack) -> Iterator[str]:
    url = _database_url(root)
    upgrade(url)
    engine = make_engine(url)
    with transaction(sessionmaker(bind=engine)) as session:
        load_reference(session)
        import_directory(session, SAMPLE_DIR, catalog=get_catalog(session), at=TEST_NOW)
        seed(session, at=TEST_NOW)
    settings = Settings(
        database_url=url,
        var_dir=root / "var",
        default_language="en",
        secret_key=TEST_SECRET_KEY,
        cookie_secure=False,  # served over plain HTTP on the loopback
        notifications_allow_loopback=True,  # callback URLs on the loopback, as in `make run`
    )
    port = free_port()
    clock = FixedClock(TEST_NOW)
    # The shipped sandbox bank beside the platform, as `make run` has it.
    bank = stack.enter_context(served_bank(f"sqlite:///{root / 'bank.db'}"))
    gateway = SandboxBankGateway(
        base_url=bank.url,
        key=KEY.encode(),
        clock=clock,
        callback_url=f"http://127.0.0.1:{port}/api/v1/payments/banks/sandbox/notices",
    )
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(settings, clock=clock, banks=[gateway]),
            host="127.0.0.1",
            port=port,
            log_level="warning",
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    started = threading.Event()
    for _ in range(200):  # bounded: about 10 s
        if server.started:
            started.set()
            break
        started.wait(0.05)
    if not server.started:
        pytest.fail("the portal did not start")
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
    engine.dispose()
