"""The clearance condition the payments domain answers: are the declaration's taxes paid or
guaranteed? (`declarations.clearance` says what a condition is; `smartcustoms/clearance.py`
lists it.) The monthly customs fee and late-payment interest do not hold goods up."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from smartcustoms.declarations.clearance import ClearanceSubject
from smartcustoms.declarations.release_rules import ConditionKind, ConditionOutcome
from smartcustoms.kit.clock import customs_date
from smartcustoms.payments import ledger
from smartcustoms.payments.messages import texts
from smartcustoms.payments.step import TAXES_MET


def _outcome(met: bool, code: str, **params: object) -> ConditionOutcome:
    en, vi = texts(f"condition.{code}", **params)
    return ConditionOutcome(met, code, en, vi)


@dataclass(frozen=True)
class TaxesPaidOrGuaranteed:
    """Every tax paid, or covered by a guarantee valid on the day.

    At registration it reads the payments step's summary (no query): a declaration that owes
    no tax (most exports) is cleared as it registers if nothing else is awaited; one that owes
    tax waits for its payment, which re-evaluates clearance in its own transaction.
    """

    name: str = "taxes"
    kind: ConditionKind = ConditionKind.TAXES

    def __call__(
        self, session: Session, subject: ClearanceSubject, at: datetime
    ) -> ConditionOutcome:
        registering = (subject.registering or {}).get("payments")
        if registering is not None:
            met = bool(registering.get(TAXES_MET))
            owed = int(registering.get("owed_vnd", 0)) > 0
            return (
                _outcome(True, "taxes_paid" if owed else "no_taxes")
                if met
                else (_outcome(False, "taxes_unpaid"))
            )
        due = ledger.dues(session, declaration_id=subject.declaration_id, on=customs_date(at))
        if due is None:
            return _outcome(True, "no_taxes")  # registered before payments kept obligations
        if not due.taxes_met:
            return _outcome(False, "taxes_unpaid")
        if due.taxes_outstanding_vnd == 0:
            return _outcome(True, "taxes_paid")
        covered = [s for s in due.states() if s.kind.is_tax and s.outstanding_vnd]
        return _outcome(True, "taxes_guaranteed", due_on=min(s.due_on for s in covered).isoformat())
