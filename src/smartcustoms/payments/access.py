"""Who may do what with an enterprise's money."""

from __future__ import annotations

from sqlalchemy.orm import Session

from smartcustoms.errors import NotFound, PermissionDenied
from smartcustoms.identity import policy
from smartcustoms.identity.policy import Reach
from smartcustoms.identity.rules import Actor, Role, require_payment_account
from smartcustoms.payments import repository
from smartcustoms.payments.rules import error


def is_customs(actor: Actor) -> bool:
    """Whoever sees every enterprise's money (the policy table's "payments.read": any)."""
    return policy.reach_of(actor.role, "payments.read") == Reach.ANY


def require_customs(actor: Actor) -> None:
    if not policy.allowed(actor, "payments.office").allowed:
        raise error(PermissionDenied, "customs_only")


def may_see_enterprise(actor: Actor, enterprise_id: int) -> bool:
    """Customs, the enterprise's own people, and brokers it gave a mandate."""
    return is_customs(actor) or enterprise_id in actor.enterprise_ids


def require_sees(actor: Actor, enterprise_id: int) -> None:
    # Another enterprise's money answers 404, as its declarations do: ids cannot be probed.
    if not may_see_enterprise(actor, enterprise_id):
        raise error(NotFound, "enterprise_not_found", enterprise_id=enterprise_id)


def is_own_trader(actor: Actor, enterprise_id: int) -> bool:
    return actor.role == Role.TRADER and actor.organisation_id == enterprise_id


def require_own_trader(actor: Actor, enterprise_id: int) -> None:
    """Granting authorities is the enterprise's own act, never its broker's."""
    require_sees(actor, enterprise_id)
    if not is_own_trader(actor, enterprise_id):
        raise error(PermissionDenied, "enterprise_trader_only")


def require_pays_for(actor: Actor, enterprise_id: int, source: str = "bank") -> None:
    """Paying by bank (or from `source`): the enterprise's trader, or a broker whose
    delegation lets it pay, from that account if the delegation names accounts."""
    require_sees(actor, enterprise_id)
    if not actor.may_pay_for(enterprise_id):
        raise error(PermissionDenied, "trade_only")
    require_payment_account(actor, enterprise_id, source)


def require_uses_accounts(
    session: Session, actor: Actor, enterprise_id: int, source: str = "cash"
) -> None:
    """The enterprise's accounts and guarantees: its own trader, or a broker whose company
    holds its standing authority (a mandate to declare is not leave to spend)."""
    require_pays_for(actor, enterprise_id, source)
    if is_own_trader(actor, enterprise_id):
        return
    agent = actor.organisation_id
    if agent is None or repository.authority(session, enterprise_id, agent) is None:
        raise error(PermissionDenied, "no_standing_authority")
