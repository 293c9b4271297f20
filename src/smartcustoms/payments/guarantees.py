"""Bank guarantees: recorded by officers, set against a declaration's taxes so its goods may
be cleared before payment, given back when the taxes are paid."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy.orm import Session

from smartcustoms.audit import service as audit
from smartcustoms.errors import NotFound
from smartcustoms.identity import service as identity
from smartcustoms.identity.rules import Actor
from smartcustoms.kit.clock import customs_date
from smartcustoms.payments import ledger, repository
from smartcustoms.payments.access import (
    require_customs,
)
from smartcustoms.payments.accounts import guarantee_facts, locked_dues
from smartcustoms.payments.models import (
    Guarantee,
    GuaranteeCover,
)
from smartcustoms.payments.rules import (
    DeadlineBasis,
    NothingToPay,
    error,
    invalid,
    tax_due_on,
)

# ---------------------------------------------------------------------------- guarantees


def cover_with_guarantee(
    session: Session,
    *,
    actor: Actor,
    declaration_id: int,
    guarantee_id: int,
    at: datetime,
    hooks: Sequence[ledger.TaxesMetHook] = (),
) -> ledger.Dues:
    """Set a guarantee against a declaration's unpaid taxes: the goods may be cleared, and
    the taxes are due by the guarantee's end, at most 30 days after registration."""
    on = customs_date(at)
    due = locked_dues(session, actor, declaration_id, on, "guarantee")
    amount = due.uncovered_taxes_vnd
    if amount == 0:
        raise error(NothingToPay, "nothing_to_pay")
    guarantee = repository.guarantee(session, guarantee_id, for_update=True)
    if guarantee is None or guarantee.enterprise_id != due.enterprise_id:
        raise error(NotFound, "guarantee_not_found", guarantee_id=guarantee_id)
    # A guarantee for one declaration names its first version (record_guarantee).
    covered = guarantee_facts(guarantee).covering(amount, declaration_id=due.chain_id, on=on)
    guarantee.used_vnd = covered.used_vnd
    left = amount
    for row in due.in_settlement_order():
        state = ledger.state_of(row)
        share = min(left, state.uncovered_vnd) if state.kind.is_tax else 0
        if share <= 0:
            continue
        left -= share
        session.add(
            GuaranteeCover(
                guarantee_id=guarantee.id,
                obligation_id=row.obligation.id,
                amount_vnd=share,
                covered_at=at,
                by_id=actor.user_id,
            )
        )
        row.obligation.due_on = tax_due_on(
            row.obligation.registered_on,
            DeadlineBasis.GUARANTEED,
            guarantee_until=guarantee.valid_to,
        )
        row.obligation.basis = DeadlineBasis.GUARANTEED.value
        row.obligation.updated_at = at
    session.flush()
    after = ledger.dues(session, chain_id=due.chain_id, on=on)
    assert after is not None  # the rows are locked: they cannot have gone
    ledger.sync_risk_debt(session, after, at=at)
    ledger.after_change(session, due, after, at=at, hooks=hooks)
    return after


def record_guarantee(
    session: Session,
    *,
    actor: Actor,
    enterprise_id: int,
    issuer: str,
    reference: str,
    amount_vnd: int,
    valid_from: date,
    valid_to: date,
    declaration_id: int | None,
    at: datetime,
) -> Guarantee:
    """An officer records a bank's guarantee letter for an enterprise."""
    require_customs(actor)
    identity.get_organisation(session, enterprise_id)
    if amount_vnd <= 0:
        raise invalid("amount_vnd", "amount_not_positive")
    if valid_to < valid_from:
        raise invalid("valid_to", "guarantee_period_invalid")
    if declaration_id is not None:
        # Kept by the declaration's first version, which its amendments share.
        declaration_id = repository.chain_of(session, declaration_id) or declaration_id
    guarantee = Guarantee(
        enterprise_id=enterprise_id,
        issuer=issuer.strip(),
        reference=reference.strip(),
        amount_vnd=amount_vnd,
        used_vnd=0,
        valid_from=valid_from,
        valid_to=valid_to,
        declaration_id=declaration_id,
        recorded_by_id=actor.user_id,
        recorded_at=at,
    )
    session.add(guarantee)
    session.flush()
    audit.record(
        session,
        action="guarantee.recorded",
        object_type="guarantee",
        object_id=guarantee.id,
        at=at,
        actor_id=actor.user_id,
        on_behalf_of=enterprise_id,
        details={
            "issuer": guarantee.issuer,
            "reference": guarantee.reference,
            "amount_vnd": str(amount_vnd),
            "valid_from": valid_from.isoformat(),
            "valid_to": valid_to.isoformat(),
            "declaration_id": declaration_id,
        },
    )
    return guarantee
