"""Who is signed in, and ending that: the Actor of a token or portal session (with the
delegations and API-key scopes it acts under), disabling accounts, revoking tokens and
signing portal sessions out."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.orm import Session

from smartcustoms.audit import service as audit
from smartcustoms.db import QuickReads
from smartcustoms.errors import Conflict, NotAuthenticated, NotFound, ValidationFailed
from smartcustoms.identity import api_keys, delegations, repository
from smartcustoms.identity.messages import error
from smartcustoms.identity.models import RevokedToken, User
from smartcustoms.identity.rules import ALL_SCOPES, Actor, Role, Scope
from smartcustoms.identity.security import AccessToken
from smartcustoms.kit.text import has_control_chars
from smartcustoms.outbox.service import emit


def _session_ended() -> NotAuthenticated:
    return error(NotAuthenticated, "session_no_longer_valid")


def actor_for(
    session: Session,
    *,
    user_id: int,
    generation: int | None = None,
    at: datetime | None = None,
    key_id: str | None = None,
) -> Actor:
    """The signed-in user as an Actor; refused if disabled, or if `generation` (a portal
    cookie's) is no longer the user's: their sessions were ended. A broker acts for the
    enterprises whose delegations to the broker's enterprise are in force at `at` (None:
    not revoked, whatever their dates: commands and seeding, outside a request); signed in
    with an API key (`key_id`), no more than the key's scopes."""
    user = repository.standing_of(session, user_id)
    if user is None or not user.active:
        raise _session_ended()
    if generation is not None and generation != user.token_generation:
        raise _session_ended()
    role = Role(user.role)
    enterprises: list[tuple[int, str | None]] = []
    grants: set[tuple[int, Scope]] | None = None
    procedures: list[tuple[int, frozenset[str]]] = []
    accounts: list[tuple[int, frozenset[str]]] = []
    if role == Role.TRADER and user.organisation_id is not None:
        enterprises.append((user.organisation_id, user.tax_code))
    if role == Role.BROKER:
        grants = set()
        if user.organisation_id is not None:
            for mandate in delegations.mandates_for(session, agent_id=user.organisation_id, at=at):
                enterprises.append((mandate.enterprise_id, mandate.tax_code))
                grants |= {(mandate.enterprise_id, scope) for scope in mandate.scopes}
                if mandate.procedures is not None:
                    procedures.append((mandate.enterprise_id, mandate.procedures))
                if mandate.accounts is not None:
                    accounts.append((mandate.enterprise_id, mandate.accounts))
    if key_id is not None:
        key_scopes = api_keys.scopes_of(session, key_id=key_id, user_id=user_id)
        every = {(e, s) for e, _ in enterprises for s in ALL_SCOPES} if grants is None else grants
        grants = {(e, s) for e, s in every if s in key_scopes}
    return Actor(
        user_id=user.id,
        username=user.username,
        role=role,
        organisation_id=user.organisation_id,
        office_code=user.office_code,
        enterprise_ids=frozenset(enterprise_id for enterprise_id, _ in enterprises),
        enterprise_tax_codes=tuple(
            sorted({(enterprise_id, code) for enterprise_id, code in enterprises if code})
        ),
        grants=None if grants is None else frozenset(grants),
        api_key_id=key_id,
        procedures=tuple(procedures),
        accounts=tuple(accounts),
    )


# ---------------------------------------------------------------- disabling and revoking
#
# A disabled user, or a revoked token, is refused from the very next request, in every
# process. The API keeps signed-in users per process (`caches.ActorCache`), so the cache
# alone cannot know; every API request therefore reads the user's row and the token's
# revocation by primary key in one statement (`check_access`), and the cache only saves
# verifying the token's signature and reading the user's roles and mandates. We measured it
# against the filing benchmark (docs/benchmarks.md) before choosing it over a revision
# counter (the same round trip) and PostgreSQL LISTEN/NOTIFY (no round trip, but a
# notification reaches another process some time after the commit, so "the very next
# request" would not hold, and SQLite has none). Portal pages read the user on every page
# already (`actor_for`), with the cookie's token generation.

MAX_REASON_LENGTH = 500


def _user(session: Session, user_id: int) -> User:
    user = repository.user_by_id(session, user_id)
    if user is None:
        raise error(NotFound, "user_not_found", user_id=user_id)
    return user


