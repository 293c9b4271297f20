"""Fixtures of the risk tests."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from risk_support import Desk
from support import Users


@pytest.fixture
def desk(app_client: TestClient, users: Users) -> Desk:
    return Desk(app_client, users)
