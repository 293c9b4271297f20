"""Fixtures of the partner exchange tests: this instance (Viet Nam) signs with a key of its
own, Thai Customs with another; an exchanging instance may reach partners over plain http
on loopback."""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from partners_support import write_private_key
from smartcustoms.config import Settings


@pytest.fixture
def our_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


@pytest.fixture
def thai_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


@pytest.fixture
def exchanging(settings: Settings, tmp_path: Path, our_key: Ed25519PrivateKey) -> Settings:
    """The settings of an instance that exchanges with partners (use as `settings`)."""
    key_file = write_private_key(our_key, tmp_path / "partner-signing.pem")
    return settings.model_copy(
        update={
            "partners_signing_key_file": key_file,
            "partners_allow_http": True,
            "outbound_allowed_networks": "127.0.0.0/8",  # partners on the loopback
        }
    )
