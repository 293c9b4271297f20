"""What is owed: a declaration's financial status, an enterprise's list of what it owes and
its statement, overdue debt, and the clearance condition "taxes paid or guaranteed"."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from smartcustoms.declarations import service as declarations
from smartcustoms.errors import NotFound
from smartcustoms.identity.rules import Actor
from smartcustoms.kit.clock import customs_date
from smartcustoms.payments import ledger, repository
from smartcustoms.payments.access import require_customs, require_sees
from smartcustoms.payments.models import BankBooking, PaymentOrder, Settlement
from smartcustoms.payments.rules import ObligationKind, error


@dataclass(frozen=True)
class ObligationView:
    id: int
    kind: ObligationKind
    amount_vnd: int
    paid_vnd: int
    covered_vnd: int
    outstanding_vnd: int
    due_on: date
    basis: str
    overdue: bool


@dataclass(frozen=True)
class DeclarationDues:
    """A declaration's financial status as the trader and the officer see it."""

    chain_id: int
    declaration_id: int
    number: str | None
    enterprise_id: int
    obligations: list[ObligationView]
    outstanding_vnd: int
    taxes_met: bool
    # Late-payment interest run up so far and not yet an obligation (a payment adds it).
    interest_vnd: int
    overdue: bool


def _view(due: ledger.Dues, *, number: str | None, on: date, interest_vnd: int) -> DeclarationDues:
    lines = [
        ObligationView(
            row.obligation.id,
            state.kind,
            state.amount_vnd,
            state.paid_vnd,
            state.covered_vnd,
            state.outstanding_vnd,
            state.due_on,
            row.obligation.basis,
            state.overdue_on(on),
        )
        for row, state in zip(due.rows, due.states(), strict=True)
    ]
    return DeclarationDues(
        chain_id=due.chain_id,
        declaration_id=due.declaration_id,
        number=number,
        enterprise_id=due.enterprise_id,
        obligations=sorted(lines, key=lambda v: list(ObligationKind).index(v.kind)),
        outstanding_vnd=due.outstanding_vnd,
        taxes_met=due.taxes_met,
        interest_vnd=interest_vnd,
        overdue=any(line.overdue for line in lines),
    )


def _unfixed_interest(session: Session, due: ledger.Dues, on: date) -> int:
    return max(0, ledger.interest_of(session, due, on=on) - ledger.fixed_interest(due))


def declaration_dues(
    session: Session, *, actor: Actor, declaration_id: int, at: datetime
) -> DeclarationDues:
    """One declaration's obligations, for whoever may see the declaration."""
    declaration = declarations.get_declaration(session, actor=actor, declaration_id=declaration_id)
    on = customs_date(at)
    due = ledger.dues(session, declaration_id=declaration.id, on=on)
    if due is None:
        raise error(NotFound, "declaration_not_found", declaration_id=declaration_id)
    numbers = declarations.declaration_numbers(session, declaration_ids=[due.declaration_id])
    return _view(
        due,
        number=numbers.get(due.declaration_id),
        on=on,
        interest_vnd=_unfixed_interest(session, due, on),
    )


def what_is_owed(
    session: Session, *, actor: Actor, enterprise_id: int, at: datetime, include_paid: bool = False
) -> list[DeclarationDues]:
    """An enterprise's declarations with something outstanding (or all, with include_paid)."""
    require_sees(actor, enterprise_id)
    on = customs_date(at)
    rows = repository.obligation_rows(session, on=on, enterprise_id=enterprise_id)
    groups = [d for d in ledger.dues_by_chain(rows) if include_paid or d.outstanding_vnd > 0]
    numbers = declarations.declaration_numbers(
        session, declaration_ids={d.declaration_id for d in groups}
    )
    views = [
        _view(
            d,
            number=numbers.get(d.declaration_id),
            on=on,
            interest_vnd=_unfixed_interest(session, d, on),
        )
        for d in groups
    ]
    return sorted(
        views, key=lambda v: (min((o.due_on for o in v.obligations), default=on), v.chain_id)
    )


def obligations_met(session: Session, *, declaration_id: int, at: datetime) -> bool:
    """The clearance condition: every tax of the declaration paid or covered by a guarantee
    valid today. The fee, paid monthly, does not hold goods up. A declaration with no
    obligation recorded (registered before this domain existed) holds nothing up either."""
    due = ledger.dues(session, declaration_id=declaration_id, on=customs_date(at))
    return due is None or due.taxes_met


@dataclass(frozen=True)
class BankPayment:
    """A booking as a receipt shows it: what it paid, for whom, by which bank."""

    booking: BankBooking
    order: PaymentOrder
    settled: list[tuple[ObligationKind, int]]


def payments_of_declaration(
    session: Session, *, actor: Actor, declaration_id: int, at: datetime
) -> list[BankPayment]:
    """The bank payments that went to a declaration's obligations."""
    found = declaration_dues(session, actor=actor, declaration_id=declaration_id, at=at)
    orders = repository.orders_of(session, chain_id=found.chain_id)
    by_id = {o.id: o for o in orders}
    bookings = repository.bookings_of_orders(session, list(by_id))
    kinds = {o.id: o.kind for o in found.obligations}
    settled = repository.settlements_of(session, list(kinds))
    return [BankPayment(b, by_id[b.order_id], _settled_by(settled, kinds, b.id)) for b in bookings]


def _settled_by(
    settled: list[Settlement], kinds: dict[int, ObligationKind], booking_id: int
) -> list[tuple[ObligationKind, int]]:
    return [(kinds[s.obligation_id], s.amount_vnd) for s in settled if s.booking_id == booking_id]


@dataclass(frozen=True)
class OverdueDebt:
    enterprise_id: int
    chain_id: int
    outstanding_vnd: int
    oldest_due_on: date
    days_overdue: int


def overdue_debts(session: Session, *, actor: Actor, at: datetime) -> list[OverdueDebt]:
    """Officers' view: every declaration with an obligation past its deadline and unpaid."""
    require_customs(actor)
    on = customs_date(at)
    rows = repository.overdue_enterprise_obligations(session, due_before=on)
    debts = []
    for due in ledger.dues_by_chain(rows):
        oldest = min(r.obligation.due_on for r in due.rows)
        debts.append(
            OverdueDebt(
                due.enterprise_id, due.chain_id, due.outstanding_vnd, oldest, (on - oldest).days
            )
        )
    return debts


def paid_at(session: Session, *, declaration_ids: Collection[int]) -> dict[int, datetime]:
    """When each declaration's obligations were last settled (its taxes paid), by any of the
    ids given (first version or version in force), for the Time Release Study another
    domain computes; the caller has checked who may see it. Unsettled: absent."""
    wanted = set(declaration_ids)
    found: dict[int, datetime] = {}
    for chain_id, version_id, at in repository.last_settlements(session, wanted):
        for key in (chain_id, version_id):
            if key in wanted and (key not in found or found[key] < at):
                found[key] = at
    return found