def disable_user(session: Session, *, user_id: int, reason: str, at: datetime) -> User:
    """Disable an account: its sign-in, tokens and portal sessions are refused at once."""
    reason = reason.strip()
    if not reason or len(reason) > MAX_REASON_LENGTH or has_control_chars(reason):
        raise error(ValidationFailed, "disable_reason_invalid", max_length=MAX_REASON_LENGTH)
    user = _user(session, user_id)
    if not user.active:
        raise error(Conflict, "user_already_disabled", username=user.username)
    user.active = False
    user.disabled_at = at
    user.disabled_reason = reason
    # Tokens issued before stay dead even if the account is enabled again one day.
    user.token_generation += 1
    session.flush()
    audit.record(
        session,
        action="user.disabled",
        object_type="user",
        object_id=user.id,
        at=at,
        details={"reason": reason},
    )
    emit(
        session,
        topic="user.disabled",
        aggregate_type="user",
        aggregate_id=user.id,
        payload={"username": user.username, "reason": reason},
        at=at,
    )
    return user


def revoke_tokens(session: Session, *, user_id: int, at: datetime) -> User:
    """End every access token and portal session of a user (sign out everywhere)."""
    user = _user(session, user_id)
    user.token_generation += 1
    session.flush()
    audit.record(
        session, action="user.tokens_revoked", object_type="user", object_id=user.id, at=at
    )
    emit(
        session,
        topic="user.tokens_revoked",
        aggregate_type="user",
        aggregate_id=user.id,
        payload={"username": user.username, "token_generation": user.token_generation},
        at=at,
    )
    return user


def revoke_token(session: Session, *, access: AccessToken, at: datetime) -> None:
    """Withdraw one access token before its expiry (revoking it twice changes nothing)."""
    if access.token_id is None:
        # Issued before tokens had ids: only ending all of the user's tokens reaches it.
        revoke_tokens(session, user_id=access.user_id, at=at)
        return
    if repository.revoked_token(session, access.token_id) is not None:
        return
    expires_at = datetime.fromtimestamp(access.expires_at, tz=UTC)
    repository.add_revoked_token(
        session,
        RevokedToken(
            token_id=access.token_id, user_id=access.user_id, revoked_at=at, expires_at=expires_at
        ),
    )
    audit.record(
        session,
        action="session.revoked",
        object_type="user",
        object_id=access.user_id,
        at=at,
        actor_id=access.user_id,
        details={"token_id": access.token_id},
    )


def check_access(session: Session, access: AccessToken) -> None:
    """Refuse a token whose user is disabled, whose generation was ended, or that was
    revoked (itself, its refresh family or its API key): one statement, by primary keys."""
    _refuse_unless_in_force(
        repository.access_state(
            session, access.user_id, access.token_id, access.family_id, access.key_id
        ),
        access,
    )


async def check_access_now(reads: QuickReads, access: AccessToken) -> None:
    """`check_access` on the event loop, through the process's own connection."""
    _refuse_unless_in_force(
        await repository.access_state_now(
            reads, access.user_id, access.token_id, access.family_id, access.key_id
        ),
        access,
    )


def _refuse_unless_in_force(state: tuple[bool, int, bool] | None, access: AccessToken) -> None:
    if state is None:
        raise _session_ended()
    active, generation, withdrawn = state
    if not active or generation != access.generation or withdrawn:
        raise _session_ended()


def signed_in_actor(session: Session, access: AccessToken, at: datetime | None = None) -> Actor:
    """The Actor of a verified token that is still in force."""
    check_access(session, access)
    return actor_for(session, user_id=access.user_id, at=at, key_id=access.key_id)


# ---------------------------------------------------------------- portal sessions
#
# A portal session is checked like an access token: its id (in the signed cookie) is the
# token's id, so signing out withdraws it in revoked_tokens and every page refuses it after.


def session_actor(
    session: Session,
    *,
    user_id: int,
    generation: int,
    session_id: str | None,
    at: datetime | None = None,
) -> Actor:
    """The Actor of a portal session still in force (not signed out, user not disabled,
    sessions not ended), with the delegations in force at `at`."""
    access = AccessToken(
        user_id=user_id, expires_at=0.0, token_id=session_id, generation=generation
    )
    return signed_in_actor(session, access, at)


def end_session(
    session: Session,
    *,
    user_id: int,
    generation: int,
    session_id: str | None,
    until: datetime,
    at: datetime,
) -> None:
    """Sign a portal session out for good: a copy of its cookie is refused from now on
    (`until`: when the cookie would have expired anyway)."""
    access = AccessToken(
        user_id=user_id, expires_at=until.timestamp(), token_id=session_id, generation=generation
    )
    revoke_token(session, access=access, at=at)
