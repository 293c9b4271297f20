"""The ID token's validation, over its table of cases: a token is accepted only when signed by
a key the provider publishes, with the algorithm it announces, for our client, from the
configured issuer, unexpired at our clock, and carrying the nonce we sent."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey

from smartcustoms.identity.oidc import (
    Metadata,
    OidcFailure,
    ProviderConfig,
    create_s256_code_challenge,
    start_login,
    validate_id_token,
)

AT = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)
ISSUER = "https://id.example.test"
CONFIG = ProviderConfig(issuer=ISSUER, client_id="smartcustoms", client_secret="s")
METADATA = Metadata(
    issuer=ISSUER,
    authorization_endpoint=f"{ISSUER}/authorize",
    token_endpoint=f"{ISSUER}/token",
    jwks_uri=f"{ISSUER}/jwks",
    signing_algorithms=("RS256",),
)
KEY = RSAKey.generate_key(2048, parameters={"kid": "k1"})
OTHER_KEY = RSAKey.generate_key(2048, parameters={"kid": "k1"})
PUBLISHED = KeySet([KEY]).as_dict(private=False)


def _claims(**changes: Any) -> dict[str, Any]:
    claims: dict[str, Any] = {
        "iss": ISSUER,
        "sub": "person-1",
        "aud": "smartcustoms",
        "iat": int(AT.timestamp()),
        "exp": int((AT + timedelta(minutes=5)).timestamp()),
        "nonce": "n-123",
        "national_id": "001190000001",
    }
    claims.update(changes)
    return {k: v for k, v in claims.items() if v is not None}


def _token(claims: dict[str, Any], key: RSAKey = KEY, alg: str = "RS256") -> str:
    return jwt.encode({"alg": alg, "kid": "k1"}, claims, key, algorithms=[alg])


def _validate(token: str, *, at: datetime = AT, nonce: str = "n-123") -> dict[str, Any]:
    return validate_id_token(
        token,
        keys=PUBLISHED,
        config=CONFIG,
        metadata=METADATA,
        nonce=nonce,
        access_token=None,
        at=at,
    )


def test_a_token_that_holds_gives_its_claims() -> None:
    claims = _validate(_token(_claims()))
    assert claims["national_id"] == "001190000001"


@pytest.mark.parametrize(
    ("token", "at", "nonce"),
    [
        pytest.param(_token(_claims(), key=OTHER_KEY), AT, "n-123", id="signed by another key"),
        pytest.param(_token(_claims(iss="https://evil.test")), AT, "n-123", id="another issuer"),
        pytest.param(_token(_claims(aud="another-client")), AT, "n-123", id="another audience"),
        pytest.param(_token(_claims(nonce="n-999")), AT, "n-123", id="another nonce"),
        pytest.param(_token(_claims(nonce=None)), AT, "n-123", id="no nonce"),
        pytest.param(_token(_claims(exp=None)), AT, "n-123", id="no expiry"),
        pytest.param(_token(_claims()), AT + timedelta(minutes=8), "n-123", id="expired"),
        pytest.param(_token(_claims(), alg="PS256"), AT, "n-123", id="unannounced algorithm"),
        pytest.param(_token(_claims()) + "x", AT, "n-123", id="tampered"),
        pytest.param("not.a.token", AT, "n-123", id="garbage"),
    ],
)
def test_a_token_that_does_not_hold_is_refused(token: str, at: datetime, nonce: str) -> None:
    with pytest.raises(OidcFailure) as refused:
        _validate(token, at=at, nonce=nonce)
    assert refused.value.reason == "oidc_token_invalid"


def test_an_unsigned_token_is_refused() -> None:
    header = "eyJhbGciOiJub25lIn0"  # {"alg":"none"}
    import base64
    import json

    body = base64.urlsafe_b64encode(json.dumps(_claims()).encode()).decode().rstrip("=")
    with pytest.raises(OidcFailure):
        _validate(f"{header}.{body}.")


def test_the_authorization_request_carries_a_fresh_state_nonce_and_s256_challenge() -> None:
    url, pending = start_login(CONFIG, METADATA, redirect_uri="https://sc/cb", next_path="/")
    _again, other = start_login(CONFIG, METADATA, redirect_uri="https://sc/cb", next_path="/")
    assert len({pending.state, other.state}) == 2
    assert pending.nonce != other.nonce
    assert create_s256_code_challenge(pending.code_verifier) in url
    assert "code_challenge_method=S256" in url
    assert pending.code_verifier not in url
    assert url.startswith(f"{ISSUER}/authorize?")
