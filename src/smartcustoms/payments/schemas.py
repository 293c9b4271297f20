"""Payments API schemas: <Noun><Purpose>. Amounts are whole dong (integers, or their digits
as a string from a form); shapes and lengths here, business rules in rules.py."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, StringConstraints

from smartcustoms.kit.ids import RowId
from smartcustoms.kit.text import CleanText, RequiredText
from smartcustoms.kit.wire import IsoDate, WholeNumber
from smartcustoms.payments.rules import AccountKind

# Up to 10**15 dong (about 40 billion USD): exact as a JSON double.
Vnd = Annotated[int, WholeNumber(digits=15, minimum=1, maximum=10**15)]
VndOrZero = Annotated[int, WholeNumber(digits=15, minimum=0, maximum=10**15)]
BankName = Annotated[str, StringConstraints(min_length=1, max_length=40), RequiredText]


class Named(BaseModel):
    """A code with its English and Vietnamese names."""

    code: str
    en: str
    vi: str


class ObligationRead(BaseModel):
    id: int
    kind: Named
    amount_vnd: int
    paid_vnd: int
    covered_vnd: int
    outstanding_vnd: int
    due_on: date
    basis: str
    overdue: bool


class DeclarationDuesRead(BaseModel):
    declaration_id: int
    first_version_id: int
    number: str | None
    enterprise_id: int
    obligations: list[ObligationRead]
    outstanding_vnd: int
    interest_vnd: int
    taxes_met: bool
    overdue: bool


class OnlinePaymentCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    bank: BankName
    return_url: Annotated[str, StringConstraints(max_length=500), CleanText] = ""


class TopUpCreate(OnlinePaymentCreate):
    amount_vnd: Vnd
    purpose: Literal["cash_topup", "deferment"] = "cash_topup"


class PaymentStartedRead(BaseModel):
    reference: str
    amount_vnd: int
    redirect_url: str


class PaymentOrderRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    reference: str
    enterprise_id: int
    purpose: str
    amount_vnd: int
    bank: str
    status: str
    ordered_at: datetime
    booked_at: datetime | None


class AccountPaymentCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    account: AccountKind


class GuaranteeUse(BaseModel):
    model_config = ConfigDict(extra="forbid")

    guarantee_id: RowId


class GuaranteeCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    issuer: Annotated[str, StringConstraints(min_length=1, max_length=200), RequiredText]
    reference: Annotated[str, StringConstraints(min_length=1, max_length=50), RequiredText]
    amount_vnd: Vnd
    valid_from: IsoDate
    valid_to: IsoDate
    declaration_id: RowId | None = None


class GuaranteeRead(BaseModel):
    id: int
    issuer: str
    reference: str
    amount_vnd: int
    used_vnd: int
    available_vnd: int
    valid_from: date
    valid_to: date
    valid_today: bool
    declaration_id: int | None


class AccountRead(BaseModel):
    kind: Named
    balance_vnd: int
    limit_vnd: int
    available_vnd: int
    low_balance_vnd: int | None
    low: bool


class AuthorityRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    agent_id: int
    granted_at: datetime
    revoked_at: datetime | None


class AccountsRead(BaseModel):
    enterprise_id: int
    accounts: list[AccountRead]
    guarantees: list[GuaranteeRead]
    authorities: list[AuthorityRead]


class AuthorityCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    agent_id: RowId


class DefermentLimitWrite(BaseModel):
    model_config = ConfigDict(extra="forbid")

    limit_vnd: VndOrZero


class WarningWrite(BaseModel):
    model_config = ConfigDict(extra="forbid")

    threshold_vnd: VndOrZero | None = None


class AccountEntryRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    at: datetime
    amount_vnd: int
    balance_after_vnd: int
    reason: str
    declaration_id: int | None
    due_on: date | None


class NoticeRead(BaseModel):
    new: bool
    status: str | None
    booked: bool


class ReconciledRead(BaseModel):
    statement_id: str
    on: date
    new: bool
    matched: int
    recovered: int
    exceptions: int


class ExceptionRead(BaseModel):
    id: int
    kind: Named
    bank: str
    bank_txn_id: str
    reference: str
    expected_vnd: int | None
    received_vnd: int | None
    found_at: datetime
    resolved_at: datetime | None
    note: str


class ExceptionResolve(BaseModel):
    model_config = ConfigDict(extra="forbid")

    note: Annotated[str, StringConstraints(min_length=1, max_length=500), RequiredText]


class OverdueRead(BaseModel):
    enterprise_id: int
    first_version_id: int
    outstanding_vnd: int
    oldest_due_on: date
    days_overdue: int


class DurationsRead(BaseModel):
    count: int
    p50_seconds: float | None
    p95_seconds: float | None


class FiguresRead(BaseModel):
    since: datetime
    until: datetime
    obligations: int
    share_payable_online: float | None
    settled_vnd: int
    share_paid_online: float | None
    bank_payments: int
    payments_outside_platform: int
    share_transactions_online: float | None
    registration_to_payment: DurationsRead
    bank_to_platform: DurationsRead


class NotificationRead(BaseModel):
    """A notification to the enterprise's users, its title and text in both languages."""

    id: int
    kind: Named
    text: Named  # code: the kind again; en / vi: the message
    created_at: datetime
    declaration_id: int | None


class RemindersRead(BaseModel):
    duty_due: int
    duty_overdue: int
    notifications: int
