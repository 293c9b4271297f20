"""Identity queries."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Row, bindparam, delete, select
from sqlalchemy.orm import Session

from smartcustoms.db import QuickReads
from smartcustoms.identity.models import (
    ApiKey,
    Delegation,
    LoginFailure,
    Organisation,
    RecoveryCode,
    RefreshToken,
    RevokedToken,
    TokenFamily,
    User,
)


def user_by_username(session: Session, username: str) -> User | None:
    return session.scalars(select(User).where(User.username == username)).first()


def user_by_id(session: Session, user_id: int) -> User | None:
    return session.get(User, user_id)


def user_by_national_id(session: Session, national_id: str) -> User | None:
    return session.scalars(select(User).where(User.national_id == national_id)).first()


# Built once: the signed-in user is read on every request, and only these columns are needed
# (with their organisation's tax code, in the same statement).
_STANDING = (
    select(
        User.id,
        User.username,
        User.role,
        User.organisation_id,
        User.office_code,
        User.active,
        User.token_generation,
        Organisation.tax_code,
    )
    .outerjoin(Organisation, Organisation.id == User.organisation_id)
    .where(User.id == bindparam("user_id"))
)


Standing = Row[int, str, str, int | None, str | None, bool, int, str | None]


def standing_of(session: Session, user_id: int) -> Standing | None:
    """The columns an Actor is made of, without loading the User object."""
    return session.execute(_STANDING, {"user_id": user_id}).first()


# Read on every API request (deps.get_api_actor), so built once: one row by primary key, with
# the token's revocation, its refresh family's and its API key's found by their own keys in the
# same statement.
_ACCESS = (
    select(
        User.active,
        User.token_generation,
        RevokedToken.token_id,
        TokenFamily.revoked_at,
        ApiKey.revoked_at,
    )
    .select_from(User)
    .outerjoin(RevokedToken, RevokedToken.token_id == bindparam("token_id"))
    .outerjoin(TokenFamily, TokenFamily.id == bindparam("family_id"))
    .outerjoin(ApiKey, ApiKey.key_id == bindparam("key_id"))
    .where(User.id == bindparam("user_id"))
)

AccessState = tuple[bool, int, bool]  # active, generation, withdrawn (token, family or key)


def _params(
    user_id: int, token_id: str | None, family_id: str | None, key_id: str | None
) -> dict[str, object]:
    return {"user_id": user_id, "token_id": token_id, "family_id": family_id, "key_id": key_id}


def access_state(
    session: Session,
    user_id: int,
    token_id: str | None,
    family_id: str | None = None,
    key_id: str | None = None,
) -> AccessState | None:
    """Whether the user is active, their token generation, and whether the token, its
    refresh family or its API key was withdrawn."""
    row = session.execute(_ACCESS, _params(user_id, token_id, family_id, key_id)).first()
    if row is None:
        return None
    active, generation, revoked, family_revoked, key_revoked = row
    withdrawn = revoked is not None or family_revoked is not None or key_revoked is not None
    return bool(active), int(generation), withdrawn


async def access_state_now(
    reads: QuickReads,
    user_id: int,
    token_id: str | None,
    family_id: str | None = None,
    key_id: str | None = None,
) -> AccessState | None:
    """`access_state`, read on the event loop (PostgreSQL, an app's own engine)."""
    row = await reads.first_row(_ACCESS, _params(user_id, token_id, family_id, key_id))
    if row is None:
        return None
    active, generation, revoked, family_revoked, key_revoked = row  # in PostgreSQL's text form
    withdrawn = revoked is not None or family_revoked is not None or key_revoked is not None
    return active == "t", int(generation or 0), withdrawn


def revoked_token(session: Session, token_id: str) -> RevokedToken | None:
    return session.get(RevokedToken, token_id)


def add_revoked_token(session: Session, revoked: RevokedToken) -> None:
    session.add(revoked)
    session.flush()


def organisation_by_id(session: Session, organisation_id: int) -> Organisation | None:
    return session.get(Organisation, organisation_id)


def organisation_by_tax_code(session: Session, tax_code: str) -> Organisation | None:
    query = select(Organisation).where(Organisation.tax_code == tax_code)
    return session.scalars(query).first()


def delegations_to(session: Session, agent_id: int) -> list[tuple[Delegation, str | None]]:
    """The delegations granted to a broker enterprise and not revoked, with the granting
    enterprise's tax code (whether each is in force at a moment is the rules' to say)."""
    query = (
        select(Delegation, Organisation.tax_code)
        .join(Organisation, Organisation.id == Delegation.enterprise_id)
        .where(Delegation.agent_id == agent_id, Delegation.revoked_at.is_(None))
        .order_by(Delegation.id)
    )
    return [(delegation, tax_code) for delegation, tax_code in session.execute(query)]


def delegations_of(session: Session, enterprise_id: int) -> list[Delegation]:
    """Every delegation an enterprise granted, newest first."""
    query = (
        select(Delegation)
        .where(Delegation.enterprise_id == enterprise_id)
        .order_by(Delegation.id.desc())
    )
    return list(session.scalars(query))


def delegation_by_id(session: Session, delegation_id: int) -> Delegation | None:
    return session.get(Delegation, delegation_id)


def add(session: Session, row: object) -> None:
    session.add(row)
    session.flush()


def organisations_by_ids(session: Session, ids: list[int]) -> list[Organisation]:
    if not ids:
        return []
    query = select(Organisation).where(Organisation.id.in_(ids)).order_by(Organisation.name)
    return list(session.scalars(query))


def user_names(session: Session, ids: list[int]) -> dict[int, str]:
    if not ids:
        return {}
    query = select(User.id, User.full_name).where(User.id.in_(ids))
    return {row.id: row.full_name for row in session.execute(query)}


def office_organisation(session: Session, office_code: str) -> Organisation | None:
    query = select(Organisation).where(
        Organisation.office_code == office_code, Organisation.kind == "customs_office"
    )
    return session.scalars(query).first()


def users_by_ids(session: Session, ids: list[int]) -> list[User]:
    if not ids:
        return []
    return list(session.scalars(select(User).where(User.id.in_(ids))))


# ---------------------------------------------------------------- failed sign-ins


def nth_latest_failure(
    session: Session,
    *,
    username: str | None = None,
    address: str | None = None,
    n: int,
    since: datetime,
) -> datetime | None:
    """The n-th latest failed sign-in after `since` of an account name or a client address
    (None: fewer than n); served by the (name or address, time) indexes."""
    column = LoginFailure.username if username is not None else LoginFailure.client_address
    value = username if username is not None else address
    query = (
        select(LoginFailure.failed_at)
        .where(column == value, LoginFailure.failed_at > since)
        .order_by(LoginFailure.failed_at.desc())
        .offset(n - 1)
        .limit(1)
    )
    return session.scalars(query).first()


def add_login_failure(session: Session, failure: LoginFailure) -> None:
    session.add(failure)
    session.flush()


def forget_old_login_failures(session: Session, *, before: datetime) -> None:
    """Drop the failures older than `before`: out of every window."""
    session.execute(delete(LoginFailure).where(LoginFailure.failed_at < before))


def clear_login_failures(session: Session, *, username: str) -> None:
    """Drop an account's failures (it just signed in)."""
    session.execute(delete(LoginFailure).where(LoginFailure.username == username))


# ---------------------------------------------------------------- second factor


def recovery_codes(session: Session, user_id: int) -> list[RecoveryCode]:
    query = select(RecoveryCode).where(RecoveryCode.user_id == user_id).order_by(RecoveryCode.id)
    return list(session.scalars(query))


def drop_recovery_codes(session: Session, user_id: int) -> None:
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user_id))


# ---------------------------------------------------------------- refresh tokens and API keys


def refresh_token(session: Session, token_hash: str) -> RefreshToken | None:
    return session.get(RefreshToken, token_hash, with_for_update=True)


def token_family(session: Session, family_id: str) -> TokenFamily | None:
    return session.get(TokenFamily, family_id, with_for_update=True)


def api_key(session: Session, key_id: str) -> ApiKey | None:
    return session.scalars(select(ApiKey).where(ApiKey.key_id == key_id)).first()


def api_keys_of(session: Session, organisation_id: int) -> list[ApiKey]:
    query = (
        select(ApiKey).where(ApiKey.organisation_id == organisation_id).order_by(ApiKey.id.desc())
    )
    return list(session.scalars(query))


# ---------------------------------------------------------------- audit (issue 15): who acted


def user_names_and_roles(session: Session, ids: list[int]) -> dict[int, tuple[str, str]]:
    if not ids:
        return {}
    query = select(User.id, User.full_name, User.role).where(User.id.in_(ids))
    return {row.id: (row.full_name, row.role) for row in session.execute(query)}
