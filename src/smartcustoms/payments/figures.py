"""Figures for the KPI dashboard: how much is payable and paid online, and how fast."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from smartcustoms.identity.rules import Actor
from smartcustoms.payments import repository
from smartcustoms.payments.access import require_customs
from smartcustoms.payments.models import Obligation
from smartcustoms.payments.rules import (
    Durations,
    ExceptionKind,
    ObligationKind,
    PaymentSource,
    share,
)

# Every kind of obligation can be paid through the portal's bank payment (and from an
# account); a kind that could not (a fine paid at a counter, say) would be left out here.
PAYABLE_ONLINE = frozenset(ObligationKind)


@dataclass(frozen=True)
class PaymentFigures:
    since: datetime
    until: datetime
    obligations: int
    share_payable_online: float | None  # of obligations created in the period
    settled_vnd: int
    share_paid_online: float | None  # of the amount settled, by bank payment
    bank_payments: int
    payments_outside_platform: int  # statement lines no order of ours explains
    share_transactions_online: float | None
    registration_to_payment: Durations  # taxes settled in full, from registration
    bank_to_platform: Durations  # the bank's booking time to the platform's booking


def payment_figures(
    session: Session, *, actor: Actor, since: datetime, until: datetime
) -> PaymentFigures:
    require_customs(actor)
    created = repository.obligations_created(session, since=since, until=until)
    by_source = repository.settled_by_source(session, since=since, until=until)
    settled = sum(by_source.values())
    bookings = repository.bookings_recorded(session, since=since, until=until)
    outside = repository.count_exceptions(
        session, ExceptionKind.UNKNOWN_REFERENCE.value, since=since, until=until
    )
    return PaymentFigures(
        since=since,
        until=until,
        obligations=len(created),
        share_payable_online=share(
            sum(1 for o in created if ObligationKind(o.kind) in PAYABLE_ONLINE), len(created)
        ),
        settled_vnd=settled,
        share_paid_online=share(by_source.get(PaymentSource.BANK.value, 0), settled),
        bank_payments=len(bookings),
        payments_outside_platform=outside,
        share_transactions_online=share(len(bookings), len(bookings) + outside),
        registration_to_payment=Durations.of(_registration_to_payment(session, created)),
        bank_to_platform=Durations.of(
            [(b.recorded_at - b.booked_at).total_seconds() for b in bookings]
        ),
    )


def _registration_to_payment(session: Session, created: list[Obligation]) -> list[float]:
    """Seconds from registration to the settlement that completed a declaration's taxes."""
    taxes: dict[int, list[Obligation]] = {}
    for obligation in created:
        if ObligationKind(obligation.kind).is_tax:
            taxes.setdefault(obligation.chain_id, []).append(obligation)
    ids = [o.id for listed in taxes.values() for o in listed]
    paid: dict[int, int] = {}
    last: dict[int, datetime] = {}
    for settlement in repository.settlements_of(session, ids):
        paid[settlement.obligation_id] = (
            paid.get(settlement.obligation_id, 0) + settlement.amount_vnd
        )
        if settlement.amount_vnd > 0:
            last[settlement.obligation_id] = settlement.at
    seconds = []
    for listed in taxes.values():
        if all(paid.get(o.id, 0) >= o.amount_vnd for o in listed):
            done = max(last[o.id] for o in listed if o.id in last)
            seconds.append((done - min(o.created_at for o in listed)).total_seconds())
    return seconds
