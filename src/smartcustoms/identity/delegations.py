"""Delegations (standing authorities, ủy quyền): an enterprise lets a broker enterprise act
for it, with scopes (declare, pay, view) and a validity, and can revoke it. A broker's
people act for an enterprise only under a delegation in force (service.actor_for)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from smartcustoms.audit import service as audit
from smartcustoms.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from smartcustoms.identity import repository
from smartcustoms.identity.messages import error
from smartcustoms.identity.models import Delegation
from smartcustoms.identity.rules import (
    Actor,
    DelegationTerms,
    OrganisationKind,
    Role,
    Scope,
    delegation_problem,
    format_codes,
    format_scopes,
    in_force,
    narrowing_problem,
    parse_codes,
    parse_scopes,
)
from smartcustoms.outbox.service import emit


def terms_of(delegation: Delegation) -> DelegationTerms:
    return DelegationTerms(
        scopes=parse_scopes(delegation.scopes),
        valid_from=delegation.valid_from,
        valid_until=delegation.valid_until,
        revoked_at=delegation.revoked_at,
    )


@dataclass(frozen=True)
class Mandate:
    """What a broker enterprise may do for one enterprise, from the delegations in force:
    their scopes added up, and the procedures (with declare) and payment accounts (with pay)
    they cover (None: all; one delegation that is not narrowed covers all)."""

    enterprise_id: int
    tax_code: str | None
    scopes: frozenset[Scope]
    procedures: frozenset[str] | None
    accounts: frozenset[str] | None


def _widen(before: frozenset[str] | None, codes: frozenset[str]) -> frozenset[str] | None:
    return None if before is None or not codes else before | codes


def mandates_for(session: Session, *, agent_id: int, at: datetime | None) -> list[Mandate]:
    """The mandates of a broker enterprise, from its delegations in force at `at` (None:
    every one not revoked), by enterprise."""
    found: dict[int, Mandate] = {}
    for delegation, tax_code in repository.delegations_to(session, agent_id):
        terms = terms_of(delegation)
        if at is not None and not in_force(terms, at):
            continue
        eid = delegation.enterprise_id
        before = found.get(eid, Mandate(eid, tax_code, frozenset(), frozenset(), frozenset()))
        procedures, accounts = before.procedures, before.accounts
        if Scope.DECLARE in terms.scopes:
            procedures = _widen(procedures, parse_codes(delegation.procedures))
        if Scope.PAY in terms.scopes:
            accounts = _widen(accounts, parse_codes(delegation.accounts))
        found[eid] = Mandate(eid, tax_code, before.scopes | terms.scopes, procedures, accounts)
    return [found[eid] for eid in sorted(found)]


def in_force_for(
    session: Session, *, agent_id: int, at: datetime | None
) -> list[tuple[int, str | None, frozenset[Scope]]]:
    """(enterprise, its tax code, scopes) of each enterprise whose delegations to this
    broker enterprise are in force at `at` (None: every one not revoked); the scopes of
    several delegations from one enterprise add up."""
    return [
        (m.enterprise_id, m.tax_code, m.scopes)
        for m in mandates_for(session, agent_id=agent_id, at=at)
    ]


def require_enterprise_admin(actor: Actor) -> int:
    """The enterprise whose delegations and keys this actor manages: a trader's own."""
    if actor.role != Role.TRADER or actor.organisation_id is None or actor.api_key_id:
        raise error(PermissionDenied, "enterprise_admin_only")
    return actor.organisation_id


@dataclass(frozen=True)
class DelegationView:
    """A delegation as its pages and API show it."""

    id: int
    enterprise_id: int
    agent_id: int
    agent_name: str
    agent_tax_code: str | None
    scopes: tuple[Scope, ...]
    procedures: tuple[str, ...]  # empty: all
    accounts: tuple[str, ...]  # empty: all
    valid_from: datetime
    valid_until: datetime | None
    granted_at: datetime
    revoked_at: datetime | None
    in_force: bool


def _view(session: Session, delegation: Delegation, at: datetime) -> DelegationView:
    agent = repository.organisation_by_id(session, delegation.agent_id)
    terms = terms_of(delegation)
    return DelegationView(
        id=delegation.id,
        enterprise_id=delegation.enterprise_id,
        agent_id=delegation.agent_id,
        agent_name=agent.name if agent is not None else "",
        agent_tax_code=agent.tax_code if agent is not None else None,
        scopes=tuple(sorted(terms.scopes)),
        procedures=tuple(sorted(parse_codes(delegation.procedures))),
        accounts=tuple(sorted(parse_codes(delegation.accounts))),
        valid_from=delegation.valid_from,
        valid_until=delegation.valid_until,
        granted_at=delegation.granted_at,
        revoked_at=delegation.revoked_at,
        in_force=in_force(terms, at),
    )


