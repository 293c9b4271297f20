"""A declaration's obligations as they stand, and settling them: the money operations every
way of paying shares (bank, cash, deferment, guarantee, a refund after an amendment).

Callers lock first (`dues(..., for_update=True)`), then settle; each settlement row is
written with the share it took, guarantee covers of what is now paid are given back, and
the risk domain's mirror of the declaration's debt is brought up to date.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlalchemy.orm import Session

from smartcustoms.audit import service as audit
from smartcustoms.kit.clock import customs_date
from smartcustoms.outbox.service import emit
from smartcustoms.payments import repository
from smartcustoms.payments.models import Obligation, Settlement
from smartcustoms.payments.repository import ObligationRow
from smartcustoms.payments.rules import (
    KIND_ORDER,
    DeadlineBasis,
    ObligationKind,
    ObligationState,
    PaymentSource,
    allocate,
    late_interest,
    taxes_met,
)
from smartcustoms.risk import service as risk

# Called in the payment's transaction when a declaration's taxes become paid or guaranteed:
# the clearance composition root re-evaluates the declaration there (declaration id, time).
TaxesMetHook = Callable[[Session, int, datetime], None]


@dataclass(frozen=True)
class Dues:
    """A declaration's obligations (by its first version), with what settled and covers them."""

    chain_id: int
    rows: list[ObligationRow]

    @property
    def declaration_id(self) -> int:
        """The version in force that states the amounts."""
        return self.rows[0].obligation.declaration_id

    @property
    def enterprise_id(self) -> int:
        return self.rows[0].obligation.enterprise_id

    def states(self) -> list[ObligationState]:
        return [state_of(row) for row in self.rows]

    @property
    def outstanding_vnd(self) -> int:
        return sum(s.outstanding_vnd for s in self.states())

    @property
    def taxes_outstanding_vnd(self) -> int:
        return sum(s.outstanding_vnd for s in self.states() if s.kind.is_tax)

    @property
    def uncovered_taxes_vnd(self) -> int:
        return sum(s.uncovered_vnd for s in self.states() if s.kind.is_tax)

    @property
    def taxes_met(self) -> bool:
        return taxes_met(self.states())

    def in_settlement_order(self) -> list[ObligationRow]:
        """Taxes before the fee, each kind in the catalogue's order, earliest deadline first."""
        return sorted(
            self.rows,
            key=lambda r: (
                KIND_ORDER.index(ObligationKind(r.obligation.kind)),
                r.obligation.due_on,
            ),
        )


def state_of(row: ObligationRow) -> ObligationState:
    o = row.obligation
    return ObligationState(
        ObligationKind(o.kind), o.amount_vnd, row.paid_vnd, row.covered_vnd, o.due_on
    )


def dues(
    session: Session,
    *,
    on: date,
    chain_id: int | None = None,
    declaration_id: int | None = None,
    for_update: bool = False,
) -> Dues | None:
    """A declaration's dues by its first version or by any version that states them."""
    if chain_id is None and declaration_id is not None:
        chain_id = repository.chain_of(session, declaration_id)
    if chain_id is None:
        return None
    rows = repository.obligation_rows(session, on=on, chain_ids=[chain_id], for_update=for_update)
    return Dues(chain_id, rows) if rows else None


def dues_by_chain(rows: Sequence[ObligationRow]) -> list[Dues]:
    """An enterprise's obligation rows grouped per declaration, in the order given."""
    grouped: dict[int, list[ObligationRow]] = {}
    for row in rows:
        grouped.setdefault(row.obligation.chain_id, []).append(row)
    return [Dues(chain, listed) for chain, listed in grouped.items()]


def interest_of(session: Session, due: Dues, *, on: date) -> int:
    """Late-payment interest a declaration's obligations have run up by `on` (all of it,
    the part a payment already fixed as an obligation included)."""
    rows = [r for r in due.rows if ObligationKind(r.obligation.kind).accrues_interest]
    ids = [row.obligation.id for row in rows]
    paid: dict[int, list[tuple[date, int]]] = {i: [] for i in ids}
    for settlement in repository.settlements_of(session, ids):
        if settlement.source != PaymentSource.REFUND:
            paid[settlement.obligation_id].append(
                (customs_date(settlement.at), settlement.amount_vnd)
            )
    return sum(
        late_interest(r.obligation.amount_vnd, r.obligation.due_on, paid[r.obligation.id], on=on)
        for r in rows
    )


def fixed_interest(due: Dues) -> int:
    """The interest a payment has fixed as an obligation already."""
    return sum(
        r.obligation.amount_vnd
        for r in due.rows
        if r.obligation.kind == ObligationKind.LATE_INTEREST.value
    )


def with_interest(session: Session, due: Dues, *, at: datetime) -> Dues:
    """Before money is taken for locked dues: the interest run up until today becomes an
    obligation (it is paid with them, after the taxes), so a payment of "everything
    outstanding" includes it. Interest grows while taxes stay unpaid; it never shrinks here."""
    on = customs_date(at)
    accrued = interest_of(session, due, on=on)
    if accrued <= fixed_interest(due):
        return due
    set_amounts(session, due, {ObligationKind.LATE_INTEREST: accrued}, at=at, due_on=on)
    fresh = dues(session, chain_id=due.chain_id, on=on)
    assert fresh is not None  # locked rows, and one more
    return fresh


