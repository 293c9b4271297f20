"""Who may do what in risk management."""

from __future__ import annotations

from smartcustoms.errors import PermissionDenied
from smartcustoms.identity.rules import Actor, Role
from smartcustoms.risk.messages import error


def require_customs(actor: Actor) -> None:
    """Refuse anyone but customs officers, supervisors and administrators."""
    if not (actor.is_customs or actor.role == Role.ADMIN):
        raise error(PermissionDenied, "customs_only")


def require_supervisor(actor: Actor) -> None:
    if actor.role not in (Role.SUPERVISOR, Role.ADMIN):
        raise error(PermissionDenied, "supervisor_only")


def may_see_enterprise(actor: Actor, enterprise_id: int) -> bool:
    return actor.is_customs or actor.role == Role.ADMIN or enterprise_id in actor.enterprise_ids
