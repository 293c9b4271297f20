"""Who may read, acknowledge and route an enterprise's notifications."""

from __future__ import annotations

from smartcustoms.errors import NotFound, PermissionDenied
from smartcustoms.identity import policy
from smartcustoms.identity.rules import Actor, Role
from smartcustoms.notifications.messages import error

# Who replays undelivered notifications: the policy table's (identity/policy.py).
OPERATORS = policy.roles_for("notifications.operate")


def is_operator(actor: Actor) -> bool:
    return actor.role in OPERATORS


def require_operator(actor: Actor) -> None:
    if not is_operator(actor):
        raise error(PermissionDenied, "operators_only")


def require_reads(actor: Actor, enterprise_id: int) -> None:
    """The enterprise's traders and its brokers; operators. Others: 404, ids are not probed."""
    if not (is_operator(actor) or actor.may_declare_for(enterprise_id)):
        raise error(NotFound, "enterprise_not_found", enterprise_id=enterprise_id)


def require_own_trader(actor: Actor, enterprise_id: int) -> None:
    require_reads(actor, enterprise_id)
    if not (actor.role == Role.TRADER and actor.organisation_id == enterprise_id):
        raise error(PermissionDenied, "own_trader_only")