def grant_delegation(
    session: Session,
    *,
    enterprise_id: int,
    agent_tax_code: str,
    scopes: frozenset[Scope],
    valid_from: datetime,
    valid_until: datetime | None,
    granted_by: int | None,
    at: datetime,
    procedures: frozenset[str] = frozenset(),
    accounts: frozenset[str] = frozenset(),
) -> Delegation:
    """Delegate to the broker enterprise registered under `agent_tax_code`, narrowed to
    `procedures` (declaration type codes) and payment `accounts` (empty: all)."""
    procedures = frozenset(p.strip().upper() for p in procedures if p.strip())
    accounts = frozenset(a.strip().lower() for a in accounts if a.strip())
    problem = delegation_problem(scopes, valid_from, valid_until) or narrowing_problem(
        procedures, accounts
    )
    if problem is not None:
        raise error(ValidationFailed, problem)
    agent = repository.organisation_by_tax_code(session, agent_tax_code)
    if agent is None or agent.kind != OrganisationKind.ENTERPRISE:
        raise error(NotFound, "delegation_agent_unknown", tax_code=agent_tax_code)
    if agent.id == enterprise_id:
        raise error(ValidationFailed, "delegation_to_self")
    delegation = Delegation(
        enterprise_id=enterprise_id,
        agent_id=agent.id,
        scopes=format_scopes(parse_scopes(format_scopes(scopes))),
        procedures=format_codes(procedures),
        accounts=format_codes(accounts),
        valid_from=valid_from,
        valid_until=valid_until,
        granted_by=granted_by,
        granted_at=at,
    )
    repository.add(session, delegation)
    what = {
        "agent_id": agent.id,
        "scopes": delegation.scopes,
        "procedures": delegation.procedures,
        "accounts": delegation.accounts,
    }
    audit.record(
        session,
        action="delegation.granted",
        object_type="delegation",
        object_id=delegation.id,
        at=at,
        actor_id=granted_by,
        on_behalf_of=enterprise_id,
        details={
            **what,
            "valid_from": valid_from.isoformat(),
            "valid_until": valid_until.isoformat() if valid_until else None,
        },
    )
    emit(
        session,
        topic="identity.delegation_granted",
        aggregate_type="organisation",
        aggregate_id=enterprise_id,
        payload={"delegation_id": delegation.id, **what},
        at=at,
    )
    return delegation


def grant(
    session: Session,
    *,
    actor: Actor,
    agent_tax_code: str,
    scopes: frozenset[Scope],
    valid_from: datetime,
    valid_until: datetime | None,
    at: datetime,
    procedures: frozenset[str] = frozenset(),
    accounts: frozenset[str] = frozenset(),
) -> DelegationView:
    """A trader delegates for their own enterprise."""
    enterprise_id = require_enterprise_admin(actor)
    delegation = grant_delegation(
        session,
        enterprise_id=enterprise_id,
        agent_tax_code=agent_tax_code,
        scopes=scopes,
        valid_from=valid_from,
        valid_until=valid_until,
        granted_by=actor.user_id,
        at=at,
        procedures=procedures,
        accounts=accounts,
    )
    return _view(session, delegation, at)


def list_delegations(session: Session, *, actor: Actor, at: datetime) -> list[DelegationView]:
    enterprise_id = require_enterprise_admin(actor)
    return [_view(session, d, at) for d in repository.delegations_of(session, enterprise_id)]


def revoke(session: Session, *, actor: Actor, delegation_id: int, at: datetime) -> DelegationView:
    """Withdraw a delegation of the trader's own enterprise: the broker's people lose it
    from their next page (and API call, within the signed-in users' cache time)."""
    enterprise_id = require_enterprise_admin(actor)
    delegation = repository.delegation_by_id(session, delegation_id)
    # Another enterprise's delegation is reported as missing, so ids cannot be probed.
    if delegation is None or delegation.enterprise_id != enterprise_id:
        raise error(NotFound, "delegation_not_found")
    if delegation.revoked_at is not None:
        raise error(Conflict, "delegation_already_revoked")
    delegation.revoked_at = at
    delegation.revoked_by = actor.user_id
    session.flush()
    audit.record(
        session,
        action="delegation.revoked",
        object_type="delegation",
        object_id=delegation.id,
        at=at,
        actor_id=actor.user_id,
        on_behalf_of=enterprise_id,
        details={"agent_id": delegation.agent_id},
    )
    emit(
        session,
        topic="identity.delegation_revoked",
        aggregate_type="organisation",
        aggregate_id=enterprise_id,
        payload={"delegation_id": delegation.id, "agent_id": delegation.agent_id},
        at=at,
    )
    return _view(session, delegation, at)
