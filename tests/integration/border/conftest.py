"""Fixtures of the border tests: an app wired to an in-process bank (release needs taxes
paid), a sea gate and a land gate with their machine accounts."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from border_support import GateDesk, open_gate
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
def sea_gate(app_client: TestClient, users: Users, session: Session) -> GateDesk:
    return open_gate(app_client, users, session)


@pytest.fixture
def land_gate(app_client: TestClient, users: Users, session: Session) -> GateDesk:
    return open_gate(app_client, users, session, code="HUU-NGHI-1", kind="land", office_code="20BC")
