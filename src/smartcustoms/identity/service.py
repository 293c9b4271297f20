"""Identity use cases: organisations, users, mandates, login and tokens."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from smartcustoms.errors import Conflict, NotAuthenticated, NotFound, ValidationFailed
from smartcustoms.identity import repository
from smartcustoms.identity.messages import error
from smartcustoms.identity.models import BrokerMandate, Organisation, User
from smartcustoms.identity.rules import Actor, OrganisationKind, Role, normalise_tax_code
from smartcustoms.identity.security import (
    AccessToken,
    hash_password,
    issue_token,
    read_token,
    verify_password,
)
from smartcustoms.kit.text import has_control_chars
from smartcustoms.outbox.service import emit

MIN_PASSWORD_LENGTH = 8


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
    if len(password) < MIN_PASSWORD_LENGTH:
        raise error(ValidationFailed, "password_too_short", minimum=MIN_PASSWORD_LENGTH)
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
    user = None if has_control_chars(username) else repository.user_by_username(session, username)
    if user is None or not user.active or not verify_password(user.password_hash, password):
        raise error(InvalidCredentials, InvalidCredentials.code)
    return user


def actor_for(session: Session, *, user_id: int) -> Actor:
    user = repository.standing_of(session, user_id)
    if user is None or not user.active:
        raise error(NotAuthenticated, "session_no_longer_valid")
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


def get_organisation(session: Session, organisation_id: int) -> Organisation:
    org = repository.organisation_by_id(session, organisation_id)
    if org is None:
        raise error(NotFound, "organisation_not_found")
    return org


def access_token(*, user: User, secret: str, at: datetime, ttl_minutes: int) -> str:
    return issue_token(user_id=user.id, secret=secret, at=at, ttl=timedelta(minutes=ttl_minutes))


def verify_access_token(token: str, *, secret: str, at: datetime) -> AccessToken:
    access = read_token(token, secret=secret, at=at)
    if access is None:
        raise error(NotAuthenticated, "invalid_access_token")
    return access
