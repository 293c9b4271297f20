"""Fixtures of the notifications tests: callback URLs on loopback are allowed."""

from __future__ import annotations

import pytest

from smartcustoms.config import Settings


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"notifications_allow_loopback": True})
