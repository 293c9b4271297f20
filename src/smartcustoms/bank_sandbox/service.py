"""The sandbox bank's use cases: open the ledger, take an order, confirm or cancel it.

Each takes the session and the instant (`at`) and only flushes; the caller commits. A
decision writes the booking and its callback deliveries in the same transaction (an outbox):
once the payer's money has moved, the callback is certain to go out, however long the
platform is down; the delivery worker (`delivery.py`) sends it.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from smartcustoms.bank_sandbox import repository
from smartcustoms.bank_sandbox.models import Account, Booking, CallbackDelivery, PaymentOrder
from smartcustoms.bank_sandbox.rules import (
    COLLECTION_ACCOUNT,
    COLLECTION_ACCOUNT_NAME,
    DEMO_PAYERS,
    DeliveryState,
    Fault,
    FaultPlan,
    OrderStatus,
    SandboxError,
)
from smartcustoms.bank_sandbox.statements import notification_xml, statement_xml
from smartcustoms.kit.clock import customs_date

__all__ = [
    "Decision",
    "Faults",
    "OrderRequest",
    "arm_fault",
    "booking_of",
    "cancel",
    "confirm",
    "deliveries",
    "find_order",
    "initiate",
    "notification_xml",
    "open_ledger",
    "order_exists",
    "payer_of",
    "release_delayed",
    "set_payer_balance",
    "statement_xml",
]


def payer_account_number(tax_code: str) -> str:
    return "9704" + tax_code.replace("-", "")


def _open_payer(
    session: Session, *, tax_code: str, name: str, balance: int, at: datetime
) -> Account:
    account = Account(
        number=payer_account_number(tax_code),
        kind="payer",
        holder_name=name,
        tax_code=tax_code,
        balance_vnd=balance,
        opened_at=at,
    )
    session.add(account)
    session.flush()
    return account


def open_ledger(session: Session, *, at: datetime) -> None:
    """The treasury's collection account and the demo payers, unless they exist (idempotent)."""
    if repository.account_by_number(session, COLLECTION_ACCOUNT) is None:
        session.add(
            Account(
                number=COLLECTION_ACCOUNT,
                kind="collection",
                holder_name=COLLECTION_ACCOUNT_NAME,
                tax_code=None,
                balance_vnd=0,
                opened_at=at,
            )
        )
    for tax_code, name, balance in DEMO_PAYERS:
        if repository.account_by_tax_code(session, tax_code) is None:
            _open_payer(session, tax_code=tax_code, name=name, balance=balance, at=at)
    session.flush()


@dataclass(frozen=True)
class OrderRequest:
    reference: str
    amount_vnd: int
    payer_tax_code: str
    payer_name: str
    description: str
    return_url: str
    callback_url: str | None = None


def _same_order(order: PaymentOrder, request: OrderRequest) -> bool:
    return (
        order.amount_vnd == request.amount_vnd
        and order.payer_tax_code == request.payer_tax_code
        and order.return_url == request.return_url
    )


def initiate(
    session: Session, request: OrderRequest, *, opening_balance: int, at: datetime
) -> PaymentOrder:
    """A new pending order, or the existing one for the same reference (a retried request).

    The reference is the platform's key: the same reference with another amount or payer is
    refused, never a second order.
    """
    existing = repository.order_by_reference(session, request.reference)
    if existing is not None:
        if not _same_order(existing, request):
            raise SandboxError("reference_taken", 409, reference=request.reference)
        return existing
    if opening_balance and repository.account_by_tax_code(session, request.payer_tax_code) is None:
        _open_payer(
            session,
            tax_code=request.payer_tax_code,
            name=request.payer_name,
            balance=opening_balance,
            at=at,
        )
    order = PaymentOrder(
        bank_payment_id="PAY" + secrets.token_hex(10).upper(),
        reference=request.reference,
        amount_vnd=request.amount_vnd,
        payer_tax_code=request.payer_tax_code,
        payer_name=request.payer_name,
        description=request.description,
        return_url=request.return_url,
        callback_url=request.callback_url,
        status=OrderStatus.PENDING,
        rejection=None,
        created_at=at,
        decided_at=None,
    )
    try:
        with session.begin_nested():
            session.add(order)
    except IntegrityError:
        # The same reference initiated at the same moment by a retry: the first one stands.
        existing = repository.order_by_reference(session, request.reference)
        if existing is None:
            raise
        if not _same_order(existing, request):
            raise SandboxError("reference_taken", 409, reference=request.reference) from None
        return existing
    return order


def find_order(session: Session, bank_payment_id: str) -> PaymentOrder:
    order = repository.order_by_payment_id(session, bank_payment_id)
    if order is None:
        raise SandboxError("order_not_found", 404, bank_payment_id=bank_payment_id)
    return order


@dataclass
class Faults:
    """The test controls' plan, shared by the requests of one bank process."""

    plan: FaultPlan
    lock: threading.Lock

    @classmethod
    def none(cls) -> Faults:
        return cls(FaultPlan(), threading.Lock())


@dataclass(frozen=True)
class Decision:
    order: PaymentOrder
    booking: Booking | None
    payer: Account | None


def _new_txn_id(at: datetime) -> str:
    return f"SBX{customs_date(at):%y%m%d}{secrets.token_hex(6).upper()}"


