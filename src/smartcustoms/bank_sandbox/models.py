"""The sandbox bank's tables, in its own database and its own metadata.

Not in the platform's Alembic history: the bank is another system with a database of its
own. `create_tables` makes them when the bank starts (a sandbox's data may be thrown away;
a schema change here is a new file name or `--database-url`, never a migration).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Date,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    UniqueConstraint,
)
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from smartcustoms.db import NAMING, UtcDateTime


class SandboxBase(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Account(SandboxBase):
    """A payer's current account, or the treasury's collection account (kind "collection")."""

    __tablename__ = "sandbox_accounts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[str] = mapped_column(String(34), unique=True)
    kind: Mapped[str] = mapped_column(String(16))  # payer | collection
    holder_name: Mapped[str] = mapped_column(String(255))
    # The payer enterprise's MST; none for the collection account.
    tax_code: Mapped[str | None] = mapped_column(String(14), unique=True)
    balance_vnd: Mapped[int] = mapped_column(BigInteger)
    opened_at: Mapped[datetime] = mapped_column(UtcDateTime)


class PaymentOrder(SandboxBase):
    """A payment the platform asked for, waiting for the payer or decided."""

    __tablename__ = "sandbox_payment_orders"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    bank_payment_id: Mapped[str] = mapped_column(String(40), unique=True)
    reference: Mapped[str] = mapped_column(String(35), unique=True)
    amount_vnd: Mapped[int] = mapped_column(BigInteger)
    payer_tax_code: Mapped[str] = mapped_column(String(14))
    payer_name: Mapped[str] = mapped_column(String(255))
    description: Mapped[str] = mapped_column(String(500))
    return_url: Mapped[str] = mapped_column(String(2000))
    callback_url: Mapped[str | None] = mapped_column(String(2000))
    status: Mapped[str] = mapped_column(String(16))
    rejection: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class Booking(SandboxBase):
    """The bank's record of a decided order: a credit to the treasury, or a refusal."""

    __tablename__ = "sandbox_bookings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    bank_txn_id: Mapped[str] = mapped_column(String(35), unique=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("sandbox_payment_orders.id"), unique=True)
    status: Mapped[str] = mapped_column(String(16))  # booked | rejected (gateway.BookingStatus)
    amount_vnd: Mapped[int] = mapped_column(BigInteger)
    debit_account_id: Mapped[int | None] = mapped_column(ForeignKey("sandbox_accounts.id"))
    credit_account_id: Mapped[int] = mapped_column(ForeignKey("sandbox_accounts.id"))
    booked_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # The Vietnamese calendar day of booked_at: the statement the booking appears on.
    booking_day: Mapped[date] = mapped_column(Date, index=True)


class CallbackDelivery(SandboxBase):
    """One signed callback to send (a duplicated one is two rows), and how it went."""

    __tablename__ = "sandbox_callback_deliveries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    booking_id: Mapped[int] = mapped_column(ForeignKey("sandbox_bookings.id"), index=True)
    url: Mapped[str] = mapped_column(String(2000))
    state: Mapped[str] = mapped_column(String(16), index=True)
    held_for: Mapped[str | None] = mapped_column(String(16))
    # Sent in this order among those due (a reordered group is given descending positions).
    position: Mapped[int] = mapped_column(BigInteger)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UtcDateTime)
    last_status: Mapped[int | None] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(String(500))
    delivered_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class StatementFile(SandboxBase):
    """A closed day's camt.053 as it was first issued: the same bytes on every later fetch."""

    __tablename__ = "sandbox_statements"
    __table_args__ = (UniqueConstraint("account_id", "day"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("sandbox_accounts.id"))
    day: Mapped[date] = mapped_column(Date)
    statement_id: Mapped[str] = mapped_column(String(35), unique=True)
    xml: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


def create_tables(engine: Engine) -> None:
    SandboxBase.metadata.create_all(engine)
