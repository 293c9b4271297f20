"""Paying online through a bank: the order, the bank's signed notice, and booking the money
once, whichever way it is learnt (the notice, or the statement when the notice was lost).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session

from smartcustoms.audit import service as audit
from smartcustoms.errors import DomainError, NotFound
from smartcustoms.identity import service as identity
from smartcustoms.identity.rules import Actor
from smartcustoms.kit.clock import customs_date
from smartcustoms.outbox import service as outbox
from smartcustoms.payments import accounts, ledger, repository
from smartcustoms.payments.access import may_see_enterprise, require_pays_for
from smartcustoms.payments.gateway import (
    BankGateway,
    BankNotice,
    BookingStatus,
    CallbackRejected,
    PaymentOrder,
)
from smartcustoms.payments.models import BankBooking, BankNoticeRecord, ReconciliationException
from smartcustoms.payments.models import PaymentOrder as Order
from smartcustoms.payments.rules import (
    BankUnavailable,
    BookingVia,
    ExceptionKind,
    Finding,
    NothingToPay,
    PaymentSource,
    PaymentStatus,
    Purpose,
    amount_finding,
    error,
    invalid,
    new_reference,
    status_after,
)


@dataclass(frozen=True)
class PaymentsSetup:
    """What the payments use cases are assembled with (composition root: app.py)."""

    banks: Mapping[str, BankGateway] = field(default_factory=dict)
    # Re-evaluate clearance when a declaration's taxes become paid or guaranteed.
    after_taxes_met: Sequence[ledger.TaxesMetHook] = ()
    # The platform's other outbox handlers (smartcustoms/worker.py), run by the reminder job
    # with its own, since it marks the events it claims delivered.
    event_handlers: Sequence[outbox.Handler] = ()

    def bank(self, name: str) -> BankGateway:
        gateway = self.banks.get(name)
        if gateway is None:
            raise error(NotFound, "unknown_bank", bank=name)
        return gateway


class CallbackRefused(DomainError):
    """A notice whose signature, freshness or body does not hold: nothing is recorded."""

    code = "callback_rejected"
    status = 400
    title = "Callback rejected"


@dataclass(frozen=True)
class Started:
    order: Order
    redirect_url: str


def start_payment(
    session: Session,
    *,
    actor: Actor,
    gateway: BankGateway,
    purpose: Purpose,
    enterprise_id: int | None = None,
    declaration_id: int | None = None,
    amount_vnd: int | None = None,
    return_url: str,
    at: datetime,
) -> Started:
    """Order a payment from the bank; the payer confirms it at the bank's page.

    A declaration's order is for everything outstanding on it; a top-up or a deferment
    settlement for the amount asked. The order is written before the bank is asked, so a
    notice can never name a reference the platform does not know.
    """
    chain_id: int | None = None
    if purpose is Purpose.OBLIGATIONS:
        if declaration_id is None:
            raise invalid("declaration_id", "declaration_not_found", declaration_id="")
        due = ledger.dues(
            session, declaration_id=declaration_id, on=customs_date(at), for_update=True
        )
        if due is None:
            raise error(NotFound, "declaration_not_found", declaration_id=declaration_id)
        require_pays_for(actor, due.enterprise_id)
        due = ledger.with_interest(session, due, at=at)
        enterprise_id, chain_id, amount_vnd = due.enterprise_id, due.chain_id, due.outstanding_vnd
        if amount_vnd == 0:
            raise error(NothingToPay, "nothing_to_pay")
    if enterprise_id is None:
        raise error(NotFound, "enterprise_not_found", enterprise_id="")
    require_pays_for(actor, enterprise_id)
    if amount_vnd is None or amount_vnd <= 0:
        raise invalid("amount_vnd", "amount_not_positive")
    payer = identity.get_organisation(session, enterprise_id)
    order = Order(
        reference=new_reference(),
        enterprise_id=enterprise_id,
        chain_id=chain_id,
        purpose=purpose.value,
        amount_vnd=amount_vnd,
        bank=gateway.name,
        status=PaymentStatus.PENDING.value,
        ordered_by_id=actor.user_id,
        ordered_at=at,
    )
    session.add(order)
    session.flush()
    audit.record(
        session,
        action="payment.ordered",
        object_type="payment",
        object_id=order.reference,
        at=at,
        actor_id=actor.user_id,
        on_behalf_of=enterprise_id,
        details={
            "purpose": purpose.value,
            "amount_vnd": str(amount_vnd),
            "bank": gateway.name,
            "chain_id": chain_id,
        },
    )
    try:
        initiation = gateway.initiate(
            PaymentOrder(
                reference=order.reference,
                amount_vnd=amount_vnd,
                payer_tax_code=payer.tax_code or "",
                payer_name=payer.name,
                description=_description(purpose, chain_id),
                return_url=return_url.replace("{reference}", order.reference),
            )
        )
    except (OSError, CallbackRejected) as failure:
        raise error(BankUnavailable, "bank_unavailable", bank=gateway.name) from failure
    order.bank_payment_id = initiation.bank_payment_id
    session.flush()
    return Started(order, initiation.redirect_url)


def _description(purpose: Purpose, chain_id: int | None) -> str:
    if purpose is Purpose.OBLIGATIONS:
        return f"Thue, phi hai quan to khai #{chain_id}"
    return "Nop tien tai khoan ky quy" if purpose is Purpose.CASH_TOPUP else "Thanh toan an han"


@dataclass(frozen=True)
class NoticeOutcome:
    """What a notice changed: `new` False for a replay; the booking if money was booked."""

    new: bool
    status: PaymentStatus | None
    booking: BankBooking | None = None


def receive_notice(
    session: Session,
    *,
    gateway: BankGateway,
    headers: Mapping[str, str],
    body: bytes,
    at: datetime,
    hooks: Sequence[ledger.TaxesMetHook] = (),
) -> NoticeOutcome:
    """A bank's callback: verified, then recorded once; a booking books the money once.

    Replays change nothing (the notice's unique key); notices may come in any order (a
    refusal never undoes a booking); a notice after the statement recovered the payment
    finds its booking there already.
    """
    try:
        notice = gateway.verify_notice(headers=headers, body=body)
    except CallbackRejected as rejected:
        raise error(CallbackRefused, "callback_rejected", reason=rejected.reason) from rejected
    order = repository.order_by_reference(session, notice.reference, for_update=True)
    new = repository.insert_new(session, BankNoticeRecord, _notice_row(notice, at))
    if order is None or order.bank != notice.bank:
        record_finding(
            session,
            Finding(
                ExceptionKind.UNKNOWN_NOTICE,
                notice.bank_txn_id,
                notice.reference,
                None,
                notice.amount_vnd,
            ),
            bank=notice.bank,
            at=at,
        )
        return NoticeOutcome(new, None)
    if notice.status is BookingStatus.REJECTED:
        order.status = status_after(PaymentStatus(order.status), notice.status).value
        session.flush()
        return NoticeOutcome(new, PaymentStatus(order.status))
    booked = book(
        session,
        order,
        bank_txn_id=notice.bank_txn_id,
        amount_vnd=notice.amount_vnd,
        booked_at=notice.booked_at,
        via=BookingVia.NOTICE,
        at=at,
        hooks=hooks,
    )
    return NoticeOutcome(new, PaymentStatus(order.status), booked)


def _notice_row(notice: BankNotice, at: datetime) -> dict[str, object]:
    return {
        "bank": notice.bank,
        "bank_txn_id": notice.bank_txn_id,
        "bank_payment_id": notice.bank_payment_id,
        "reference": notice.reference,
        "amount_vnd": notice.amount_vnd,
        "status": notice.status.value,
        "booked_at": notice.booked_at,
        "sent_at": notice.sent_at,
        "received_at": at,
    }


def book(
    session: Session,
    order: Order,
    *,
    bank_txn_id: str,
    amount_vnd: int,
    booked_at: datetime,
    via: BookingVia,
    at: datetime,
    hooks: Sequence[ledger.TaxesMetHook] = (),
    statement_id: int | None = None,
) -> BankBooking | None:
    """Book money the bank received for an order (locked by the caller), once per bank
    transaction: settle what it was for, keep any excess as a credit. None: booked before."""
    if repository.booking(session, order.bank, bank_txn_id) is not None:
        return None
    booking = BankBooking(
        bank=order.bank,
        bank_txn_id=bank_txn_id,
        order_id=order.id,
        reference=order.reference,
        amount_vnd=amount_vnd,
        booked_at=booked_at,
        recorded_at=at,
        via=via.value,
        statement_id=statement_id,
    )
    session.add(booking)
    order.status = PaymentStatus.BOOKED.value
    order.booked_at = order.booked_at or booked_at
    session.flush()
    mismatch = amount_finding(
        bank_txn_id=bank_txn_id,
        reference=order.reference,
        ordered_vnd=order.amount_vnd,
        received_vnd=amount_vnd,
    )
    if mismatch is not None:
        record_finding(session, mismatch, bank=order.bank, at=at)
    excess = _apply(session, order, booking, at=at, hooks=hooks)
    if excess:
        accounts.credit_cash(
            session,
            enterprise_id=order.enterprise_id,
            amount_vnd=excess,
            reason="excess" if Purpose(order.purpose) is not Purpose.CASH_TOPUP else "topup",
            at=at,
            booking_id=booking.id,
        )
    return booking


def _apply(
    session: Session,
    order: Order,
    booking: BankBooking,
    *,
    at: datetime,
    hooks: Sequence[ledger.TaxesMetHook],
) -> int:
    """Use a booking for what it was ordered for; the excess, for the cash account."""
    purpose = Purpose(order.purpose)
    if purpose is Purpose.OBLIGATIONS and order.chain_id is not None:
        due = ledger.dues(session, chain_id=order.chain_id, on=customs_date(at), for_update=True)
        if due is None:
            return booking.amount_vnd
        # Interest runs to the day before the money arrived, not the day it was ordered.
        due = ledger.with_interest(session, due, at=booking.booked_at)
        _after, excess = ledger.settle(
            session,
            due,
            booking.amount_vnd,
            source=PaymentSource.BANK,
            at=at,
            by_id=None,
            hooks=hooks,
            booking_id=booking.id,
        )
        return excess
    if purpose is Purpose.DEFERMENT:
        return accounts.settle_deferment(
            session,
            enterprise_id=order.enterprise_id,
            amount_vnd=booking.amount_vnd,
            booking_id=booking.id,
            at=at,
        )
    return booking.amount_vnd


def record_finding(
    session: Session, finding: Finding, *, bank: str, at: datetime, statement_id: int | None = None
) -> None:
    """List a mismatch for officers, once however often it is seen."""
    repository.insert_new(
        session,
        ReconciliationException,
        {
            "kind": finding.kind.value,
            "bank": bank,
            "bank_txn_id": finding.bank_txn_id,
            "reference": finding.reference,
            "expected_vnd": finding.expected_vnd,
            "received_vnd": finding.received_vnd,
            "statement_id": statement_id,
            "found_at": at,
            "note": "",
        },
    )


def order_of(session: Session, *, actor: Actor, reference: str) -> Order:
    """An order as its enterprise (or customs) sees it: another's answers 404."""
    order = repository.order_by_reference(session, reference)
    if order is None or not may_see_enterprise(actor, order.enterprise_id):
        raise error(NotFound, "payment_not_found", reference=reference)
    return order