def _enqueue_callbacks(
    session: Session, booking: Booking, url: str | None, faults: Faults, at: datetime
) -> None:
    if url is None:
        return  # nobody to tell; the statement still lists the booking
    with faults.lock:
        treatment = faults.plan.treat_next()
    position = repository.next_position(session)
    for copy in range(treatment.copies):
        session.add(
            CallbackDelivery(
                booking_id=booking.id,
                url=url,
                state=treatment.state,
                held_for=treatment.held_for,
                position=position + copy,
                attempts=0,
                next_attempt_at=at,
                created_at=at,
            )
        )
    session.flush()
    if treatment.release_group:
        held = repository.held_deliveries(session, held_for=Fault.REORDER)
        positions = [delivery.position for delivery in held]
        for delivery, position in zip(held, reversed(positions), strict=True):
            delivery.state = DeliveryState.PENDING
            delivery.held_for = None
            delivery.position = position
            delivery.next_attempt_at = at
        session.flush()


def _decide(
    session: Session,
    order: PaymentOrder,
    *,
    confirmed: bool,
    default_callback_url: str | None,
    faults: Faults,
    at: datetime,
) -> Decision:
    payer = repository.account_by_tax_code(session, order.payer_tax_code)
    collection = repository.account_by_number(session, COLLECTION_ACCOUNT)
    if collection is None:
        raise RuntimeError("the ledger is not open: open_ledger() first")
    # Claim the order first (a conditional UPDATE, which waits for a concurrent one on
    # PostgreSQL): of two clicks, or two tabs, only one decides; the other sees its outcome.
    status = OrderStatus.BOOKED if confirmed else OrderStatus.REJECTED
    rejection = None if confirmed else "cancelled_by_payer"
    if not repository.decide_order(
        session, order_id=order.id, status=status, rejection=rejection, at=at
    ):
        session.refresh(order)
        return Decision(order, repository.booking_for_order(session, order.id), payer)
    if confirmed:
        if payer is None:
            rejection = "no_account"
        elif not repository.debit(session, account_id=payer.id, amount_vnd=order.amount_vnd):
            rejection = "insufficient_funds"
        if rejection is not None:
            status = OrderStatus.REJECTED
            repository.reject_order(session, order_id=order.id, rejection=rejection)
    if status is OrderStatus.BOOKED:
        repository.credit(session, account_id=collection.id, amount_vnd=order.amount_vnd)
    booking = Booking(
        bank_txn_id=_new_txn_id(at),
        order_id=order.id,
        status="booked" if status is OrderStatus.BOOKED else "rejected",
        amount_vnd=order.amount_vnd,
        debit_account_id=payer.id if payer is not None else None,
        credit_account_id=collection.id,
        booked_at=at,
        booking_day=customs_date(at),
    )
    session.add(booking)
    session.flush()
    _enqueue_callbacks(session, booking, order.callback_url or default_callback_url, faults, at)
    session.refresh(order)
    if payer is not None:
        session.refresh(payer)
    return Decision(order, booking, payer)


def confirm(
    session: Session,
    bank_payment_id: str,
    *,
    default_callback_url: str | None,
    faults: Faults,
    at: datetime,
) -> Decision:
    """The payer confirms: debit, book the credit to the treasury, queue the callback.

    Not enough money (or no account) rejects the order instead, and that is told the same way.
    A decided order is left as it is and returned.
    """
    order = find_order(session, bank_payment_id)
    if order.status != OrderStatus.PENDING:
        payer = repository.account_by_tax_code(session, order.payer_tax_code)
        return Decision(order, repository.booking_for_order(session, order.id), payer)
    return _decide(
        session,
        order,
        confirmed=True,
        default_callback_url=default_callback_url,
        faults=faults,
        at=at,
    )


def cancel(
    session: Session,
    bank_payment_id: str,
    *,
    default_callback_url: str | None,
    faults: Faults,
    at: datetime,
) -> Decision:
    """The payer cancels: nothing is debited; the platform is told the order was rejected."""
    order = find_order(session, bank_payment_id)
    if order.status != OrderStatus.PENDING:
        payer = repository.account_by_tax_code(session, order.payer_tax_code)
        return Decision(order, repository.booking_for_order(session, order.id), payer)
    return _decide(
        session,
        order,
        confirmed=False,
        default_callback_url=default_callback_url,
        faults=faults,
        at=at,
    )


def payer_of(session: Session, order: PaymentOrder) -> Account | None:
    return repository.account_by_tax_code(session, order.payer_tax_code)


def booking_of(session: Session, order: PaymentOrder) -> Booking | None:
    return repository.booking_for_order(session, order.id)


def order_exists(session: Session, reference: str) -> bool:
    return repository.order_by_reference(session, reference) is not None


def deliveries(session: Session) -> Sequence[tuple[CallbackDelivery, Booking]]:
    return repository.deliveries(session)


# --- test controls -------------------------------------------------------------------------


def arm_fault(faults: Faults, fault: Fault, count: int) -> list[Fault]:
    with faults.lock:
        faults.plan.arm(fault, count)
        return faults.plan.armed


def release_delayed(session: Session, *, at: datetime) -> int:
    """Send the callbacks a DELAY control held back; how many."""
    held = repository.held_deliveries(session, held_for=Fault.DELAY)
    for delivery in held:
        delivery.state = DeliveryState.PENDING
        delivery.held_for = None
        delivery.next_attempt_at = at
    session.flush()
    return len(held)


def set_payer_balance(session: Session, *, tax_code: str, balance_vnd: int) -> None:
    account = repository.account_by_tax_code(session, tax_code)
    if account is None:
        raise SandboxError("no_account", 404, tax_code=tax_code)
    repository.set_balance(session, account_id=account.id, balance_vnd=balance_vnd)
