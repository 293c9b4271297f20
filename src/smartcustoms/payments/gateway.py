"""What the platform asks of a bank, and what a bank tells it: the port every bank adapter
implements (the shipped sandbox bank, a real bank, the national payment switch).

Plain data and a protocol, no I/O: the payments service depends on this, adapters in
`smartcustoms.adapters` implement it. Amounts are whole Vietnamese dong (VND has no minor
unit in practice), so an amount is an `int` and never a float.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Protocol


class BookingStatus(StrEnum):
    BOOKED = "booked"  # the bank debited the payer and owes the amount to the treasury
    REJECTED = "rejected"  # the payer cancelled, or the bank refused (no funds, …)


@dataclass(frozen=True)
class PaymentOrder:
    """A payment the platform asks the payer's bank to make to the State Treasury."""

    reference: str  # the platform's payment reference; unique, printed on the statement
    amount_vnd: int
    payer_tax_code: str  # the enterprise's MST
    payer_name: str
    description: str  # free text shown to the payer: declaration numbers, taxes
    return_url: str  # where the bank sends the payer's browser afterwards


@dataclass(frozen=True)
class PaymentInitiation:
    """The bank's answer to an order: where the payer confirms it."""

    bank_payment_id: str
    redirect_url: str


@dataclass(frozen=True)
class BankNotice:
    """A bank's asynchronous notice (callback) about one order, once its signature is checked.

    `bank_txn_id` is unique per booking at that bank: the key that stops a payment being
    counted twice, whatever order and however often notices arrive.
    """

    bank: str
    bank_txn_id: str
    bank_payment_id: str
    reference: str
    amount_vnd: int
    status: BookingStatus
    booked_at: datetime
    sent_at: datetime


@dataclass(frozen=True)
class StatementLine:
    """One credit on the treasury's collection account, as the bank's statement shows it."""

    bank_txn_id: str
    reference: str  # the remittance information: the platform's payment reference
    amount_vnd: int
    booked_at: datetime
    payer_tax_code: str


@dataclass(frozen=True)
class Statement:
    """A day's statement (ISO 20022 camt.053) of the collection account."""

    bank: str
    statement_id: str
    on: date
    opening_balance_vnd: int
    closing_balance_vnd: int
    lines: Sequence[StatementLine]


class CallbackRejected(Exception):
    """A notice whose signature, timestamp or body does not check out; nothing is recorded."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class BankGateway(Protocol):
    """One bank, as the payments service sees it."""

    name: str

    def initiate(self, order: PaymentOrder) -> PaymentInitiation:
        """Ask the bank to prepare the payment; the payer confirms at `redirect_url`."""
        ...

    def verify_notice(self, *, headers: Mapping[str, str], body: bytes) -> BankNotice:
        """Check a callback's signature and freshness; CallbackRejected if it does not hold."""
        ...

    def statement(self, on: date) -> Statement:
        """Fetch and parse the day's camt.053 statement of the collection account."""
        ...


class BankFailure(OSError):
    """The bank could not be reached, refused the request, or answered what cannot be read.

    An OSError, as a connection failure is: a caller handles both the same way. Nothing is
    known to have changed at the bank, so the caller may try again (an order is idempotent
    by its reference).
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
