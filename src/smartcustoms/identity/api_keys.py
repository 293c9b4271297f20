"""API keys for machine clients (a trader's or broker's software, UUM&DS-style machine to
machine calls): identified by the enterprise's tax code, scoped, kept as a hash, revocable,
their last use recorded. A key is exchanged for a short access token (POST
/api/v1/auth/client-token) that names the key, so revoking the key ends that token too."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from smartcustoms.audit import service as audit
from smartcustoms.errors import Conflict, NotAuthenticated, NotFound, ValidationFailed
from smartcustoms.identity import repository
from smartcustoms.identity.delegations import require_enterprise_admin
from smartcustoms.identity.messages import error
from smartcustoms.identity.models import ApiKey, User
from smartcustoms.identity.rules import Actor, Scope, format_scopes, parse_scopes
from smartcustoms.kit.text import has_control_chars
from smartcustoms.outbox.service import emit

PREFIX = "sck"


def _digest(secret: str) -> str:
    # The secret is 256 random bits: a plain SHA-256 cannot be reversed or guessed.
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class ApiKeyView:
    id: int
    key_id: str
    name: str
    scopes: tuple[Scope, ...]
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None
    last_used_at: datetime | None  # of the secret in force
    rotated_at: datetime | None = None
    previous_valid_until: datetime | None = None  # the previous secret works until then
    previous_last_used_at: datetime | None = None


def _view(key: ApiKey) -> ApiKeyView:
    return ApiKeyView(
        id=key.id,
        key_id=key.key_id,
        name=key.name,
        scopes=tuple(sorted(parse_scopes(key.scopes))),
        created_at=key.created_at,
        expires_at=key.expires_at,
        revoked_at=key.revoked_at,
        last_used_at=key.last_used_at,
        rotated_at=key.rotated_at,
        previous_valid_until=key.previous_valid_until,
        previous_last_used_at=key.previous_last_used_at,
    )


def _audit(session: Session, key: ApiKey, action: str, actor: Actor | None, at: datetime) -> None:
    audit.record(
        session,
        action=f"api_key.{action}",
        object_type="api_key",
        object_id=key.key_id,
        at=at,
        actor_id=actor.user_id if actor is not None else None,
        on_behalf_of=key.organisation_id,
        details={
            "name": key.name,
            "scopes": key.scopes,
            "previous_valid_until": (
                key.previous_valid_until.isoformat() if key.previous_valid_until else None
            ),
        },
    )


def create_api_key(
    session: Session,
    *,
    actor: Actor,
    name: str,
    scopes: frozenset[Scope],
    expires_at: datetime | None,
    at: datetime,
) -> tuple[ApiKeyView, str]:
    """A new key of the trader's enterprise, acting as the trader within `scopes`; the
    secret is returned this once and kept only as a hash."""
    enterprise_id = require_enterprise_admin(actor)
    name = name.strip()
    if not name or len(name) > 100 or has_control_chars(name):
        raise error(ValidationFailed, "api_key_name_invalid")
    if not scopes:
        raise error(ValidationFailed, "delegation_no_scope")
    key_id = secrets.token_hex(8)
    secret = secrets.token_urlsafe(32)
    key = ApiKey(
        key_id=key_id,
        organisation_id=enterprise_id,
        user_id=actor.user_id,
        name=name,
        secret_hash=_digest(secret),
        scopes=format_scopes(parse_scopes(format_scopes(scopes))),
        created_at=at,
        expires_at=expires_at,
    )
    repository.add(session, key)
    _audit(session, key, "created", actor, at)
    emit(
        session,
        topic="identity.api_key_created",
        aggregate_type="organisation",
        aggregate_id=enterprise_id,
        payload={"key_id": key_id, "scopes": key.scopes},
        at=at,
    )
    return _view(key), f"{PREFIX}_{key_id}_{secret}"


def list_api_keys(session: Session, *, actor: Actor) -> list[ApiKeyView]:
    enterprise_id = require_enterprise_admin(actor)
    return [_view(key) for key in repository.api_keys_of(session, enterprise_id)]


def revoke_api_key(session: Session, *, actor: Actor, key_id: str, at: datetime) -> ApiKeyView:
    """Withdraw a key: exchanging it, and the access tokens it gave, are refused at once."""
    enterprise_id = require_enterprise_admin(actor)
    key = repository.api_key(session, key_id)
    if key is None or key.organisation_id != enterprise_id:
        raise error(NotFound, "api_key_not_found")
    if key.revoked_at is None:
        key.revoked_at = at
        session.flush()
        _audit(session, key, "revoked", actor, at)
        emit(
            session,
            topic="identity.api_key_revoked",
            aggregate_type="organisation",
            aggregate_id=enterprise_id,
            payload={"key_id": key_id},
            at=at,
        )
    return _view(key)


def rotate_api_key(
    session: Session, *, actor: Actor, key_id: str, grace: timedelta, at: datetime
) -> tuple[ApiKeyView, str]:
    """A new secret for a key of the trader's enterprise, in place (same key id, scopes and
    expiry); the secret it had keeps working for `grace`, then is refused."""
    enterprise_id = require_enterprise_admin(actor)
    key = repository.api_key(session, key_id)
    if key is None or key.organisation_id != enterprise_id:
        raise error(NotFound, "api_key_not_found")
    return rotate(session, key=key, grace=grace, at=at, actor=actor)


def rotate_api_key_as_operator(
    session: Session, *, key_id: str, grace: timedelta, at: datetime
) -> tuple[ApiKeyView, str]:
    """Rotate a key at the command line (the platform's operator, for an enterprise whose
    software's key leaked): the same as the trader's rotation, recorded without an actor."""
    key = repository.api_key(session, key_id)
    if key is None:
        raise error(NotFound, "api_key_not_found")
    return rotate(session, key=key, grace=grace, at=at)


def rotate(
    session: Session, *, key: ApiKey, grace: timedelta, at: datetime, actor: Actor | None = None
) -> tuple[ApiKeyView, str]:
    """Rotate `key` (for the trader above, or an operator at the command line): a secret
    from an earlier rotation still in its grace period stops at once."""
    if key.revoked_at is not None or (key.expires_at is not None and at >= key.expires_at):
        raise error(Conflict, "api_key_not_in_force")
    secret = secrets.token_urlsafe(32)
    key.previous_secret_hash = key.secret_hash
    key.previous_valid_until = at + grace
    key.previous_last_used_at = key.last_used_at
    key.secret_hash = _digest(secret)
    key.last_used_at = None
    key.rotated_at = at
    session.flush()
    _audit(session, key, "rotated", actor, at)
    emit(
        session,
        topic="identity.api_key_rotated",
        aggregate_type="organisation",
        aggregate_id=key.organisation_id,
        payload={
            "key_id": key.key_id,
            "previous_valid_until": key.previous_valid_until.isoformat(),
        },
        at=at,
    )
    return _view(key), f"{PREFIX}_{key.key_id}_{secret}"


def _invalid() -> NotAuthenticated:
    return error(NotAuthenticated, "api_key_invalid")


def authenticate_api_key(session: Session, *, tax_code: str, api_key: str, at: datetime) -> User:
    """The user a key acts as, when the key is this tax code's enterprise's, in force, and
    its secret matches (the one in force, or the previous one within its grace period); the
    last use of that secret is recorded."""
    parts = api_key.strip().split("_", 2)  # the secret itself may hold "_"
    if len(parts) != 3 or parts[0] != PREFIX:
        raise _invalid()
    key = repository.api_key(session, parts[1])
    enterprise = repository.organisation_by_tax_code(session, tax_code.strip())
    digest = _digest(parts[2])
    if key is None or enterprise is None or key.organisation_id != enterprise.id:
        raise _invalid()
    current = secrets.compare_digest(key.secret_hash, digest)
    previous = (
        key.previous_secret_hash is not None
        and secrets.compare_digest(key.previous_secret_hash, digest)
        and key.previous_valid_until is not None
        and at < key.previous_valid_until
    )
    if not (current or previous):
        raise _invalid()
    if key.revoked_at is not None or (key.expires_at is not None and at >= key.expires_at):
        raise _invalid()
    user = repository.user_by_id(session, key.user_id)
    if user is None or not user.active:
        raise _invalid()
    if current:
        key.last_used_at = at
    else:
        key.previous_last_used_at = at
    session.flush()
    return user


def key_id_of(api_key: str) -> str:
    """The public id inside a presented key (for the token it is exchanged for)."""
    return api_key.strip().split("_", 2)[1]


def scopes_of(session: Session, *, key_id: str, user_id: int) -> frozenset[Scope]:
    """A key's scopes (none if it is not this user's: a forged pairing gets nothing)."""
    key = repository.api_key(session, key_id)
    if key is None or key.user_id != user_id:
        return frozenset()
    return parse_scopes(key.scopes)
