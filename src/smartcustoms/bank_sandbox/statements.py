"""The collection account's statements (camt.053) and notifications (camt.054) as XML.

A statement covers one Vietnamese calendar day (the bank's booking day). Once the day is
over its statement is final: made once, stored, and the same bytes on every later fetch, as
a bank's end-of-day file is. The current day's statement shows the day so far, under an id
of its own (`…-T<hhmmss>`), and is not stored: a real bank would send it as an intraday
camt.052 report.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from smartcustoms import iso20022
from smartcustoms.bank_sandbox import camt, repository
from smartcustoms.bank_sandbox.models import Account, StatementFile
from smartcustoms.bank_sandbox.rules import COLLECTION_ACCOUNT, SandboxError
from smartcustoms.kit.clock import VIETNAM, customs_date


def _collection(session: Session) -> Account:
    account = repository.account_by_number(session, COLLECTION_ACCOUNT)
    if account is None:
        raise RuntimeError("the ledger is not open: open_ledger() first")
    return account


def _entry(credit: repository.BookedCredit) -> camt.Entry:
    payer = credit.payer
    return camt.Entry(
        bank_txn_id=credit.booking.bank_txn_id,
        reference=credit.order.reference,
        amount_vnd=credit.booking.amount_vnd,
        booked_at=credit.booking.booked_at,
        payer_tax_code=credit.order.payer_tax_code,
        payer_name=payer.holder_name if payer is not None else credit.order.payer_name,
        payer_account=payer.number if payer is not None else "",
    )


def _header(account: Account) -> camt.AccountHeader:
    return camt.AccountHeader(number=account.number, name=account.holder_name)


def _build(session: Session, account: Account, day: date, *, final: bool, at: datetime) -> bytes:
    opened = customs_date(account.opened_at)
    base_id = f"S{day:%Y%m%d}-{account.number}"
    statement = camt.DayStatement(
        statement_id=base_id if final else f"{base_id}-T{at.astimezone(VIETNAM):%H%M%S}",
        sequence=max((day - opened).days + 1, 1),
        day=day,
        account=_header(account),
        opening_vnd=repository.credits_before(session, account_id=account.id, day=day),
        entries=[
            _entry(credit)
            for credit in repository.credits_on(session, account_id=account.id, day=day)
        ],
        created_at=at,
    )
    return iso20022.to_xml(iso20022.CAMT053, camt.statement_document(statement))


def statement_xml(session: Session, *, day: date, at: datetime) -> bytes:
    """The day's camt.053 of the treasury's collection account (final once the day is over)."""
    today = customs_date(at)
    if day > today:
        raise SandboxError("statement_not_ready", 409, day=day.isoformat())
    account = _collection(session)
    if day == today:
        return _build(session, account, day, final=False, at=at)
    stored = repository.statement_file(session, account_id=account.id, day=day)
    if stored is not None:
        return stored.xml
    xml = _build(session, account, day, final=True, at=at)
    try:
        with session.begin_nested():
            session.add(
                StatementFile(
                    account_id=account.id,
                    day=day,
                    statement_id=f"S{day:%Y%m%d}-{account.number}",
                    xml=xml,
                    created_at=at,
                )
            )
    except IntegrityError:
        # Another request issued it first: theirs is the statement.
        stored = repository.statement_file(session, account_id=account.id, day=day)
        if stored is None:
            raise
        return stored.xml
    return xml


def notification_xml(session: Session, *, bank_txn_id: str, at: datetime) -> bytes:
    """A camt.054 notifying one booked credit."""
    booking = repository.booking_by_txn_id(session, bank_txn_id)
    if booking is None or booking.status != "booked":
        raise SandboxError("booking_not_found", 404, bank_txn_id=bank_txn_id)
    account = repository.account(session, booking.credit_account_id)
    credit = next(
        credit
        for credit in repository.credits_on(session, account_id=account.id, day=booking.booking_day)
        if credit.booking.id == booking.id
    )
    document = camt.notification_document(_entry(credit), account=_header(account), created_at=at)
    return iso20022.to_xml(iso20022.CAMT054, document)
