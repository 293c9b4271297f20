"""PKCE end to end against a provider that enforces it (panva's certified `oidc-provider`;
the `oidc-provider-mock` of the other single sign-on tests ignores `code_verifier`): our
authorization request carries an S256 challenge, the code is exchanged only with its own
verifier, and a request without a challenge is refused by the provider."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from urllib.parse import urlencode

import pytest

from oidc_node_support import CLIENT_ID, CLIENT_SECRET, REDIRECT_URI, Browser, running_node_provider
from smartcustoms.identity.oidc import (
    Metadata,
    OidcFailure,
    ProviderConfig,
    discover,
    finish_login,
    start_login,
)

# One worker runs the module: its provider is started once (module fixture), not per worker.
pytestmark = pytest.mark.xdist_group("oidc_node_provider")


@pytest.fixture(scope="module")
def issuer() -> Iterator[str]:
    with running_node_provider() as running:
        yield running


@pytest.fixture
def provider(issuer: str) -> tuple[ProviderConfig, Metadata]:
    config = ProviderConfig(issuer=issuer, client_id=CLIENT_ID, client_secret=CLIENT_SECRET)
    return config, discover(config)


def test_the_right_verifier_gets_the_id_token(provider: tuple[ProviderConfig, Metadata]) -> None:
    config, metadata = provider
    url, pending = start_login(config, metadata, redirect_uri=REDIRECT_URI, next_path="/")
    assert "code_challenge_method=S256" in url
    code, at = Browser(config.issuer).sign_in(url, "lan")
    claims = finish_login(config, metadata, pending, code=code, at=at)
    assert claims["sub"] == "lan"
    assert claims["national_id"] == "001190000001"
    assert claims["nonce"] == pending.nonce


def test_a_wrong_verifier_is_refused_by_the_provider(
    provider: tuple[ProviderConfig, Metadata],
) -> None:
    config, metadata = provider
    url, pending = start_login(config, metadata, redirect_uri=REDIRECT_URI, next_path="/")
    code, at = Browser(config.issuer).sign_in(url, "lan")
    # Another sign-in's verifier: what an attacker who stole the code would hold at best.
    _, other = start_login(config, metadata, redirect_uri=REDIRECT_URI, next_path="/")
    wrong = replace(pending, code_verifier=other.code_verifier)
    with pytest.raises(OidcFailure) as refused:
        finish_login(config, metadata, wrong, code=code, at=at)
    assert refused.value.reason == "oidc_code_refused"
    assert "invalid_grant" in refused.value.detail


def test_an_authorization_request_without_a_challenge_is_refused(
    provider: tuple[ProviderConfig, Metadata],
) -> None:
    config, metadata = provider
    query = urlencode(
        {
            "response_type": "code",
            "client_id": config.client_id,
            "redirect_uri": REDIRECT_URI,
            "scope": "openid",
            "state": "s",
            "nonce": "n",
        }
    )
    error = Browser(config.issuer).refused(f"{metadata.authorization_endpoint}?{query}")
    assert error == "invalid_request"
