"""Fixtures of the payments tests: an app wired to an in-process bank."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from payments_support import Desk, FakeBank
from smartcustoms.app import create_app
from smartcustoms.config import Settings
from smartcustoms.declarations.clearance import ClearanceSetup
from smartcustoms.kit.clock import FixedClock
from support import Users


@pytest.fixture
def bank(clock: FixedClock) -> FakeBank:
    return FakeBank(clock)


@pytest.fixture
def app_client(
    settings: Settings,
    session_factory: sessionmaker[Session],
    clock: FixedClock,
    clearance: ClearanceSetup,
    bank: FakeBank,
) -> Iterator[TestClient]:
    app = create_app(
        settings, session_factory=session_factory, clock=clock, clearance=clearance, banks=[bank]
    )
    with TestClient(app) as client:
        yield client


@pytest.fixture
def desk(app_client: TestClient, bank: FakeBank) -> Desk:
    return Desk(app_client, bank)


@pytest.fixture
def enterprise_a(users: Users) -> int:
    organisation_id = users.actor("lan").organisation_id
    assert organisation_id is not None
    return organisation_id
