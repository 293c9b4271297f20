from __future__ import annotations

from pathlib import Path

import pytest

from signature_support import SigningCA
from smartcustoms.config import Settings


@pytest.fixture
def ca() -> SigningCA:
    return SigningCA()


@pytest.fixture
def settings(settings: Settings, ca: SigningCA, tmp_path: Path) -> Settings:
    """The tests' CA is the one customs trusts."""
    return settings.model_copy(update={"signing_trusted_cas": [ca.pem_file(tmp_path)]})
