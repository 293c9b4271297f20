"""Password hashing (argon2) and signed bearer tokens (JWT, HS256)."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

import jwt
from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError

# Test suites only: argon2's cheapest parameters. Every sign-in of a test verifies a hash, and
# at RFC 9106's parameters (64 MiB, three passes) that is a tenth of a second and more on a
# loaded machine; the suite signs in thousands of times. A hash keeps its own parameters, so
# verifying is right whichever profile made it.
TEST_PROFILE_VARIABLE = "SMARTCUSTOMS_TEST_CHEAP_PASSWORD_HASHES"


@lru_cache
def _hasher() -> PasswordHasher:
    if os.environ.get(TEST_PROFILE_VARIABLE) == "1":
        return PasswordHasher.from_parameters(profiles.CHEAPEST)
    return PasswordHasher.from_parameters(profiles.RFC_9106_LOW_MEMORY)


def hash_password(password: str) -> str:
    return _hasher().hash(password)


@lru_cache
def _dummy_hash() -> str:
    """A hash of a random password no one knows, made once per process."""
    return _hasher().hash(secrets.token_urlsafe(24))


def verify_password(password_hash: str | None, password: str) -> bool:
    """Whether the password matches the hash. With no hash (an unknown account) a dummy hash
    is verified all the same and False returned, so that the answer takes as long whether
    the account exists or not: the time does not tell which user names are taken."""
    try:
        matches = _hasher().verify(password_hash or _dummy_hash(), password)
    except (VerificationError, InvalidHashError):
        return False
    return matches and password_hash is not None


def issue_token(
    *,
    user_id: int,
    secret: str,
    at: datetime,
    ttl: timedelta,
    generation: int = 0,
    family_id: str | None = None,
    key_id: str | None = None,
) -> str:
    """A signed token with its own id (`jti`, to revoke it alone), the user's token
    generation (`gen`: raising the user's ends every token issued before), and the refresh
    family (`fam`) or API key (`key`) it came from, whose revocation ends it too."""
    claims: dict[str, Any] = {
        "sub": str(user_id),
        "iat": at,
        "exp": at + ttl,
        "typ": "access",
        "jti": secrets.token_urlsafe(16),
        "gen": generation,
    }
    if family_id is not None:
        claims["fam"] = family_id
    if key_id is not None:
        claims["key"] = key_id
    return jwt.encode(claims, secret, algorithm="HS256")


@dataclass(frozen=True)
class AccessToken:
    """What a valid access token says: whose it is, until when (seconds since the epoch), its
    id and the user's token generation it was issued under."""

    user_id: int
    expires_at: float
    token_id: str | None = None  # tokens issued before ids were given have none
    generation: int = 0
    family_id: str | None = None  # from a refresh token's family
    key_id: str | None = None  # from an API key


# The expiry is checked against the platform's clock, not PyJWT's reading of the wall clock,
# so that a token's life follows the same time as everything else (and tests can fix it).
_DECODE_OPTIONS: Any = {
    "require": ["exp", "sub"],
    "verify_exp": False,
    "verify_iat": False,
    "verify_nbf": False,
}


def read_token(token: str, *, secret: str, at: datetime) -> AccessToken | None:
    """The claims of a valid access token unexpired at `at`, else None."""
    try:
        claims = jwt.decode(token, secret, algorithms=["HS256"], options=_DECODE_OPTIONS)
    except jwt.PyJWTError:
        return None
    if claims.get("typ") != "access":
        return None
    token_id, generation = claims.get("jti"), claims.get("gen", 0)
    family_id, key_id = claims.get("fam"), claims.get("key")
    strings = (token_id, family_id, key_id)
    if not all(v is None or isinstance(v, str) for v in strings) or type(generation) is not int:
        return None
    try:
        access = AccessToken(
            user_id=int(claims["sub"]),
            expires_at=float(claims["exp"]),
            token_id=token_id,
            generation=generation,
            family_id=family_id,
            key_id=key_id,
        )
    except (TypeError, ValueError):
        return None
    return access if at.timestamp() < access.expires_at else None


def sign_claims(claims: dict[str, Any], *, secret: str, at: datetime, ttl: timedelta) -> str:
    """A short-lived signed statement of ours (a sign-in flow's state, a second factor
    awaited): `typ` in the claims says what it is for, so one is never taken for another."""
    return jwt.encode({**claims, "iat": at, "exp": at + ttl}, secret, algorithm="HS256")


def read_signed(token: str, *, secret: str, at: datetime, typ: str) -> dict[str, Any] | None:
    """The claims of a statement signed by `sign_claims` for `typ`, unexpired at `at`."""
    try:
        claims: dict[str, Any] = jwt.decode(
            token, secret, algorithms=["HS256"], options=_DECODE_OPTIONS | {"require": ["exp"]}
        )
    except jwt.PyJWTError:
        return None
    if claims.get("typ") != typ or not isinstance(claims.get("exp"), int | float):
        return None
    return claims if at.timestamp() < float(claims["exp"]) else None
