"""Identity use cases: organisations, users, sign-in and tokens. The face of the domain:
it re-exports the use cases of access (who is signed in, revocation), federation (single
sign-on), second_factor (TOTP), refresh (rotating refresh tokens), delegations and
api_keys."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from smartcustoms.audit import service as audit
from smartcustoms.errors import Conflict, NotAuthenticated, NotFound, ValidationFailed
from smartcustoms.identity import repository, throttle
from smartcustoms.identity.access import (
    MAX_REASON_LENGTH,
    actor_for,
    check_access,
    check_access_now,
    disable_user,
    end_session,
    revoke_token,
    revoke_tokens,
    session_actor,
    signed_in_actor,
)
from smartcustoms.identity.api_keys import (
    ApiKeyView,
    authenticate_api_key,
    create_api_key,
    key_id_of,
    list_api_keys,
    revoke_api_key,
    rotate_api_key,
    rotate_api_key_as_operator,
)
from smartcustoms.identity.delegations import (
    DelegationView,
    Mandate,
    grant_delegation,
    list_delegations,
)
from smartcustoms.identity.delegations import grant as grant_own_delegation
from smartcustoms.identity.delegations import revoke as revoke_delegation
from smartcustoms.identity.federation import (
    SingleSignOnRefused,
    finish_single_sign_on,
    link_national_id,
    mask_national_id,
    provider_config,
    start_single_sign_on,
)
from smartcustoms.identity.messages import error
from smartcustoms.identity.models import Organisation, User
from smartcustoms.identity.passwords import check_new_password
from smartcustoms.identity.refresh import revoke_family, rotate, start_family
from smartcustoms.identity.rules import (
    CUSTOMS_ROLES,
    Actor,
    OrganisationKind,
    Role,
    SignInLimits,
    normalise_tax_code,
)
from smartcustoms.identity.second_factor import (
    SECOND_FACTOR_ROLES,
    SecondFactorEnrolmentRequired,
    SecondFactorRequired,
    SecondFactorWrong,
    confirm_enrolment,
    current_code,
    enrol_with_secret,
    must_enrol,
    recovery_codes_left,
    refuse_unless_enrolled,
    start_enrolment,
)
from smartcustoms.identity.second_factor import awaiting as awaiting_second_factor
from smartcustoms.identity.second_factor import is_on as second_factor_on
from smartcustoms.identity.second_factor import reset as reset_second_factor
from smartcustoms.identity.second_factor import step as second_factor_step
from smartcustoms.identity.second_factor import verify as verify_second_factor
from smartcustoms.identity.security import (
    AccessToken,
    hash_password,
    issue_token,
    read_token,
    verify_password,
)
from smartcustoms.kit.text import has_control_chars
from smartcustoms.outbox.service import emit

__all__ = [
    "MAX_REASON_LENGTH",
    "SECOND_FACTOR_ROLES",
    "ApiKeyView",
    "DelegationView",
    "Mandate",
    "SecondFactorEnrolmentRequired",
    "SecondFactorRequired",
    "SecondFactorWrong",
    "SingleSignOnRefused",
    "actor_for",
    "authenticate_api_key",
    "awaiting_second_factor",
    "check_access",
    "check_access_now",
    "confirm_enrolment",
    "create_api_key",
    "current_code",
    "disable_user",
    "end_session",
    "enrol_with_secret",
    "finish_single_sign_on",
    "grant_delegation",
    "grant_own_delegation",
    "key_id_of",
    "link_national_id",
    "list_api_keys",
    "list_delegations",
    "must_enrol",
    "provider_config",
    "recovery_codes_left",
    "refuse_unless_enrolled",
    "reset_second_factor",
    "revoke_api_key",
    "revoke_delegation",
    "revoke_family",
    "revoke_token",
    "revoke_tokens",
    "rotate",
    "rotate_api_key",
    "rotate_api_key_as_operator",
    "second_factor_on",
    "second_factor_step",
    "session_actor",
    "signed_in_actor",
    "start_enrolment",
    "start_family",
    "start_single_sign_on",
    "verify_second_factor",
]


class InvalidCredentials(NotAuthenticated):
    code = "invalid_credentials"


@dataclass(frozen=True)
class AccountView:
    """One's own account as its page shows it."""

    masked_national_id: str | None
    second_factor_on: bool
    second_factor_since: datetime | None
    recovery_codes_left: int
    may_enrol: bool
    manages_enterprise: bool


def account_of(session: Session, *, user_id: int) -> AccountView:
    user = repository.user_by_id(session, user_id)
    if user is None:
        raise error(NotAuthenticated, "session_no_longer_valid")
    return AccountView(
        masked_national_id=mask_national_id(user.national_id) if user.national_id else None,
        second_factor_on=second_factor_on(user),
        second_factor_since=user.totp_enabled_at,
        recovery_codes_left=recovery_codes_left(session, user_id=user.id),
        may_enrol=user.role in SECOND_FACTOR_ROLES,
        manages_enterprise=user.role == Role.TRADER and user.organisation_id is not None,
    )


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
    audit.record(
        session,
        action="user.created",
        object_type="user",
        object_id=user.id,
        at=at,
        details={"username": username, "role": str(role)},
    )
    emit(
        session,
        topic="user.created",
        aggregate_type="user",
        aggregate_id=user.id,
        payload={"username": username, "role": role},
        at=at,
    )
    return user


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
        _audit_sign_in(session, None, username, client_address, at)
        raise
    repository.clear_login_failures(session, username=username)
    _audit_sign_in(session, user.id, username, client_address, at)
    return user


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


def access_token(
    *,
    user: User,
    secret: str,
    at: datetime,
    ttl_minutes: int,
    family_id: str | None = None,
    key_id: str | None = None,
) -> str:
    return issue_token(
        user_id=user.id,
        secret=secret,
        at=at,
        ttl=timedelta(minutes=ttl_minutes),
        generation=user.token_generation,
        family_id=family_id,
        key_id=key_id,
    )


def verify_access_token(token: str, *, secret: str, at: datetime) -> AccessToken:
    access = read_token(token, secret=secret, at=at)
    if access is None:
        raise error(NotAuthenticated, "invalid_access_token")
    return access


# ---------------------------------------------------------------- audit (issue 15): who acted


def people(session: Session, ids: Iterable[int]) -> dict[int, tuple[str, str]]:
    """Full name and role of each of these users, by id (ids not found are left out): the
    declaration's history says who made each step."""
    return repository.user_names_and_roles(session, sorted(set(ids)))


# ---------------------------------------------------------------- audit (issue 15): sign-ins


def _audit_sign_in(
    session: Session, user_id: int | None, username: str, client_address: str, at: datetime
) -> None:
    """A sign-in, accepted (the user) or refused (no user: the name tried), in the chain."""
    audit.record(
        session,
        action="user.signed_in" if user_id is not None else "user.sign_in_refused",
        object_type="user",
        # The name tried is anything a client sent: kept to the record's 80 characters.
        object_id=user_id if user_id is not None else username[:80],
        at=at,
        actor_id=user_id,
        details={"client_address": client_address},
    )
