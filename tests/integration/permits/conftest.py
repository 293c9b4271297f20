"""Fixtures of the single-window tests."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from permits_support import Window
from risk_support import Desk as RiskDesk
from support import Users


@pytest.fixture
def window(app_client: TestClient, users: Users) -> Window:
    # No random control sample: the channel is green unless a test sets a rule.
    RiskDesk(app_client, users).without_random_selection()
    return Window(app_client, users)
