"""Reconciling a bank's daily statement with what the platform booked, and the exceptions
officers resolve. Importing the same statement again changes nothing."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy.orm import Session

from smartcustoms.audit import service as audit
from smartcustoms.errors import Conflict, NotFound
from smartcustoms.identity.rules import Actor
from smartcustoms.kit.clock import VIETNAM
from smartcustoms.payments import ledger, repository
from smartcustoms.payments.access import require_customs
from smartcustoms.payments.gateway import BankGateway
from smartcustoms.payments.models import BankBooking, BankStatement, ReconciliationException
from smartcustoms.payments.online import book, record_finding
from smartcustoms.payments.rules import (
    BookingVia,
    KnownBooking,
    KnownOrder,
    error,
    reconcile,
)


@dataclass(frozen=True)
class Reconciled:
    statement: BankStatement
    new: bool  # False: this statement was reconciled before; nothing changed
    matched: int
    recovered: int
    exceptions: int


def reconcile_statement(
    session: Session,
    *,
    actor: Actor | None,
    gateway: BankGateway,
    on: date,
    at: datetime,
    hooks: Sequence[ledger.TaxesMetHook] = (),
) -> Reconciled:
    """Fetch the bank's statement of `on` and match it line by line: confirm bookings,
    book payments whose notice never came, list every mismatch for officers.

    An officer asks for it, or the daily job (`actor` None) does."""
    if actor is not None:
        require_customs(actor)
    fetched = gateway.statement(on)
    known = repository.statement(session, fetched.bank, fetched.statement_id)
    if known is not None:
        return Reconciled(known, False, 0, 0, 0)
    record = BankStatement(
        bank=fetched.bank,
        statement_ref=fetched.statement_id,
        on_date=fetched.on,
        opening_balance_vnd=fetched.opening_balance_vnd,
        closing_balance_vnd=fetched.closing_balance_vnd,
        lines=len(fetched.lines),
        imported_at=at,
    )
    session.add(record)
    session.flush()
    lines = list(fetched.lines)
    bookings = repository.bookings_by_txn(
        session, fetched.bank, (line.bank_txn_id for line in lines)
    )
    orders = repository.orders_by_reference(session, (line.reference for line in lines))
    since = datetime.combine(fetched.on, time(), VIETNAM)
    that_day = repository.bookings_between(
        session, fetched.bank, since=since, until=since + timedelta(days=1)
    )
    plan = reconcile(
        lines,
        bookings={txn: _known(b) for txn, b in bookings.items()},
        orders={
            ref: KnownOrder(ref, o.amount_vnd)
            for ref, o in orders.items()
            if o.bank == fetched.bank
        },
        booked_by_notice_that_day=[_known(b) for b in that_day],
    )
    for txn in plan.matched:
        bookings[txn].statement_id = record.id
    for line in plan.recover:
        # Locked as a notice locks it: a late notice and this recovery book once.
        order = repository.order_by_reference(session, line.reference, for_update=True)
        if order is not None:
            book(
                session,
                order,
                bank_txn_id=line.bank_txn_id,
                amount_vnd=line.amount_vnd,
                booked_at=line.booked_at,
                via=BookingVia.STATEMENT,
                at=at,
                hooks=hooks,
                statement_id=record.id,
            )
    for finding in plan.findings:
        record_finding(session, finding, bank=fetched.bank, at=at, statement_id=record.id)
    session.flush()
    return Reconciled(record, True, len(plan.matched), len(plan.recover), len(plan.findings))


def _known(booking: BankBooking) -> KnownBooking:
    return KnownBooking(
        booking.bank_txn_id, booking.reference, booking.amount_vnd, BookingVia(booking.via)
    )


def exceptions(
    session: Session, *, actor: Actor, unresolved_only: bool = True
) -> list[ReconciliationException]:
    require_customs(actor)
    return repository.exceptions(session, unresolved_only=unresolved_only)


def resolve_exception(
    session: Session, *, actor: Actor, exception_id: int, note: str, at: datetime
) -> ReconciliationException:
    """An officer closes an exception, saying what was done (refunded, matched by hand …)."""
    require_customs(actor)
    found = repository.exception(session, exception_id)
    if found is None:
        raise error(NotFound, "exception_not_found", exception_id=exception_id)
    if found.resolved_at is not None:
        raise error(Conflict, "exception_resolved")
    found.resolved_at = at
    found.resolved_by_id = actor.user_id
    found.note = note.strip()
    session.flush()
    audit.record(
        session,
        action="reconciliation.resolved",
        object_type="reconciliation_exception",
        object_id=found.id,
        at=at,
        actor_id=actor.user_id,
        details={"kind": found.kind, "reference": found.reference, "note": found.note},
    )
    return found
