"""Passwords are hashed with RFC 9106's parameters unless a test suite asks for the cheapest."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from argon2 import extract_parameters, profiles

from smartcustoms.identity import security


@pytest.fixture
def fresh_hasher(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    security._hasher.cache_clear()
    monkeypatch.delenv(security.TEST_PROFILE_VARIABLE, raising=False)
    yield
    security._hasher.cache_clear()


@pytest.mark.usefixtures("fresh_hasher")
def test_a_service_hashes_with_rfc_9106_parameters() -> None:
    made = extract_parameters(security.hash_password("a long pass phrase"))
    assert made == profiles.RFC_9106_LOW_MEMORY


@pytest.mark.usefixtures("fresh_hasher")
def test_a_hash_made_cheaply_still_verifies_under_the_service_parameters(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(security.TEST_PROFILE_VARIABLE, "1")
    cheap = security.hash_password("a long pass phrase")
    assert extract_parameters(cheap).memory_cost == profiles.CHEAPEST.memory_cost
    security._hasher.cache_clear()
    monkeypatch.delenv(security.TEST_PROFILE_VARIABLE)
    assert security.verify_password(cheap, "a long pass phrase")
    assert not security.verify_password(cheap, "another pass phrase")