def settle(
    session: Session,
    due: Dues,
    amount_vnd: int,
    *,
    source: PaymentSource,
    at: datetime,
    by_id: int | None,
    hooks: Sequence[TaxesMetHook] = (),
    booking_id: int | None = None,
    account_entry_id: int | None = None,
    taxes_only: bool = False,
) -> tuple[Dues, int]:
    """Settle up to `amount_vnd` of the locked dues; return them as they now stand and the
    excess (for the caller to keep as a credit, never to drop)."""
    order = [
        r
        for r in due.in_settlement_order()
        if not taxes_only or ObligationKind(r.obligation.kind).is_tax
    ]
    shares, excess = allocate(
        amount_vnd, [(r.obligation.id, state_of(r).outstanding_vnd) for r in order]
    )
    by_obligation = dict(shares)
    for obligation_id, share in shares:
        session.add(
            Settlement(
                obligation_id=obligation_id,
                amount_vnd=share,
                source=source.value,
                booking_id=booking_id,
                account_entry_id=account_entry_id,
                at=at,
                by_id=by_id,
            )
        )
    after = Dues(
        due.chain_id,
        [replace(r, paid_vnd=r.paid_vnd + by_obligation.get(r.obligation.id, 0)) for r in due.rows],
    )
    release_covers_of_paid(session, after, at=at)
    sync_risk_debt(session, after, at=at)
    session.flush()
    audit.record(
        session,
        action="payment.settled",
        object_type="declaration",
        object_id=due.declaration_id,
        at=at,
        actor_id=by_id,
        on_behalf_of=due.enterprise_id,
        details={
            "amount_vnd": str(amount_vnd),
            "source": source.value,
            "shares": [[obligation_id, str(share)] for obligation_id, share in shares],
            "excess_vnd": str(excess),
            "booking_id": booking_id,
            "account_entry_id": account_entry_id,
        },
    )
    after_change(session, due, after, at=at, hooks=hooks)
    return after, excess


def release_covers_of_paid(session: Session, due: Dues, *, at: datetime) -> Dues:
    """Guarantee covers of obligations now paid in full go back to their guarantees."""
    paid = [r.obligation.id for r in due.rows if state_of(r).outstanding_vnd == 0]
    covers = repository.open_covers(session, paid)
    if not covers:
        return due
    guarantees = {
        g.id: g
        for g in repository.guarantees_for_update(session, sorted({c.guarantee_id for c in covers}))
    }
    for cover in covers:
        cover.released_at = at
        guarantee = guarantees[cover.guarantee_id]
        guarantee.used_vnd = max(0, guarantee.used_vnd - cover.amount_vnd)
    released = {c.obligation_id for c in covers}
    return replace(
        due,
        rows=[replace(r, covered_vnd=0) if r.obligation.id in released else r for r in due.rows],
    )


def sync_risk_debt(session: Session, due: Dues, *, at: datetime) -> None:
    """The risk domain's mirror of this declaration's debt: what is still owed, by the
    earliest deadline among what is owed (its tax-debt rule reads it at registration)."""
    debt_id = due.rows[0].obligation.risk_debt_id
    if debt_id is None:
        return
    owing = [s for s in due.states() if s.outstanding_vnd > 0]
    due_date = min((s.due_on for s in owing), default=max(s.due_on for s in due.states()))
    risk.set_owed_tax(
        session,
        debt_id=debt_id,
        amount_vnd=sum(s.outstanding_vnd for s in owing),
        due_date=due_date,
        at=at,
    )


def after_change(
    session: Session, before: Dues, after: Dues, *, at: datetime, hooks: Sequence[TaxesMetHook]
) -> None:
    """When the taxes become paid or guaranteed: tell (outbox) and re-evaluate (hooks)."""
    if after.taxes_met and not before.taxes_met:
        emit(
            session,
            topic="payments.taxes_met",
            aggregate_type="declaration",
            aggregate_id=after.declaration_id,
            payload={"chain_id": after.chain_id, "enterprise_id": after.enterprise_id},
            at=at,
        )
        for hook in hooks:
            hook(session, after.declaration_id, at)


def set_amounts(
    session: Session,
    due: Dues,
    amounts: dict[ObligationKind, int],
    *,
    at: datetime,
    due_on: date | None = None,
) -> None:
    """Amend what is owed per kind (an amendment, a cancellation, interest fixed); kinds not
    yet owed are added due on `due_on`, else by the taxes' first deadline (extra tax keeps
    the original deadline)."""
    first = due.rows[0].obligation
    existing = {ObligationKind(r.obligation.kind): r.obligation for r in due.rows}
    for kind, amount in amounts.items():
        obligation = existing.get(kind)
        if obligation is not None:
            obligation.amount_vnd = amount
            obligation.updated_at = at
        elif amount > 0:
            tax_deadlines = [
                r.obligation.due_on for r in due.rows if ObligationKind(r.obligation.kind).is_tax
            ]
            session.add(
                Obligation(
                    enterprise_id=first.enterprise_id,
                    chain_id=first.chain_id,
                    declaration_id=first.declaration_id,
                    kind=kind.value,
                    amount_vnd=amount,
                    registered_on=first.registered_on,
                    due_on=due_on or min(tax_deadlines, default=first.registered_on),
                    basis=basis_of(kind),
                    risk_debt_id=first.risk_debt_id,
                    created_at=at,
                    updated_at=at,
                )
            )
    session.flush()


def basis_of(
    kind: ObligationKind, tax_basis: DeadlineBasis = DeadlineBasis.BEFORE_CLEARANCE
) -> str:
    """Why an obligation is due when it is, as its row says."""
    if kind is ObligationKind.CUSTOMS_FEE:
        return "fee"
    if kind is ObligationKind.LATE_INTEREST:
        return "interest"
    return tax_basis.value
