"""The OpenID Connect relying party: discovery, the authorization request (code flow with
PKCE, state and nonce), the code exchange and the ID token's validation (signature by the
provider's published keys, iss, aud, exp, iat, nonce, at_hash), with Authlib and joserfc.

Outbound HTTP to the provider only; what a validated identity means to the platform is
`federation.py`'s to say.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

import httpx2
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from authlib.oidc.core import CodeIDToken
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from joserfc.jws import JWSRegistry

# Seconds of difference between our clock and the provider's that the token's times allow.
CLOCK_LEEWAY_SECONDS = 120


class OidcFailure(Exception):
    """The provider could not be reached, or answered something we cannot trust; `reason`
    is a message key of identity.messages."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class ProviderConfig:
    issuer: str
    client_id: str
    client_secret: str
    scope: str = "openid profile"
    timeout_seconds: float = 10.0


@dataclass(frozen=True)
class Metadata:
    """What discovery told us (OpenID Connect Discovery 1.0)."""

    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    signing_algorithms: tuple[str, ...]


@dataclass(frozen=True)
class PendingLogin:
    """What the browser carries (signed) from the authorization request to the callback."""

    state: str
    nonce: str
    code_verifier: str
    redirect_uri: str
    next_path: str


def _get_json(client: httpx2.Client, url: str) -> dict[str, Any]:
    try:
        answer = client.get(url)
        answer.raise_for_status()
        data = answer.json()
    except (httpx2.HTTPError, ValueError) as exc:
        raise OidcFailure("oidc_provider_unreachable", str(exc)) from exc
    if not isinstance(data, dict):
        raise OidcFailure("oidc_provider_unreachable", f"{url} did not answer a JSON object")
    return data


def discover(config: ProviderConfig) -> Metadata:
    """The provider's metadata from its well-known URL; its issuer must be the one set."""
    url = config.issuer.rstrip("/") + "/.well-known/openid-configuration"
    with httpx2.Client(timeout=config.timeout_seconds) as client:
        data = _get_json(client, url)
    try:
        metadata = Metadata(
            issuer=str(data["issuer"]),
            authorization_endpoint=str(data["authorization_endpoint"]),
            token_endpoint=str(data["token_endpoint"]),
            jwks_uri=str(data["jwks_uri"]),
            signing_algorithms=tuple(data.get("id_token_signing_alg_values_supported", ["RS256"])),
        )
    except KeyError as exc:
        raise OidcFailure("oidc_provider_unreachable", f"discovery lacks {exc}") from exc
    # OpenID Connect Discovery 1.0, section 4.3: the issuer must be exactly the one asked.
    if metadata.issuer.rstrip("/") != config.issuer.rstrip("/"):
        raise OidcFailure("oidc_token_invalid", f"discovery names issuer {metadata.issuer!r}")
    # "none" is never accepted, whatever the provider says it supports.
    if "none" in metadata.signing_algorithms:
        algorithms = tuple(a for a in metadata.signing_algorithms if a != "none")
        metadata = Metadata(**{**metadata.__dict__, "signing_algorithms": algorithms})
    return metadata


def start_login(
    config: ProviderConfig, metadata: Metadata, *, redirect_uri: str, next_path: str
) -> tuple[str, PendingLogin]:
    """The provider's authorization URL for the browser, and what to keep until it
    returns: a fresh state, nonce and PKCE verifier (S256)."""
    pending = PendingLogin(
        state=secrets.token_urlsafe(24),
        nonce=secrets.token_urlsafe(24),
        code_verifier=secrets.token_urlsafe(48),
        redirect_uri=redirect_uri,
        next_path=next_path,
    )
    query = urlencode(
        {
            "response_type": "code",
            "client_id": config.client_id,
            "redirect_uri": redirect_uri,
            "scope": config.scope,
            "state": pending.state,
            "nonce": pending.nonce,
            "code_challenge": create_s256_code_challenge(pending.code_verifier),
            "code_challenge_method": "S256",
        }
    )
    separator = "&" if "?" in metadata.authorization_endpoint else "?"
    return f"{metadata.authorization_endpoint}{separator}{query}", pending


def finish_login(
    config: ProviderConfig, metadata: Metadata, pending: PendingLogin, *, code: str, at: datetime
) -> dict[str, Any]:
    """Exchange the code (with the PKCE verifier) and return the ID token's claims once
    validated against the provider's keys and our clock."""
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": pending.redirect_uri,
        "code_verifier": pending.code_verifier,
    }
    with httpx2.Client(timeout=config.timeout_seconds) as client:
        try:
            answer = client.post(
                metadata.token_endpoint,
                data=form,
                auth=(config.client_id, config.client_secret),
                headers={"Accept": "application/json"},
            )
        except httpx2.HTTPError as exc:
            raise OidcFailure("oidc_provider_unreachable", str(exc)) from exc
        if answer.status_code != 200:
            raise OidcFailure("oidc_code_refused", answer.text[:200])
        try:
            tokens = answer.json()
        except ValueError as exc:
            raise OidcFailure("oidc_code_refused", "the token answer is not JSON") from exc
        if not isinstance(tokens, dict) or not isinstance(tokens.get("id_token"), str):
            raise OidcFailure("oidc_token_invalid", "no ID token in the answer")
        keys = _get_json(client, metadata.jwks_uri)
    return validate_id_token(
        tokens["id_token"],
        keys=keys,
        config=config,
        metadata=metadata,
        nonce=pending.nonce,
        access_token=tokens.get("access_token"),
        at=at,
    )


def validate_id_token(
    id_token: str,
    *,
    keys: dict[str, Any],
    config: ProviderConfig,
    metadata: Metadata,
    nonce: str,
    access_token: object,
    at: datetime,
) -> dict[str, Any]:
    """The claims of an ID token whose signature, issuer, audience, expiry, issue time,
    nonce (and at_hash, given the access token) hold; else OidcFailure."""
    try:
        key_set = KeySet.import_key_set(keys)  # type: ignore[arg-type]
        registry = JWSRegistry(algorithms=list(metadata.signing_algorithms))
        token = jwt.decode(id_token, key_set, registry=registry)
    except (JoseError, ValueError, TypeError, KeyError) as exc:
        raise OidcFailure("oidc_token_invalid", f"signature: {exc}") from exc
    params: dict[str, Any] = {"nonce": nonce, "client_id": config.client_id}
    if isinstance(access_token, str):
        params["access_token"] = access_token
    options = {
        "iss": {"essential": True, "value": metadata.issuer},
        "aud": {"essential": True, "value": config.client_id},
        "exp": {"essential": True},
        "nonce": {"essential": True, "value": nonce},
    }
    claims = CodeIDToken(token.claims, token.header, options, params)
    try:
        claims.validate(now=int(at.timestamp()), leeway=CLOCK_LEEWAY_SECONDS)
    except JoseError as exc:  # Authlib raises joserfc's claim errors
        raise OidcFailure("oidc_token_invalid", str(exc)) from exc
    return dict(token.claims)
