"""Identity use cases: organisations, users, mandates, login and tokens."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from smartcustoms.db import QuickReads
from smartcustoms.errors import (
    Conflict,
    NotAuthenticated,
    NotFound,
    ValidationFailed,
)
from smartcustoms.identity import repository, throttle
from smartcustoms.identity.messages import error
from smartcustoms.identity.models import (
    BrokerMandate,
    Organisation,
    RevokedToken,
    User,
)
from smartcustoms.identity.passwords import check_new_password
from smartcustoms.identity.rules import (
    CUSTOMS_ROLES,
    Actor,
    OrganisationKind,
    Role,
    SignInLimits,
    normalise_tax_code,
)
from smartcustoms.identity.security import (
    AccessToken,
    hash_password,
    issue_token,
    read_token,
    verify_password,
)
from smartcustoms.kit.text import has_control_chars
from smartcustoms.outbox.service import emit


class InvalidCredentials(NotAuthenticated):
    code = "invalid_credentials"


def create_enterprise(session: Session, *, name: str, tax_code: str, at: datetime) -> Organisation:
    compact = normalise_tax_code(tax_code)
    if repository.organisation_by_tax_code(session, compact) is not None:
        raise error(Conflict, "tax_code_taken", tax_code=compact)
    org = Organisation(kind=OrganisationKind.ENTERPRISE, name=name, tax_code=compact, created_at=at)
    session.add(org)
    session.flush()
    emit(
        session,
        topic="organisation.created",
        aggregate_type="organisation",
        aggregate_id=org.id,
        payload={"kind": org.kind, "tax_code": compact},
        at=at,
    )
    return org


def create_office_organisation(
    session: Session, *, name: str, office_code: str, kind: OrganisationKind, at: datetime
) -> Organisation:
    org = Organisation(kind=kind, name=name, office_code=office_code, created_at=at)
    session.add(org)
    session.flush()
    return org


def create_user(
    session: Session,
    *,
    username: str,
    password: str,
    full_name: str,
    role: Role,
    organisation_id: int | None,
    office_code: str | None = None,
    at: datetime,
) -> User:
    check_new_password(password, user_inputs=(username, full_name))
    if repository.user_by_username(session, username) is not None:
        raise error(Conflict, "username_taken", username=username)
    if role in (Role.OFFICER, Role.SUPERVISOR) and not office_code:
        raise error(ValidationFailed, "officer_without_office")
    user = User(
        username=username,
        full_name=full_name,
        password_hash=hash_password(password),
        role=role,
        organisation_id=organisation_id,
        office_code=office_code,
        active=True,
        created_at=at,
    )
    session.add(user)
    session.flush()
    emit(
        session,
        topic="user.created",
        aggregate_type="user",
        aggregate_id=user.id,
        payload={"username": username, "role": role},
        at=at,
    )
    return user


def grant_mandate(session: Session, *, broker_id: int, enterprise_id: int, at: datetime) -> None:
    session.add(BrokerMandate(user_id=broker_id, enterprise_id=enterprise_id, created_at=at))
    session.flush()


def authenticate(session: Session, *, username: str, password: str) -> User:
    """The account these credentials open. The password is verified even for an unknown or
    disabled account (against a dummy hash), so every refusal costs the same time."""
    user = None if has_control_chars(username) else repository.user_by_username(session, username)
    verified = verify_password(None if user is None else user.password_hash, password)
    if user is None or not user.active or not verified:
        raise error(InvalidCredentials, InvalidCredentials.code)
    return user


def sign_in(
    session: Session,
    *,
    username: str,
    password: str,
    client_address: str,
    limits: SignInLimits,
    at: datetime,
) -> User:
    """`authenticate`, throttled: refused with TooManyAttempts (no password checked) while
    the account name or the client address has had too many failures in the window; a
    failure is recorded (the caller must let the request commit it: raising rolls back), a
    success clears the account's failures."""
    username, client_address = username[:100], client_address[:64]
    throttle.refuse_while_locked(session, username, client_address, limits, at)
    try:
        user = authenticate(session, username=username, password=password)
    except InvalidCredentials:
        throttle.record_failure(session, username, client_address, limits, at)
        raise
    repository.clear_login_failures(session, username=username)
    return user


def _session_ended() -> NotAuthenticated:
    return error(NotAuthenticated, "session_no_longer_valid")


