"""The administrator's use cases: users (create, edit, disable, enable, reset password)
and enterprises (create, edit). Whom a broker declares for is the enterprises' own say
(their delegations to the broker's firm, `delegations.py`): shown here, not set. Every
change is recorded by `record_admin_action`, the one place the administrator's actions are
written to the audit trail from.

Kept beside `service.py` (whose sign-in and token use cases it reuses) so each stays small.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from smartcustoms.audit import service as audit
from smartcustoms.errors import Conflict, FieldError, NotFound
from smartcustoms.identity import admin_repository, delegations, repository
from smartcustoms.identity import service as identity
from smartcustoms.identity.admin_messages import error, field_error
from smartcustoms.identity.admin_rules import (
    refuse,
    require_admin,
    role_of,
    text_problem,
    username_problem,
)
from smartcustoms.identity.models import Organisation, User
from smartcustoms.identity.passwords import check_new_password
from smartcustoms.identity.rules import CUSTOMS_ROLES, Actor, Role
from smartcustoms.identity.security import hash_password
from smartcustoms.kit.search import fold
from smartcustoms.outbox.service import emit

ADMIN_TOPIC = "admin.action"

# The account as the administrator's pages read it.
Account = User

FULL_NAME = ("Full name", "Họ và tên")
EMAIL = ("E-mail", "Thư điện tử")
ENTERPRISE_NAME = ("Enterprise name", "Tên doanh nghiệp")
ADDRESS = ("Address", "Địa chỉ")


def record_admin_action(
    session: Session,
    *,
    actor: Actor,
    action: str,
    subject_type: str,
    subject_id: str | int,
    details: Mapping[str, Any],
    at: datetime,
) -> None:
    """Record what an administrator did, in the change's own transaction: in the audit
    trail (action `admin.<action>`) and as an outbox event `admin.action` for whoever
    follows them; who, what, to which thing, with which values (never a password)."""
    audit.record(
        session,
        action=f"admin.{action}",
        object_type=subject_type,
        object_id=subject_id,
        at=at,
        actor_id=actor.user_id,
        details=details,
    )
    emit(
        session,
        topic=ADMIN_TOPIC,
        aggregate_type=subject_type,
        aggregate_id=subject_id,
        payload={
            "action": action,
            "actor_id": actor.user_id,
            "actor": actor.username,
            "details": dict(details),
        },
        at=at,
    )


# ---------------------------------------------------------------- reading


@dataclass(frozen=True)
class UserLine:
    user: User
    organisation: str | None
    enterprises: tuple[str, ...]  # those delegating to a broker's firm, by name


def find_users(
    session: Session,
    *,
    actor: Actor,
    q: str = "",
    role_names: Mapping[str, str] | None = None,
    office_names: Mapping[str, str] | None = None,
) -> list[UserLine]:
    """Users whose username, name, e-mail, role or office matches every word typed,
    case- and diacritic-insensitive ("nguyen" finds "Nguyễn"), roles and offices also by
    the names the page shows. Read whole: the accounts of one customs platform are a few
    thousand at most."""
    role_names = role_names or {}
    office_names = office_names or {}
    require_admin(actor)
    words = fold(q).split()
    users = admin_repository.all_users(session)
    names = identity.organisation_names(
        session, [u.organisation_id for u in users if u.organisation_id is not None]
    )
    firms = {u.organisation_id for u in users if u.role == Role.BROKER and u.organisation_id}
    delegating = {firm: delegated_to(session, firm) for firm in firms if firm is not None}
    mandated = identity.organisation_names(session, [e for ids in delegating.values() for e in ids])
    lines = []
    for user in users:
        # An officer's organisation is their office, named in its own column.
        in_office = user.role in CUSTOMS_ROLES
        organisation = names.get(user.organisation_id or 0) if not in_office else None
        text = fold(
            " ".join(
                (
                    user.username,
                    user.full_name,
                    user.email,
                    user.role,
                    role_names.get(user.role, ""),
                    user.office_code or "",
                    office_names.get(user.office_code or "", ""),
                    organisation or "",
                )
            )
        )
        if all(word in text for word in words):
            granted = delegating.get(user.organisation_id or 0, [])
            enterprises = tuple(sorted(mandated[e] for e in granted if e in mandated))
            lines.append(UserLine(user, organisation, enterprises))
    return lines


def get_user(session: Session, *, actor: Actor, user_id: int) -> User:
    require_admin(actor)
    user = repository.user_by_id(session, user_id)
    if user is None:
        raise error(NotFound, "user_not_found_admin")
    return user


def delegated_to(session: Session, firm_id: int) -> list[int]:
    """The enterprises whose delegations to this broker firm are not revoked."""
    return [eid for eid, _, _ in delegations.in_force_for(session, agent_id=firm_id, at=None)]


def delegating_enterprises(session: Session, *, actor: Actor, user: User) -> list[str]:
    """The enterprises a broker may declare for (their delegations to the broker's firm)."""
    require_admin(actor)
    if user.role != Role.BROKER or user.organisation_id is None:
        return []
    return sorted(
        identity.organisation_names(session, delegated_to(session, user.organisation_id)).values()
    )


def list_enterprises(session: Session, *, actor: Actor, q: str = "") -> list[Organisation]:
    require_admin(actor)
    words = fold(q).split()
    return [
        org
        for org in admin_repository.enterprises(session)
        if all(w in fold(f"{org.name} {org.tax_code or ''} {org.address}") for w in words)
    ]


def get_enterprise(session: Session, *, actor: Actor, enterprise_id: int) -> Organisation:
    require_admin(actor)
    org = repository.organisation_by_id(session, enterprise_id)
    if org is None or org.kind != "enterprise":
        raise error(NotFound, "enterprise_not_found")
    return org


# ---------------------------------------------------------------- users


@dataclass(frozen=True)
class UserFields:
    """What the administrator's user form sets (besides the username and password)."""

    full_name: str
    email: str
    role: str
    office_code: str | None
    organisation_id: int | None


def _check_user_fields(
    session: Session,
    fields: UserFields,
    known_offices: Iterable[str],
    problems: list[FieldError | None] | None = None,
) -> Role:
    """The role chosen, once every field is right; every problem refused at once."""
    role = role_of(fields.role)
    problems = [
        *(problems or []),
        text_problem("full_name", fields.full_name, FULL_NAME, max_length=200),
        text_problem("email", fields.email, EMAIL, max_length=200, required=False),
    ]
    if role is None:
        problems.append(field_error("role", "unknown_role"))
    if role in CUSTOMS_ROLES and not fields.office_code:
        problems.append(field_error("office_code", "officer_without_office"))
    if fields.office_code and fields.office_code not in set(known_offices):
        problems.append(
            field_error("office_code", "unknown_office", office_code=fields.office_code)
        )
    if role in (Role.TRADER, Role.BROKER) and fields.organisation_id is None:
        problems.append(field_error("organisation_id", "trader_without_enterprise"))
    wanted = {fields.organisation_id} if fields.organisation_id else set()
    known = {o.id for o in admin_repository.enterprises(session)}
    office_org = (
        identity.office_organisation(session, office_code=fields.office_code)
        if fields.office_code
        else None
    )
    if office_org is not None:
        known.add(office_org.id)
    if not wanted <= known:
        problems.append(field_error("organisation_id", "unknown_enterprise"))
    refuse(problems)
    assert role is not None  # refused above otherwise
    return role


def create_user(
    session: Session,
    *,
    actor: Actor,
    username: str,
    password: str,
    fields: UserFields,
    known_offices: Iterable[str],
    at: datetime,
) -> User:
    """A new account, with its role, office and enterprise."""
    require_admin(actor)
    username = username.strip()
    role = _check_user_fields(session, fields, known_offices, [username_problem(username)])
    user = identity.create_user(
        session,
        username=username,
        password=password,
        full_name=fields.full_name.strip(),
        role=role,
        organisation_id=_organisation_for(session, role, fields),
        office_code=fields.office_code if role in CUSTOMS_ROLES else None,
        at=at,
    )
    user.email = fields.email.strip()
    record_admin_action(
        session,
        actor=actor,
        action="user.create",
        subject_type="user",
        subject_id=user.id,
        details=_described(user, fields),
        at=at,
    )
    return user


def update_user(
    session: Session,
    *,
    actor: Actor,
    user_id: int,
    fields: UserFields,
    known_offices: Iterable[str],
    at: datetime,
) -> User:
    """Change an account's name, e-mail, role, office and enterprise; a change of
    role or office ends the user's sessions, so they sign in again with the new rights."""
    user = get_user(session, actor=actor, user_id=user_id)
    role = _check_user_fields(session, fields, known_offices)
    if user.id == actor.user_id and role != Role.ADMIN:
        raise error(Conflict, "not_on_yourself")
    office = fields.office_code if role in CUSTOMS_ROLES else None
    organisation_id = _organisation_for(session, role, fields)
    rights_changed = (
        role != user.role or office != user.office_code or organisation_id != user.organisation_id
    )
    user.full_name = fields.full_name.strip()
    user.email = fields.email.strip()
    user.role = role
    user.office_code = office
    user.organisation_id = organisation_id
    if rights_changed:
        user.token_generation += 1
    session.flush()
    record_admin_action(
        session,
        actor=actor,
        action="user.update",
        subject_type="user",
        subject_id=user.id,
        details=_described(user, fields),
        at=at,
    )
    return user


def _organisation_for(session: Session, role: Role, fields: UserFields) -> int | None:
    """A trader's or broker's enterprise as chosen; an officer's office's organisation."""
    if role in (Role.TRADER, Role.BROKER):
        return fields.organisation_id
    if role in CUSTOMS_ROLES and fields.office_code:
        office = identity.office_organisation(session, office_code=fields.office_code)
        return office.id if office is not None else None
    return None


def _described(user: User, fields: UserFields) -> dict[str, Any]:
    return {
        "username": user.username,
        "role": user.role,
        "office_code": user.office_code,
        "organisation_id": user.organisation_id,
    }


def disable_user(
    session: Session, *, actor: Actor, user_id: int, reason: str, at: datetime
) -> User:
    user = get_user(session, actor=actor, user_id=user_id)
    if user.id == actor.user_id:
        raise error(Conflict, "not_on_yourself")
    identity.disable_user(session, user_id=user.id, reason=reason, at=at)
    record_admin_action(
        session,
        actor=actor,
        action="user.disable",
        subject_type="user",
        subject_id=user.id,
        details={"username": user.username, "reason": reason.strip()},
        at=at,
    )
    return user


def enable_user(session: Session, *, actor: Actor, user_id: int, at: datetime) -> User:
    """Let a disabled account sign in again (its old tokens and sessions stay ended)."""
    user = get_user(session, actor=actor, user_id=user_id)
    if user.active:
        raise error(Conflict, "user_not_disabled", username=user.username)
    user.active = True
    user.disabled_at = None
    user.disabled_reason = None
    session.flush()
    record_admin_action(
        session,
        actor=actor,
        action="user.enable",
        subject_type="user",
        subject_id=user.id,
        details={"username": user.username},
        at=at,
    )
    return user


def reset_password(
    session: Session, *, actor: Actor, user_id: int, new_password: str, at: datetime
) -> User:
    """Set a new password (under the password policy) and end the user's sessions."""
    user = get_user(session, actor=actor, user_id=user_id)
    check_new_password(new_password, user_inputs=(user.username, user.full_name))
    user.password_hash = hash_password(new_password)
    user.token_generation += 1
    session.flush()
    record_admin_action(
        session,
        actor=actor,
        action="user.reset_password",
        subject_type="user",
        subject_id=user.id,
        details={"username": user.username},
        at=at,
    )
    return user


# ---------------------------------------------------------------- enterprises


def create_enterprise(
    session: Session, *, actor: Actor, name: str, tax_code: str, address: str, at: datetime
) -> Organisation:
    require_admin(actor)
    refuse(
        [
            text_problem("name", name, ENTERPRISE_NAME, max_length=300),
            text_problem("address", address, ADDRESS, max_length=500, required=False),
        ]
    )
    org = identity.create_enterprise(session, name=name.strip(), tax_code=tax_code, at=at)
    org.address = address.strip()
    session.flush()
    record_admin_action(
        session,
        actor=actor,
        action="enterprise.create",
        subject_type="organisation",
        subject_id=org.id,
        details={"name": org.name, "tax_code": org.tax_code},
        at=at,
    )
    return org


def update_enterprise(
    session: Session, *, actor: Actor, enterprise_id: int, name: str, address: str, at: datetime
) -> Organisation:
    """Rename an enterprise or change its address (its tax code identifies it: never changed)."""
    org = get_enterprise(session, actor=actor, enterprise_id=enterprise_id)
    refuse(
        [
            text_problem("name", name, ENTERPRISE_NAME, max_length=300),
            text_problem("address", address, ADDRESS, max_length=500, required=False),
        ]
    )
    org.name = name.strip()
    org.address = address.strip()
    session.flush()
    record_admin_action(
        session,
        actor=actor,
        action="enterprise.update",
        subject_type="organisation",
        subject_id=org.id,
        details={"name": org.name, "address": org.address},
        at=at,
    )
    return org
