"""The audit tests' settings: a checkpoint key file of their own (made at first use)."""

from __future__ import annotations

from pathlib import Path

import pytest

from smartcustoms.config import Settings


@pytest.fixture
def settings(settings: Settings, tmp_path: Path) -> Settings:
    settings.audit_checkpoint_key_file = tmp_path / "audit_checkpoint_key"
    return settings
