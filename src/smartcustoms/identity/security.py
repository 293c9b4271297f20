"""Password hashing (argon2) and signed bearer tokens (JWT, HS256)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError


@lru_cache
def _hasher() -> PasswordHasher:
    return PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def issue_token(*, user_id: int, secret: str, at: datetime, ttl: timedelta) -> str:
    claims: dict[str, Any] = {"sub": str(user_id), "iat": at, "exp": at + ttl, "typ": "access"}
    return jwt.encode(claims, secret, algorithm="HS256")


@dataclass(frozen=True)
class AccessToken:
    """What a valid access token says: whose it is and until when (seconds since the epoch)."""

    user_id: int
    expires_at: float


def read_token(token: str, *, secret: str) -> AccessToken | None:
    """The claims of a valid, unexpired access token, else None."""
    try:
        claims = jwt.decode(
            token, secret, algorithms=["HS256"], options={"require": ["exp", "sub"]}
        )
    except jwt.PyJWTError:
        return None
    if claims.get("typ") != "access":
        return None
    try:
        return AccessToken(user_id=int(claims["sub"]), expires_at=float(claims["exp"]))
    except (TypeError, ValueError):
        return None
