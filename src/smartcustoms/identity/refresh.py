"""Refresh tokens that rotate: a sign-in starts a family; each refresh uses its token up and
returns a new access token and a new refresh token of the same family. A used refresh token
presented again means one of the two copies was stolen, so the whole family (and every
access token it gave, which names it) is revoked."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from smartcustoms.audit import service as audit
from smartcustoms.errors import NotAuthenticated
from smartcustoms.identity import repository
from smartcustoms.identity.messages import error
from smartcustoms.identity.models import RefreshToken, TokenFamily, User
from smartcustoms.outbox.service import emit


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _issue(session: Session, family_id: str, *, at: datetime, ttl: timedelta) -> str:
    token = secrets.token_urlsafe(32)
    repository.add(
        session,
        RefreshToken(
            token_hash=_digest(token), family_id=family_id, issued_at=at, expires_at=at + ttl
        ),
    )
    return token


def start_family(session: Session, *, user: User, at: datetime, ttl: timedelta) -> tuple[str, str]:
    """A new family for a sign-in: (its id, its first refresh token)."""
    family = TokenFamily(id=secrets.token_hex(16), user_id=user.id, created_at=at)
    repository.add(session, family)
    return family.id, _issue(session, family.id, at=at, ttl=ttl)


class RefreshTokenInvalid(NotAuthenticated):
    code = "refresh_token_invalid"


class RefreshTokenReused(NotAuthenticated):
    code = "refresh_token_reused"


def _invalid() -> NotAuthenticated:
    return error(RefreshTokenInvalid, RefreshTokenInvalid.code)


def rotate(
    session: Session, *, refresh_token: str, at: datetime, ttl: timedelta
) -> tuple[User, str, str]:
    """Use a refresh token up: (its user, the family id, the next refresh token). A token
    used before revokes its family (the caller must let that commit: it is answered, not
    raised past the request)."""
    row = repository.refresh_token(session, _digest(refresh_token.strip()))
    if row is None:
        raise _invalid()
    family = repository.token_family(session, row.family_id)
    if family is None or family.revoked_at is not None:
        raise _invalid()
    if row.used_at is not None:
        family.revoked_at = at
        family.revoked_reason = "reuse"
        session.flush()
        emit(
            session,
            topic="identity.refresh_reused",
            aggregate_type="user",
            aggregate_id=family.user_id,
            payload={"family_id": family.id},
            at=at,
        )
        raise error(RefreshTokenReused, RefreshTokenReused.code)
    if at >= row.expires_at:
        raise _invalid()
    user = repository.user_by_id(session, family.user_id)
    if user is None or not user.active:
        raise _invalid()
    row.used_at = at
    session.flush()
    return user, family.id, _issue(session, family.id, at=at, ttl=ttl)


def revoke_family(session: Session, *, refresh_token: str, at: datetime) -> None:
    """End a sign-in's family (its holder signs out): no error if already gone."""
    row = repository.refresh_token(session, _digest(refresh_token.strip()))
    if row is None:
        return
    family = repository.token_family(session, row.family_id)
    if family is not None and family.revoked_at is None:
        family.revoked_at = at
        family.revoked_reason = "revoked"
        session.flush()
        audit.record(
            session,
            action="session.revoked",
            object_type="user",
            object_id=family.user_id,
            at=at,
            actor_id=family.user_id,
            details={"family_id": family.id},
        )
