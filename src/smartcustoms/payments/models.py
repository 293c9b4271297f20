"""Payments tables: obligations and what settled them, accounts and their entries,
guarantees, standing authorities, bank orders, bookings, notices, statements and the
exceptions reconciliation found. Money is whole dong (BigInteger), never a float."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from smartcustoms.db import Base, UtcDateTime


class Obligation(Base):
    """What a declaration owes of one kind (a tax, or the fee).

    One row per declaration and kind: an amendment that registers moves its declaration's
    rows to the new version and sets their amounts, so what was paid stays with them.
    """

    __tablename__ = "payment_obligations"
    __table_args__ = (UniqueConstraint("declaration_id", "kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    # The declaration's first version: what stays the same through amendments, so payments
    # and orders name it.
    chain_id: Mapped[int] = mapped_column(ForeignKey("declarations.id"), index=True)
    # The version in force that states the amount (the latest registered amendment).
    declaration_id: Mapped[int] = mapped_column(ForeignKey("declarations.id"))
    kind: Mapped[str] = mapped_column(String(20))
    amount_vnd: Mapped[int] = mapped_column(BigInteger)
    registered_on: Mapped[date] = mapped_column(Date)  # the first version's, Vietnam day
    due_on: Mapped[date] = mapped_column(Date)
    basis: Mapped[str] = mapped_column(String(20))  # rules.DeadlineBasis, or "fee"
    # The risk domain's tax-debt row that mirrors this declaration's unpaid obligations.
    risk_debt_id: Mapped[int | None] = mapped_column(ForeignKey("tax_debts.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class Settlement(Base):
    """An amount that settled an obligation (negative: given back to the cash account)."""

    __tablename__ = "payment_settlements"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    obligation_id: Mapped[int] = mapped_column(ForeignKey("payment_obligations.id"), index=True)
    amount_vnd: Mapped[int] = mapped_column(BigInteger)
    source: Mapped[str] = mapped_column(String(20))  # rules.PaymentSource
    booking_id: Mapped[int | None] = mapped_column(ForeignKey("bank_bookings.id"), index=True)
    account_entry_id: Mapped[int | None] = mapped_column(ForeignKey("account_entries.id"))
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class Account(Base):
    """An enterprise's cash or deferment account; the row is locked while it is debited."""

    __tablename__ = "payment_accounts"
    __table_args__ = (
        UniqueConstraint("enterprise_id", "kind"),
        # The last line of defence: even a wrong service could not take it below zero.
        CheckConstraint("balance_vnd >= 0", name="balance_not_negative"),
        CheckConstraint("kind <> 'deferment' OR balance_vnd <= limit_vnd", name="within_limit"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    kind: Mapped[str] = mapped_column(String(20))  # rules.AccountKind
    # cash: money held; deferment: amount deferred and not yet paid
    balance_vnd: Mapped[int] = mapped_column(BigInteger, default=0)
    limit_vnd: Mapped[int] = mapped_column(BigInteger, default=0)
    low_balance_vnd: Mapped[int | None] = mapped_column(BigInteger)  # warn below this
    opened_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class AccountEntry(Base):
    """One movement of an account, with the balance it left: the account's statement."""

    __tablename__ = "account_entries"
    __table_args__ = (Index("ix_account_entries_account_at", "account_id", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("payment_accounts.id"))
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    amount_vnd: Mapped[int] = mapped_column(BigInteger)  # the balance's change, signed
    balance_after_vnd: Mapped[int] = mapped_column(BigInteger)
    reason: Mapped[str] = mapped_column(String(30))
    declaration_id: Mapped[int | None] = mapped_column(ForeignKey("declarations.id"))
    booking_id: Mapped[int | None] = mapped_column(ForeignKey("bank_bookings.id"))
    due_on: Mapped[date | None] = mapped_column(Date)  # a deferment's payment deadline
    by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class Guarantee(Base):
    """A bank's guarantee of an enterprise's taxes, general or for one declaration."""

    __tablename__ = "payment_guarantees"
    __table_args__ = (
        UniqueConstraint("issuer", "reference"),
        CheckConstraint("used_vnd >= 0 AND used_vnd <= amount_vnd", name="within_amount"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    issuer: Mapped[str] = mapped_column(String(200))  # the guaranteeing bank
    reference: Mapped[str] = mapped_column(String(50))  # the guarantee letter's number
    amount_vnd: Mapped[int] = mapped_column(BigInteger)
    used_vnd: Mapped[int] = mapped_column(BigInteger, default=0)
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date] = mapped_column(Date)
    declaration_id: Mapped[int | None] = mapped_column(ForeignKey("declarations.id"))
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime)


class GuaranteeCover(Base):
    """Part of a guarantee set against an obligation, until the obligation is paid."""

    __tablename__ = "guarantee_covers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    guarantee_id: Mapped[int] = mapped_column(ForeignKey("payment_guarantees.id"), index=True)
    obligation_id: Mapped[int] = mapped_column(ForeignKey("payment_obligations.id"), index=True)
    amount_vnd: Mapped[int] = mapped_column(BigInteger)
    covered_at: Mapped[datetime] = mapped_column(UtcDateTime)
    released_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class StandingAuthority(Base):
    """An enterprise's leave for a broker's company to use its accounts."""

    __tablename__ = "standing_authorities"
    __table_args__ = (Index("ix_standing_authorities_pair", "enterprise_id", "agent_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    agent_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    granted_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    granted_at: Mapped[datetime] = mapped_column(UtcDateTime)
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class PaymentOrder(Base):
    """A payment the platform asked a bank to make: its reference is on the statement."""

    __tablename__ = "payment_orders"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    # The declaration's first version (Obligation.chain_id), for a declaration's obligations.
    chain_id: Mapped[int | None] = mapped_column(ForeignKey("declarations.id"), index=True)
    purpose: Mapped[str] = mapped_column(String(20))  # rules.Purpose
    amount_vnd: Mapped[int] = mapped_column(BigInteger)
    bank: Mapped[str] = mapped_column(String(40))
    bank_payment_id: Mapped[str | None] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(20))  # rules.PaymentStatus
    ordered_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    ordered_at: Mapped[datetime] = mapped_column(UtcDateTime)
    booked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class BankBooking(Base):
    """Money a bank booked for the treasury: counted once, by the bank's transaction id."""

    __tablename__ = "bank_bookings"
    __table_args__ = (UniqueConstraint("bank", "bank_txn_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    bank: Mapped[str] = mapped_column(String(40))
    bank_txn_id: Mapped[str] = mapped_column(String(100))
    order_id: Mapped[int] = mapped_column(ForeignKey("payment_orders.id"), index=True)
    reference: Mapped[str] = mapped_column(String(20))
    amount_vnd: Mapped[int] = mapped_column(BigInteger)
    booked_at: Mapped[datetime] = mapped_column(UtcDateTime)  # the bank's time
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime)  # when the platform knew
    via: Mapped[str] = mapped_column(String(20))  # rules.BookingVia
    statement_id: Mapped[int | None] = mapped_column(ForeignKey("bank_statements.id"))


class BankNoticeRecord(Base):
    """Every verified notice, once per (bank, transaction, status): replays add nothing."""

    __tablename__ = "bank_notices"
    __table_args__ = (UniqueConstraint("bank", "bank_txn_id", "status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    bank: Mapped[str] = mapped_column(String(40))
    bank_txn_id: Mapped[str] = mapped_column(String(100))
    bank_payment_id: Mapped[str] = mapped_column(String(100))
    reference: Mapped[str] = mapped_column(String(40))
    amount_vnd: Mapped[int] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(20))
    booked_at: Mapped[datetime] = mapped_column(UtcDateTime)
    sent_at: Mapped[datetime] = mapped_column(UtcDateTime)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime)


class BankStatement(Base):
    """A day's statement of the collection account, imported once."""

    __tablename__ = "bank_statements"
    __table_args__ = (UniqueConstraint("bank", "statement_ref"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    bank: Mapped[str] = mapped_column(String(40))
    statement_ref: Mapped[str] = mapped_column(String(100))
    on_date: Mapped[date] = mapped_column(Date)
    opening_balance_vnd: Mapped[int] = mapped_column(BigInteger)
    closing_balance_vnd: Mapped[int] = mapped_column(BigInteger)
    lines: Mapped[int] = mapped_column(Integer)
    imported_at: Mapped[datetime] = mapped_column(UtcDateTime)


class ReconciliationException(Base):
    """A mismatch reconciliation found, listed for an officer until resolved."""

    __tablename__ = "reconciliation_exceptions"
    __table_args__ = (UniqueConstraint("kind", "bank", "bank_txn_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))  # rules.ExceptionKind
    bank: Mapped[str] = mapped_column(String(40))
    bank_txn_id: Mapped[str] = mapped_column(String(100))
    reference: Mapped[str] = mapped_column(String(40))
    expected_vnd: Mapped[int | None] = mapped_column(BigInteger)
    received_vnd: Mapped[int | None] = mapped_column(BigInteger)
    statement_id: Mapped[int | None] = mapped_column(ForeignKey("bank_statements.id"))
    found_at: Mapped[datetime] = mapped_column(UtcDateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    note: Mapped[str] = mapped_column(String(500), default="")


class Notification(Base):
    """A message to an enterprise's users: an account ran low, duty is due or overdue."""

    __tablename__ = "payment_notifications"
    __table_args__ = (Index("ix_payment_notifications_enterprise", "enterprise_id", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    kind: Mapped[str] = mapped_column(String(20))  # rules.NoticeKind
    # What makes it once only (rules.reminder_key / event_key).
    key: Mapped[str] = mapped_column(String(120), unique=True)
    account_kind: Mapped[str | None] = mapped_column(String(20))  # low balance: which account
    amount_vnd: Mapped[int | None] = mapped_column(BigInteger)  # available, or outstanding
    threshold_vnd: Mapped[int | None] = mapped_column(BigInteger)  # low balance: the level
    chain_id: Mapped[int | None] = mapped_column(ForeignKey("declarations.id"))
    due_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
