"""Who may do what in risk management."""

from __future__ import annotations

from smartcustoms.errors import PermissionDenied
from smartcustoms.identity import policy
from smartcustoms.identity.policy import Reach
from smartcustoms.identity.rules import Actor
from smartcustoms.risk.messages import error


def require_customs(actor: Actor) -> None:
    """Refuse anyone the policy table does not let read risk rules (customs officers,
    supervisors and administrators)."""
    if not policy.allowed(actor, "risk.rules.read").allowed:
        raise error(PermissionDenied, "customs_only")


def require_supervisor(actor: Actor) -> None:
    """Refuse anyone the policy table does not let switch rules and change standing."""
    if not policy.allowed(actor, "risk.standing.change").allowed:
        raise error(PermissionDenied, "supervisor_only")


def may_see_enterprise(actor: Actor, enterprise_id: int) -> bool:
    any_enterprise = policy.reach_of(actor.role, "risk.traders.read") == Reach.ANY
    return any_enterprise or enterprise_id in actor.enterprise_ids
