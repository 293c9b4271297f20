"""Every query of the sandbox bank."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from smartcustoms.bank_sandbox.models import (
    Account,
    Booking,
    CallbackDelivery,
    PaymentOrder,
    StatementFile,
)
from smartcustoms.bank_sandbox.rules import DeliveryState, Fault


def account_by_number(session: Session, number: str) -> Account | None:
    return session.scalars(select(Account).where(Account.number == number)).first()


def account_by_tax_code(session: Session, tax_code: str) -> Account | None:
    return session.scalars(select(Account).where(Account.tax_code == tax_code)).first()


def account(session: Session, account_id: int) -> Account:
    return session.get_one(Account, account_id)


def debit(session: Session, *, account_id: int, amount_vnd: int) -> bool:
    """Take the amount off the balance if it is there; False (and nothing done) if not.

    One conditional UPDATE: two confirmations at once cannot both spend the same money.
    """
    result = session.execute(
        update(Account)
        .where(Account.id == account_id, Account.balance_vnd >= amount_vnd)
        .values(balance_vnd=Account.balance_vnd - amount_vnd)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def credit(session: Session, *, account_id: int, amount_vnd: int) -> None:
    session.execute(
        update(Account)
        .where(Account.id == account_id)
        .values(balance_vnd=Account.balance_vnd + amount_vnd)
        .execution_options(synchronize_session=False)
    )


def set_balance(session: Session, *, account_id: int, balance_vnd: int) -> None:
    session.execute(
        update(Account)
        .where(Account.id == account_id)
        .values(balance_vnd=balance_vnd)
        .execution_options(synchronize_session=False)
    )


def order_by_payment_id(session: Session, bank_payment_id: str) -> PaymentOrder | None:
    return session.scalars(
        select(PaymentOrder).where(PaymentOrder.bank_payment_id == bank_payment_id)
    ).first()


def order_by_reference(session: Session, reference: str) -> PaymentOrder | None:
    return session.scalars(select(PaymentOrder).where(PaymentOrder.reference == reference)).first()


def decide_order(
    session: Session, *, order_id: int, status: str, rejection: str | None, at: datetime
) -> bool:
    """Move a pending order to its outcome; False if it was decided already (a second click)."""
    result = session.execute(
        update(PaymentOrder)
        .where(PaymentOrder.id == order_id, PaymentOrder.status == "pending")
        .values(status=status, rejection=rejection, decided_at=at)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def reject_order(session: Session, *, order_id: int, rejection: str) -> None:
    session.execute(
        update(PaymentOrder)
        .where(PaymentOrder.id == order_id)
        .values(status="rejected", rejection=rejection)
        .execution_options(synchronize_session=False)
    )


def booking_for_order(session: Session, order_id: int) -> Booking | None:
    return session.scalars(select(Booking).where(Booking.order_id == order_id)).first()


def booking_by_txn_id(session: Session, bank_txn_id: str) -> Booking | None:
    return session.scalars(select(Booking).where(Booking.bank_txn_id == bank_txn_id)).first()


@dataclass(frozen=True)
class BookedCredit:
    booking: Booking
    order: PaymentOrder
    payer: Account | None


def credits_on(session: Session, *, account_id: int, day: date) -> list[BookedCredit]:
    """The day's booked credits to the account, in the order they were booked."""
    rows = session.execute(
        select(Booking, PaymentOrder, Account)
        .join(PaymentOrder, PaymentOrder.id == Booking.order_id)
        .outerjoin(Account, Account.id == Booking.debit_account_id)
        .where(
            Booking.credit_account_id == account_id,
            Booking.status == "booked",
            Booking.booking_day == day,
        )
        .order_by(Booking.booked_at, Booking.id)
    ).all()
    return [BookedCredit(booking, order, payer) for booking, order, payer in rows]


def credits_before(session: Session, *, account_id: int, day: date) -> int:
    total = session.scalar(
        select(func.coalesce(func.sum(Booking.amount_vnd), 0)).where(
            Booking.credit_account_id == account_id,
            Booking.status == "booked",
            Booking.booking_day < day,
        )
    )
    return int(total or 0)


def statement_file(session: Session, *, account_id: int, day: date) -> StatementFile | None:
    return session.scalars(
        select(StatementFile).where(
            StatementFile.account_id == account_id, StatementFile.day == day
        )
    ).first()


def next_position(session: Session) -> int:
    last = session.scalar(select(func.max(CallbackDelivery.position)))
    return int(last or 0) + 1


def due_deliveries(session: Session, *, now: datetime, limit: int) -> Sequence[CallbackDelivery]:
    return session.scalars(
        select(CallbackDelivery)
        .where(
            CallbackDelivery.state == DeliveryState.PENDING,
            CallbackDelivery.next_attempt_at <= now,
        )
        .order_by(CallbackDelivery.position, CallbackDelivery.id)
        .limit(limit)
    ).all()


def held_deliveries(session: Session, *, held_for: Fault) -> Sequence[CallbackDelivery]:
    return session.scalars(
        select(CallbackDelivery)
        .where(
            CallbackDelivery.state == DeliveryState.HELD,
            CallbackDelivery.held_for == held_for,
        )
        .order_by(CallbackDelivery.position, CallbackDelivery.id)
    ).all()


def deliveries(session: Session) -> Sequence[tuple[CallbackDelivery, Booking]]:
    rows = session.execute(
        select(CallbackDelivery, Booking)
        .join(Booking, Booking.id == CallbackDelivery.booking_id)
        .order_by(CallbackDelivery.id)
    ).all()
    return [(delivery, booking) for delivery, booking in rows]


def delivery_context(session: Session, delivery_id: int) -> tuple[Booking, PaymentOrder]:
    row = session.execute(
        select(Booking, PaymentOrder)
        .join(CallbackDelivery, CallbackDelivery.booking_id == Booking.id)
        .join(PaymentOrder, PaymentOrder.id == Booking.order_id)
        .where(CallbackDelivery.id == delivery_id)
    ).one()
    return row[0], row[1]
