"""Bank payments: an order's status as notices arrive in any order, payment references, and
the matching of a day's statement to what the platform booked. Pure: no I/O.

Money is counted once per booking: a booking is keyed by the bank's transaction id, so a
replayed notice, a notice after the statement recovered it, or the statement after the
notice finds it booked already and changes nothing.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from smartcustoms.payments.gateway import BookingStatus, StatementLine


class PaymentStatus(StrEnum):
    PENDING = "pending"  # ordered; the payer has not confirmed, or the bank has not told us
    BOOKED = "booked"  # the bank debited the payer
    REJECTED = "rejected"  # the payer cancelled or the bank refused; nothing moved


class Purpose(StrEnum):
    OBLIGATIONS = "obligations"  # a declaration's outstanding duties and fees
    CASH_TOPUP = "cash_topup"  # money into the cash account
    DEFERMENT = "deferment"  # paying off what the deferment account deferred


class BookingVia(StrEnum):
    NOTICE = "notice"  # the bank's signed callback
    STATEMENT = "statement"  # recovered from the day's statement (the callback was lost)


def status_after(current: PaymentStatus, notice: BookingStatus) -> PaymentStatus:
    """An order's status after a notice, whatever order notices come in: a booking is final
    (money moved), a refusal only ends an order still pending."""
    if current is PaymentStatus.BOOKED or notice is BookingStatus.BOOKED:
        return PaymentStatus.BOOKED
    return PaymentStatus.REJECTED


# Crockford's base 32 without I, L, O, U: no letter reads as another on a bank's statement.
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_reference() -> str:
    """A payment reference for the bank's remittance field: `SCP` + 12 random characters,
    unguessable, so a reference read off one statement tells nothing about another."""
    return "SCP" + "".join(secrets.choice(_ALPHABET) for _ in range(12))


# ---------------------------------------------------------------------------- reconciliation


class ExceptionKind(StrEnum):
    """What an officer must look at: every statement line not matched exactly."""

    UNKNOWN_REFERENCE = "unknown_reference"  # money in, no order of ours
    WRONG_AMOUNT = "wrong_amount"  # booked amount differs from the order or the statement
    PAYMENT_WITHOUT_CALLBACK = "payment_without_callback"  # recovered from the statement
    CALLBACK_WITHOUT_STATEMENT_LINE = "callback_without_statement_line"
    UNKNOWN_NOTICE = "unknown_notice"  # a verified notice naming no order of ours


@dataclass(frozen=True)
class KnownOrder:
    reference: str
    amount_vnd: int


@dataclass(frozen=True)
class KnownBooking:
    bank_txn_id: str
    reference: str
    amount_vnd: int
    via: BookingVia


@dataclass(frozen=True)
class Finding:
    kind: ExceptionKind
    bank_txn_id: str
    reference: str
    expected_vnd: int | None = None
    received_vnd: int | None = None


@dataclass(frozen=True)
class ReconciliationPlan:
    matched: list[str] = field(default_factory=list)  # bank_txn_ids the statement confirms
    recover: list[StatementLine] = field(default_factory=list)  # to book from the statement
    findings: list[Finding] = field(default_factory=list)


def amount_finding(
    *, bank_txn_id: str, reference: str, ordered_vnd: int, received_vnd: int
) -> Finding | None:
    """A booking of another amount than ordered: booked as received (an excess kept as a
    credit, a shortfall left owed), and shown to an officer."""
    if ordered_vnd == received_vnd:
        return None
    return Finding(ExceptionKind.WRONG_AMOUNT, bank_txn_id, reference, ordered_vnd, received_vnd)


def reconcile(
    lines: Sequence[StatementLine],
    *,
    bookings: Mapping[str, KnownBooking],
    orders: Mapping[str, KnownOrder],
    booked_by_notice_that_day: Iterable[KnownBooking],
) -> ReconciliationPlan:
    """Match a day's statement line by line.

    `bookings` are what the platform booked, by bank transaction id, for the statement's
    lines; `orders` our orders by reference; `booked_by_notice_that_day` what notices booked
    on the statement's day, which the statement must show.
    """
    plan = ReconciliationPlan()
    seen: set[str] = set()
    for line in lines:
        seen.add(line.bank_txn_id)
        booking = bookings.get(line.bank_txn_id)
        if booking is not None:
            plan.matched.append(line.bank_txn_id)
            if booking.amount_vnd != line.amount_vnd:
                plan.findings.append(
                    Finding(
                        ExceptionKind.WRONG_AMOUNT,
                        line.bank_txn_id,
                        line.reference,
                        booking.amount_vnd,
                        line.amount_vnd,
                    )
                )
            continue
        order = orders.get(line.reference)
        if order is None:
            plan.findings.append(
                Finding(
                    ExceptionKind.UNKNOWN_REFERENCE,
                    line.bank_txn_id,
                    line.reference,
                    None,
                    line.amount_vnd,
                )
            )
            continue
        plan.recover.append(line)
        plan.findings.append(
            Finding(
                ExceptionKind.PAYMENT_WITHOUT_CALLBACK,
                line.bank_txn_id,
                line.reference,
                order.amount_vnd,
                line.amount_vnd,
            )
        )
        mismatch = amount_finding(
            bank_txn_id=line.bank_txn_id,
            reference=line.reference,
            ordered_vnd=order.amount_vnd,
            received_vnd=line.amount_vnd,
        )
        if mismatch is not None:
            plan.findings.append(mismatch)
    for booking in booked_by_notice_that_day:
        if booking.via is BookingVia.NOTICE and booking.bank_txn_id not in seen:
            plan.findings.append(
                Finding(
                    ExceptionKind.CALLBACK_WITHOUT_STATEMENT_LINE,
                    booking.bank_txn_id,
                    booking.reference,
                    booking.amount_vnd,
                    None,
                )
            )
    return plan
