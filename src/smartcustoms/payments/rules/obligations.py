"""What a registered declaration owes: its taxes by kind plus the customs fee, when each is
due, late-payment interest, and what an amendment changes. Pure: no I/O.

SAMPLE RULES, NOT OFFICIAL LAW. The figures and deadlines below follow the texts named beside
them as we read them, simplified for the platform's demonstration; a customs authority sets
its own in configuration before relying on them (docs/payments.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from smartcustoms.kit.money import round_vnd


class ObligationKind(StrEnum):
    """A tax of the tariff's assessment (same codes as its lines), the late-payment interest
    run up on them (once a payment fixes it), or the customs fee."""

    IMPORT = "import"
    EXPORT = "export"
    EXCISE = "excise"
    ENVIRONMENT = "environment"
    VAT = "vat"
    LATE_INTEREST = "late_interest"
    CUSTOMS_FEE = "customs_fee"

    @property
    def is_tax(self) -> bool:
        return self not in (ObligationKind.LATE_INTEREST, ObligationKind.CUSTOMS_FEE)

    @property
    def accrues_interest(self) -> bool:
        """Interest runs on taxes and the fee, never on interest itself."""
        return self is not ObligationKind.LATE_INTEREST


# The order a payment settles a declaration's obligations in, and the order they are shown:
# duties, then the taxes collected at import, then interest, then the fee (Law 38/2019,
# Art. 57: tax owed before late-payment interest).
KIND_ORDER = tuple(ObligationKind)

# SAMPLE: lệ phí hải quan of 20,000 VND per declaration (Circular 14/2021/TT-BTC, Art. 4 and
# its fee schedule, as we read it); exemptions (goods in transit, gifts …) are not modelled.
SAMPLE_CUSTOMS_FEE_VND = 20_000

# SAMPLE: with a bank guarantee the taxes are due by the end of the guarantee's period, at
# most 30 days after registration (Law 107/2016/QH13 on export and import duties, Art. 9.2).
GUARANTEE_GRACE_DAYS = 30

# Law 38/2019/QH14 on tax administration, Art. 59.2.a: late-payment interest is 0.03 % of the
# late amount a day.
LATE_INTEREST_PER_DAY = Decimal("0.0003")


class DeadlineBasis(StrEnum):
    """Why a tax obligation is due when it is (SAMPLE reading of Law 107/2016, Art. 9)."""

    BEFORE_CLEARANCE = "before_clearance"  # 9.1: paid before clearance or release
    GUARANTEED = "guaranteed"  # 9.2: within the guarantee's period, at most 30 days
    PRIORITY = "priority"  # 9.3: priority enterprise: by the 10th of the next month


def tenth_of_next_month(day: date) -> date:
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return date(year, month, 10)


def tax_due_on(
    registered_on: date,
    basis: DeadlineBasis = DeadlineBasis.BEFORE_CLEARANCE,
    *,
    guarantee_until: date | None = None,
) -> date:
    """The day a declaration's taxes must be paid by (SAMPLE, see DeadlineBasis)."""
    if basis is DeadlineBasis.GUARANTEED:
        if guarantee_until is None:
            raise ValueError("a guaranteed deadline needs the guarantee's last day")
        latest = registered_on + timedelta(days=GUARANTEE_GRACE_DAYS)
        return max(registered_on, min(guarantee_until, latest))
    if basis is DeadlineBasis.PRIORITY:
        return tenth_of_next_month(registered_on)
    return registered_on


def fee_due_on(registered_on: date) -> date:
    """SAMPLE: the fee may be paid monthly, by the 10th of the next month (Circular 14/2021)."""
    return tenth_of_next_month(registered_on)


@dataclass(frozen=True)
class ObligationLine:
    kind: ObligationKind
    amount_vnd: int
    due_on: date


def obligations_for(
    taxes_vnd: Mapping[str, int],
    *,
    registered_on: date,
    basis: DeadlineBasis = DeadlineBasis.BEFORE_CLEARANCE,
    fee_vnd: int = SAMPLE_CUSTOMS_FEE_VND,
) -> list[ObligationLine]:
    """A newly registered declaration's obligations: each tax with an amount, and the fee."""
    due = tax_due_on(registered_on, basis) if basis is not DeadlineBasis.GUARANTEED else None
    lines = [
        ObligationLine(ObligationKind(kind), amount, due or registered_on)
        for kind, amount in sorted(taxes_vnd.items(), key=lambda kv: _order(kv[0]))
        if amount > 0
    ]
    if fee_vnd > 0:
        lines.append(ObligationLine(ObligationKind.CUSTOMS_FEE, fee_vnd, fee_due_on(registered_on)))
    return lines


def _order(kind: str) -> int:
    return KIND_ORDER.index(ObligationKind(kind))


@dataclass(frozen=True)
class AmendmentChange:
    """How one kind's amount moves when an amendment registers."""

    kind: ObligationKind
    before_vnd: int
    after_vnd: int

    @property
    def delta_vnd(self) -> int:
        """Positive: extra to pay; negative: less is owed (a credit if it was paid)."""
        return self.after_vnd - self.before_vnd


