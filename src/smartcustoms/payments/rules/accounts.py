"""An enterprise's accounts with customs: cash (prepayment), deferment (a limit to use),
bank guarantees; what each has available and what a debit leaves. Pure: no I/O.

The service locks the account (or guarantee) row, asks these rules with the locked figures,
and writes what they return, so the balance is exact under concurrent declarations.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from smartcustoms.payments.messages import vnd
from smartcustoms.payments.rules.errors import (
    DefermentLimitExceeded,
    GuaranteeInsufficient,
    GuaranteeNotValid,
    GuaranteeOtherDeclaration,
    InsufficientBalance,
    error,
)
from smartcustoms.payments.rules.obligations import tenth_of_next_month


class AccountKind(StrEnum):
    CASH = "cash"  # money the enterprise paid in ahead; debited for its obligations
    DEFERMENT = "deferment"  # obligations settled now, paid later, up to a limit


class PaymentSource(StrEnum):
    """How an obligation was settled (or, for a guarantee, covered)."""

    BANK = "bank"
    CASH = "cash"
    DEFERMENT = "deferment"
    GUARANTEE = "guarantee"
    REFUND = "refund"  # negative: paid beyond what an amendment left owed
    OFFSET = "offset"  # what a refund freed, set against the declaration's other obligations


@dataclass(frozen=True)
class AccountFacts:
    kind: AccountKind
    balance_vnd: int  # cash: money held; deferment: amount deferred and not yet paid
    limit_vnd: int = 0  # deferment only

    @property
    def available_vnd(self) -> int:
        if self.kind is AccountKind.CASH:
            return self.balance_vnd
        return max(0, self.limit_vnd - self.balance_vnd)

    def debited(self, amount_vnd: int) -> AccountFacts:
        """The account after using `amount_vnd` of it; refused if that is more than it has."""
        if amount_vnd > self.available_vnd:
            key = (
                "insufficient_balance"
                if self.kind is AccountKind.CASH
                else ("deferment_limit_exceeded")
            )
            kind = InsufficientBalance if self.kind is AccountKind.CASH else DefermentLimitExceeded
            raise error(
                kind,
                key,
                details={"available_vnd": self.available_vnd, "amount_vnd": amount_vnd},
                available=vnd(self.available_vnd),
                amount=vnd(amount_vnd),
            )
        change = amount_vnd if self.kind is AccountKind.DEFERMENT else -amount_vnd
        return replace(self, balance_vnd=self.balance_vnd + change)

    def credited(self, amount_vnd: int) -> AccountFacts:
        """Money in: cash held grows; a deferment's use shrinks (never below zero: the excess
        of a settlement is the caller's to keep as cash)."""
        if self.kind is AccountKind.CASH:
            return replace(self, balance_vnd=self.balance_vnd + amount_vnd)
        return replace(self, balance_vnd=max(0, self.balance_vnd - amount_vnd))


def is_low(account: AccountFacts, threshold_vnd: int | None) -> bool:
    """Below the warning level the enterprise chose (none chosen: never low)."""
    return threshold_vnd is not None and account.available_vnd < threshold_vnd


def crossed_low(before: AccountFacts, after: AccountFacts, threshold_vnd: int | None) -> bool:
    """A debit that took the account below its warning level: tell the enterprise once."""
    return is_low(after, threshold_vnd) and not is_low(before, threshold_vnd)


def deferment_due_on(used_on: date) -> date:
    """SAMPLE: amounts deferred in a month are paid by the 10th of the next month (as the
    priority enterprise's monthly deadline, Law 107/2016 Art. 9.3; the UK's deferment
    account is debited on the 15th)."""
    return tenth_of_next_month(used_on)


# ---------------------------------------------------------------------------- guarantees


@dataclass(frozen=True)
class GuaranteeFacts:
    """A bank's guarantee of an enterprise's taxes: general, or for one declaration."""

    reference: str
    amount_vnd: int
    used_vnd: int
    valid_from: date
    valid_to: date
    declaration_id: int | None = None  # None: general, for any of the enterprise's

    @property
    def available_vnd(self) -> int:
        return max(0, self.amount_vnd - self.used_vnd)

    def valid_on(self, day: date) -> bool:
        return self.valid_from <= day <= self.valid_to

    def covering(self, amount_vnd: int, *, declaration_id: int, on: date) -> GuaranteeFacts:
        """The guarantee after covering `amount_vnd` of a declaration's taxes on `on`."""
        if not self.valid_on(on):
            raise error(
                GuaranteeNotValid,
                "guarantee_not_valid",
                guarantee=self.reference,
                valid_from=self.valid_from.isoformat(),
                valid_to=self.valid_to.isoformat(),
                on=on.isoformat(),
            )
        if self.declaration_id is not None and self.declaration_id != declaration_id:
            raise error(
                GuaranteeOtherDeclaration, "guarantee_other_declaration", guarantee=self.reference
            )
        if amount_vnd > self.available_vnd:
            raise error(
                GuaranteeInsufficient,
                "guarantee_insufficient",
                details={"available_vnd": self.available_vnd, "amount_vnd": amount_vnd},
                guarantee=self.reference,
                available=vnd(self.available_vnd),
                amount=vnd(amount_vnd),
            )
        return replace(self, used_vnd=self.used_vnd + amount_vnd)

    def released(self, amount_vnd: int) -> GuaranteeFacts:
        """What a paid obligation gives back to the guarantee."""
        return replace(self, used_vnd=max(0, self.used_vnd - amount_vnd))
