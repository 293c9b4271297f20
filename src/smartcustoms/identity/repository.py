"""Identity queries."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Row, bindparam, delete, select
from sqlalchemy.orm import Session

from smartcustoms.db import QuickReads
from smartcustoms.identity.models import (
    BrokerMandate,
    LoginFailure,
    Organisation,
    RevokedToken,
    User,
)


def user_by_username(session: Session, username: str) -> User | None:
    return session.scalars(select(User).where(User.username == username)).first()


def user_by_id(session: Session, user_id: int) -> User | None:
    return session.get(User, user_id)


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
# the token's revocation found by its own primary key in the same statement.
_ACCESS = (
    select(User.active, User.token_generation, RevokedToken.token_id)
    .outerjoin(RevokedToken, RevokedToken.token_id == bindparam("token_id"))
    .where(User.id == bindparam("user_id"))
)

AccessState = Row[bool, int, str | None]


def access_state(session: Session, user_id: int, token_id: str | None) -> AccessState | None:
    """Whether the user is active, their token generation, and the token's revocation id."""
    return session.execute(_ACCESS, {"user_id": user_id, "token_id": token_id}).first()


async def access_state_now(
    reads: QuickReads, user_id: int, token_id: str | None
) -> tuple[bool, int, str | None] | None:
    """`access_state`, read on the event loop (PostgreSQL, an app's own engine)."""
    row = await reads.first_row(_ACCESS, {"user_id": user_id, "token_id": token_id})
    if row is None:
        return None
    active, generation, revoked = row  # in PostgreSQL's text form
    return active == "t", int(generation or 0), revoked


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


def mandated_enterprises(session: Session, user_id: int) -> list[tuple[int, str | None]]:
    """The enterprises a broker is mandated for: (id, tax code)."""
    query = (
        select(BrokerMandate.enterprise_id, Organisation.tax_code)
        .join(Organisation, Organisation.id == BrokerMandate.enterprise_id)
        .where(BrokerMandate.user_id == user_id)
    )
    return [(enterprise_id, tax_code) for enterprise_id, tax_code in session.execute(query)]


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