def amendment_changes(
    before: Mapping[ObligationKind, int], taxes_after: Mapping[str, int]
) -> list[AmendmentChange]:
    """Each tax whose amount an amendment changes; the fee is paid once per declaration.

    SAMPLE: extra tax from an amendment keeps the original deadline, so late-payment interest
    runs from it (Law 38/2019, Art. 59.1.b: a supplementary declaration that increases the tax).
    """
    after = {ObligationKind(kind): amount for kind, amount in taxes_after.items()}
    kinds = sorted({k for k in (*before, *after) if k.is_tax}, key=lambda k: KIND_ORDER.index(k))
    changes = [AmendmentChange(k, before.get(k, 0), max(0, after.get(k, 0))) for k in kinds]
    return [change for change in changes if change.delta_vnd != 0]


def refund_on_amendment(*, paid_vnd: int, amount_after_vnd: int) -> int:
    """What was paid beyond the amended amount: credited to the enterprise's cash account."""
    return max(0, paid_vnd - amount_after_vnd)


# ---------------------------------------------------------------------------- interest


def late_days(due_on: date, paid_on: date) -> int:
    """Days of late-payment interest for money received on `paid_on`: from the day after
    the deadline to the day before the money is received (Law 38/2019, Art. 59.2.b)."""
    return max(0, (paid_on - due_on).days - 1)


def late_interest(
    amount_vnd: int,
    due_on: date,
    payments: Iterable[tuple[date, int]],
    *,
    on: date,
) -> int:
    """Interest on an obligation: on each part paid late, and on what is still owed as if it
    were paid on `on`. Payments settle the amount in the order they were received; the
    total is rounded once, to whole dong, half up."""
    remaining = amount_vnd
    total = Decimal(0)
    for paid_on, paid in sorted(payments):
        applied = min(paid, remaining)
        if applied <= 0:
            continue
        total += applied * late_days(due_on, paid_on) * LATE_INTEREST_PER_DAY
        remaining -= applied
    if remaining > 0:
        total += remaining * late_days(due_on, on) * LATE_INTEREST_PER_DAY
    return round_vnd(total)


# ---------------------------------------------------------------------------- state


@dataclass(frozen=True)
class ObligationState:
    """One obligation as it stands: owed, paid (by any means), covered by a guarantee."""

    kind: ObligationKind
    amount_vnd: int
    paid_vnd: int
    covered_vnd: int  # by guarantees valid on the day asked about
    due_on: date

    @property
    def outstanding_vnd(self) -> int:
        return max(0, self.amount_vnd - self.paid_vnd)

    @property
    def uncovered_vnd(self) -> int:
        """Outstanding and not guaranteed: what holds up clearance if it is a tax."""
        return max(0, self.outstanding_vnd - self.covered_vnd)

    def overdue_on(self, day: date) -> bool:
        return self.outstanding_vnd > 0 and day > self.due_on


def taxes_met(states: Sequence[ObligationState]) -> bool:
    """Every tax paid or guaranteed: the payments condition of clearance. The fee, paid
    monthly, does not hold goods up."""
    return all(state.uncovered_vnd == 0 for state in states if state.kind.is_tax)


def met_after_amendment(
    states: Sequence[ObligationState], amounts_after: Mapping[ObligationKind, int]
) -> bool:
    """Whether the taxes are paid or guaranteed once an amendment sets new amounts: what was
    paid beyond a kind's new amount is set against the others (taxes first), as the
    amendment's registration will do."""
    after = [replace(s, amount_vnd=amounts_after.get(s.kind, s.amount_vnd)) for s in states]
    due_on = min((s.due_on for s in states), default=date.min)
    known = {s.kind for s in states}
    after += [
        ObligationState(kind, amount, 0, 0, due_on)
        for kind, amount in amounts_after.items()
        if kind not in known and amount > 0
    ]
    freed = sum(max(0, s.paid_vnd - s.amount_vnd) for s in after)
    ordered = sorted(
        (replace(s, paid_vnd=min(s.paid_vnd, s.amount_vnd)) for s in after),
        key=lambda s: KIND_ORDER.index(s.kind),
    )
    shares, _ = allocate(freed, [(i, s.outstanding_vnd) for i, s in enumerate(ordered)])
    more = dict(shares)
    return taxes_met(
        [replace(s, paid_vnd=s.paid_vnd + more.get(i, 0)) for i, s in enumerate(ordered)]
    )


def allocate(
    amount_vnd: int, outstanding: Sequence[tuple[int, int]]
) -> tuple[list[tuple[int, int]], int]:
    """Share a payment over (id, outstanding) in the order given; return each share and
    the excess, which is kept as a credit, never dropped."""
    shares: list[tuple[int, int]] = []
    left = amount_vnd
    for key, owed in outstanding:
        if left <= 0:
            break
        share = min(left, owed)
        if share > 0:
            shares.append((key, share))
            left -= share
    return shares, max(0, left)
