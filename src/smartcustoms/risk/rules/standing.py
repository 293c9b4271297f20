"""A trader's standing: tax debt that blocks, a new trader, priority (AEO) status, the
compliance record. Pure: no I/O."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from smartcustoms.risk.rules.policy import SelectivityPolicy

# VNACCS refuses new declarations of an enterprise whose tax debt is overdue beyond 90 days.
OVERDUE_BLOCK_DAYS = 90


@dataclass(frozen=True)
class TaxDebtFacts:
    amount_vnd: Decimal
    due_date: date
    settled: bool


def overdue_days(debt: TaxDebtFacts, today: date) -> int:
    return 0 if debt.settled else max(0, (today - debt.due_date).days)


def blocking_debts(debts: Iterable[TaxDebtFacts], today: date) -> list[TaxDebtFacts]:
    """Unsettled debts overdue beyond 90 days: they block new declarations."""
    return [d for d in debts if overdue_days(d, today) > OVERDUE_BLOCK_DAYS]


def is_new_trader(earlier_declarations: int, policy: SelectivityPolicy) -> bool:
    return earlier_declarations < policy.new_trader_history


def priority_in_force(priority: bool, valid_until: date | None, today: date) -> bool:
    return priority and (valid_until is None or today <= valid_until)


@dataclass(frozen=True)
class ComplianceRecord:
    """A trader's history as the officer reads it."""

    declarations: int
    yellow: int
    red: int
    inspections: int
    findings: int
    violations: int

    @property
    def finding_rate(self) -> float | None:
        return self.findings / self.inspections if self.inspections else None
