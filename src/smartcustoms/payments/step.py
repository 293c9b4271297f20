"""The registration step that turns the tariff's assessed taxes into obligations, what an
amendment or a cancellation changes in them.

A new declaration reads nothing: its obligation rows and the risk domain's mirror of its
debt go into the registration's InsertBatch, the one statement that writes the
registration on PostgreSQL. Only an amendment reads (and locks) what its declaration owes
and has paid, to change the amounts and credit back what was paid beyond them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from smartcustoms.db.inserts import InsertBatch
from smartcustoms.declarations.pipeline import RegistrationContext, StepOutcome
from smartcustoms.kit.clock import customs_date
from smartcustoms.outbox.service import Event
from smartcustoms.payments import ledger, repository
from smartcustoms.payments.accounts import credit_cash
from smartcustoms.payments.models import Settlement
from smartcustoms.payments.rules import (
    SAMPLE_CUSTOMS_FEE_VND,
    DeadlineBasis,
    ObligationKind,
    PaymentSource,
    amendment_changes,
    met_after_amendment,
    obligations_for,
    refund_on_amendment,
)
from smartcustoms.risk import service as risk
from smartcustoms.tariff import service as tariff


@dataclass(frozen=True)
class ObligationStep:
    """Runs after the tariff's step: what the declaration owes, and by when."""

    fee_vnd: int = SAMPLE_CUSTOMS_FEE_VND
    name: str = "payments"

    def __call__(self, context: RegistrationContext) -> StepOutcome:
        taxes = tariff.assessed_taxes(context) or {}
        if context.supersedes_id is not None:
            on = customs_date(context.at)
            before = ledger.dues(
                context.session, declaration_id=context.supersedes_id, on=on, for_update=True
            )
            if before is not None:
                return self._amended(context, before, taxes)
        return self._new(context, taxes)

    def _new(self, context: RegistrationContext, taxes: dict[str, int]) -> StepOutcome:
        on = customs_date(context.at)
        # SAMPLE (Law 107/2016 Art. 9.3): a priority enterprise pays by the 10th of the next
        # month. Asked of the risk domain, which holds the standing (one indexed read).
        basis = (
            DeadlineBasis.PRIORITY
            if taxes
            and risk.priority_on(context.session, enterprise_id=context.enterprise_id, on=on)
            else DeadlineBasis.BEFORE_CLEARANCE
        )
        lines = obligations_for(taxes, registered_on=on, basis=basis, fee_vnd=self.fee_vnd)
        owed = sum(line.amount_vnd for line in lines)
        first_due = min(line.due_on for line in lines) if lines else on

        def record(batch: InsertBatch) -> tuple[Event, ...]:
            if not lines:
                return ()
            debt_id = risk.add_owed_tax(
                batch,
                enterprise_id=context.enterprise_id,
                amount_vnd=owed,
                due_date=first_due,
                reference=debt_reference(context.declaration_id),
                recorded_by_id=context.declarant_id,
                at=context.at,
            )
            repository.add_obligations(
                batch,
                [
                    {
                        "id": repository.new_obligation_id(batch),
                        "enterprise_id": context.enterprise_id,
                        "chain_id": context.declaration_id,
                        "declaration_id": context.declaration_id,
                        "kind": line.kind.value,
                        "amount_vnd": line.amount_vnd,
                        "registered_on": on,
                        "due_on": line.due_on,
                        "basis": ledger.basis_of(line.kind, basis),
                        "risk_debt_id": debt_id,
                        "created_at": context.at,
                        "updated_at": context.at,
                    }
                    for line in lines
                ],
            )
            return ()

        taxes_owed = sum(line.amount_vnd for line in lines if line.kind.is_tax)
        summary = {
            "owed_vnd": owed,
            "due_on": first_due.isoformat(),
            # What clearance asks at registration, answered without a query.
            TAXES_MET: taxes_owed == 0,
        }
        return StepOutcome(self.name, summary, record=record)

    def _amended(
        self, context: RegistrationContext, before: ledger.Dues, taxes: dict[str, int]
    ) -> StepOutcome:
        amounts = {ObligationKind(r.obligation.kind): r.obligation.amount_vnd for r in before.rows}
        changes = amendment_changes(amounts, taxes)
        owed_after = sum(amounts.values()) + sum(c.delta_vnd for c in changes)

        def record(_batch: InsertBatch) -> tuple[Event, ...]:
            session = context.session
            for row in before.rows:
                row.obligation.declaration_id = context.declaration_id
                row.obligation.updated_at = context.at
            ledger.set_amounts(
                session, before, {c.kind: c.after_vnd for c in changes}, at=context.at
            )
            _credit_back_overpaid(session, before.chain_id, at=context.at, by_id=None)
            return ()

        met = met_after_amendment(before.states(), {c.kind: c.after_vnd for c in changes})
        summary = {
            "owed_vnd": owed_after,
            TAXES_MET: met,
            "changes": [
                {"kind": c.kind.value, "before_vnd": c.before_vnd, "after_vnd": c.after_vnd}
                for c in changes
            ],
        }
        return StepOutcome(self.name, summary, record=record)


# The summary's entry that says whether the declaration's taxes are paid or guaranteed once
# this registration is written (a new declaration: only if it owes no tax).
TAXES_MET = "taxes_met"


def debt_reference(chain_id: int) -> str:
    """How the risk domain's officers see the debt's origin (the number is not taken yet)."""
    return f"payments: declaration #{chain_id}"


def _credit_back_overpaid(
    session: Session, chain_id: int, *, at: datetime, by_id: int | None
) -> None:
    """What was paid beyond an obligation's new amount is taken off it (a negative
    settlement), set against the declaration's other obligations still owed, and the rest
    credited to the cash account: counted once, either settling something or held
    (overpaid tax is offset against tax owed first: Law 38/2019, Art. 60)."""
    on = customs_date(at)
    due = ledger.dues(session, chain_id=chain_id, on=on)
    if due is None:
        return
    freed = 0
    for row in due.rows:
        refund = refund_on_amendment(
            paid_vnd=row.paid_vnd, amount_after_vnd=row.obligation.amount_vnd
        )
        if refund:
            freed += refund
            session.add(
                Settlement(
                    obligation_id=row.obligation.id,
                    amount_vnd=-refund,
                    source=PaymentSource.REFUND.value,
                    at=at,
                    by_id=by_id,
                )
            )
    session.flush()
    after = ledger.dues(session, chain_id=chain_id, on=on)
    if after is None:
        return
    if freed:
        after, left = ledger.settle(
            session, after, freed, source=PaymentSource.OFFSET, at=at, by_id=by_id
        )
        if left:
            credit_cash(
                session,
                enterprise_id=due.enterprise_id,
                amount_vnd=left,
                reason="refund",
                at=at,
                by_id=by_id,
                declaration_id=due.declaration_id,
            )
    ledger.release_covers_of_paid(session, after, at=at)
    ledger.sync_risk_debt(session, after, at=at)


def cancel_obligations(session: Session, declaration_id: int, at: datetime) -> None:
    """A cancelled declaration owes nothing: every amount goes to zero and what was paid is
    credited to the cash account (SAMPLE: the fee is not kept either)."""
    due = ledger.dues(session, declaration_id=declaration_id, on=customs_date(at), for_update=True)
    if due is None:
        return
    ledger.set_amounts(
        session, due, {ObligationKind(r.obligation.kind): 0 for r in due.rows}, at=at
    )
    _credit_back_overpaid(session, due.chain_id, at=at, by_id=None)