def actor_for(session: Session, *, user_id: int, generation: int | None = None) -> Actor:
    """The signed-in user as an Actor; refused if disabled, or if `generation` (a portal
    cookie's) is no longer the user's: their sessions were ended."""
    user = repository.standing_of(session, user_id)
    if user is None or not user.active:
        raise _session_ended()
    if generation is not None and generation != user.token_generation:
        raise _session_ended()
    role = Role(user.role)
    enterprises: list[tuple[int, str | None]] = []
    if role == Role.TRADER and user.organisation_id is not None:
        enterprises.append((user.organisation_id, user.tax_code))
    if role == Role.BROKER:
        enterprises += repository.mandated_enterprises(session, user.id)
    return Actor(
        user_id=user.id,
        username=user.username,
        role=role,
        organisation_id=user.organisation_id,
        office_code=user.office_code,
        enterprise_ids=frozenset(enterprise_id for enterprise_id, _ in enterprises),
        enterprise_tax_codes=tuple(
            sorted((enterprise_id, code) for enterprise_id, code in enterprises if code)
        ),
    )


def find_user(session: Session, *, username: str) -> User | None:
    """The account with this username, if there is one (for commands and seeding)."""
    return repository.user_by_username(session, username)


def enterprise_by_tax_code(session: Session, *, tax_code: str) -> Organisation | None:
    """The organisation registered under this tax code (MST), already normalised."""
    return repository.organisation_by_tax_code(session, tax_code)


def office_organisation(session: Session, *, office_code: str) -> Organisation | None:
    """The customs office's organisation, if it was created."""
    return repository.office_organisation(session, office_code)


def enterprises_of(session: Session, actor: Actor) -> list[Organisation]:
    return repository.organisations_by_ids(session, sorted(actor.enterprise_ids))


def organisation_names(session: Session, ids: Iterable[int]) -> dict[int, str]:
    """The names of these organisations, by id (ids not found are left out)."""
    return {o.id: o.name for o in repository.organisations_by_ids(session, sorted(set(ids)))}


def officer_name(session: Session, user_id: int) -> str | None:
    """A customs officer's full name, as a decision they made is shown; None for a user
    who is not customs (a trader whose payment cleared the goods) or no longer exists."""
    user = repository.user_by_id(session, user_id)
    if user is None or user.role not in CUSTOMS_ROLES:
        return None
    return user.full_name


def organisations_by_id(session: Session, ids: Iterable[int]) -> dict[int, Organisation]:
    """These organisations (name, tax code …), by id, read at once (ids not found are left
    out): pages that list declarations name each one's enterprise."""
    return {o.id: o for o in repository.organisations_by_ids(session, sorted(set(ids)))}


def user_names(session: Session, ids: Iterable[int]) -> dict[int, str]:
    """People's full names, by user id (ids not found are left out): pages name who acted."""
    return repository.user_names(session, sorted(set(ids)))


def get_organisation(session: Session, organisation_id: int) -> Organisation:
    org = repository.organisation_by_id(session, organisation_id)
    if org is None:
        raise error(NotFound, "organisation_not_found")
    return org


def access_token(*, user: User, secret: str, at: datetime, ttl_minutes: int) -> str:
    return issue_token(
        user_id=user.id,
        secret=secret,
        at=at,
        ttl=timedelta(minutes=ttl_minutes),
        generation=user.token_generation,
    )


def verify_access_token(token: str, *, secret: str, at: datetime) -> AccessToken:
    access = read_token(token, secret=secret, at=at)
    if access is None:
        raise error(NotAuthenticated, "invalid_access_token")
    return access


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


def check_access(session: Session, access: AccessToken) -> None:
    """Refuse a token whose user is disabled, whose generation was ended, or that was
    revoked: one statement, by primary keys."""
    _refuse_unless_in_force(
        repository.access_state(session, access.user_id, access.token_id), access
    )


async def check_access_now(reads: QuickReads, access: AccessToken) -> None:
    """`check_access` on the event loop, through the process's own connection."""
    _refuse_unless_in_force(
        await repository.access_state_now(reads, access.user_id, access.token_id), access
    )


def _refuse_unless_in_force(
    state: tuple[bool, int, str | None] | None, access: AccessToken
) -> None:
    if state is None:
        raise _session_ended()
    active, generation, revoked = state
    if not active or generation != access.generation or revoked is not None:
        raise _session_ended()


def signed_in_actor(session: Session, access: AccessToken) -> Actor:
    """The Actor of a verified token that is still in force."""
    check_access(session, access)
    return actor_for(session, user_id=access.user_id)


# ---------------------------------------------------------------- portal sessions
#
# A portal session is checked like an access token: its id (in the signed cookie) is the
# token's id, so signing out withdraws it in revoked_tokens and every page refuses it after.


def session_actor(
    session: Session, *, user_id: int, generation: int, session_id: str | None
) -> Actor:
    """The Actor of a portal session still in force (not signed out, user not disabled,
    sessions not ended)."""
    access = AccessToken(
        user_id=user_id, expires_at=0.0, token_id=session_id, generation=generation
    )
    return signed_in_actor(session, access)


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
