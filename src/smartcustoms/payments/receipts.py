"""E-receipts (chứng từ nộp thuế điện tử): one per bank booking, a PDF the trader downloads,
with a verification code anyone can check on a public page.

Nothing is stored for a receipt: its number names the booking (`CT2026-00000042`) and its
code is an HMAC of the booking's facts under the platform's secret
(`receipts_pdf.receipt_code`), so the public page, given both, checks the code against the
booking as stored: a receipt whose figures were altered, or a code made up, fails.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from smartcustoms.declarations import service as declarations
from smartcustoms.errors import NotFound
from smartcustoms.identity import service as identity
from smartcustoms.identity.rules import Actor
from smartcustoms.payments import repository
from smartcustoms.payments.access import require_sees
from smartcustoms.payments.messages import name
from smartcustoms.payments.models import BankBooking, PaymentOrder
from smartcustoms.payments.receipts_pdf import (
    ReceiptData,
    ReceiptLine,
    check_receipt_code,
    receipt_code,
    render_receipt,
)
from smartcustoms.payments.rules import error

NUMBER = re.compile(r"CT(\d{4})-(\d{8})")


@dataclass(frozen=True)
class ReceiptEntry:
    """A bank payment as the receipts list shows it."""

    booking: BankBooking
    order: PaymentOrder

    @property
    def number(self) -> str:
        return receipt_number(self.booking)


def receipt_number(booking: BankBooking) -> str:
    return f"CT{booking.booked_at:%Y}-{booking.id:08d}"


def receipts(session: Session, *, actor: Actor, enterprise_id: int) -> list[ReceiptEntry]:
    require_sees(actor, enterprise_id)
    return [
        ReceiptEntry(b, o) for b, o in repository.bookings_of_enterprise(session, enterprise_id)
    ]


def _code(secret: str, booking: BankBooking, payer_tax_code: str) -> str:
    return receipt_code(
        secret,
        receipt_number=receipt_number(booking),
        amount_vnd=booking.amount_vnd,
        payer_tax_code=payer_tax_code,
        paid_at=booking.booked_at,
        bank_txn_id=booking.bank_txn_id,
    )


def receipt_pdf(
    session: Session,
    *,
    actor: Actor,
    booking_id: int,
    secret: str,
    verification_url: str,
    language: str,
) -> tuple[str, bytes]:
    """The receipt of a bank payment as a PDF: its file name and bytes.
    `verification_url` holds `{number}` and `{code}` where they go."""
    booking = repository.booking_by_id(session, booking_id)
    order = None if booking is None else repository.order_by_id(session, booking.order_id)
    if booking is None or order is None:
        raise error(NotFound, "receipt_not_found", code=str(booking_id))
    require_sees(actor, order.enterprise_id)
    payer = identity.get_organisation(session, order.enterprise_id)
    number, code = receipt_number(booking), _code(secret, booking, payer.tax_code or "")
    settled = repository.settlements_of_booking(session, booking.id)
    numbers = declarations.declaration_numbers(
        session, declaration_ids={o.declaration_id for _, o in settled}
    )
    lines = [
        ReceiptLine(name("kind", o.kind), s.amount_vnd, numbers.get(o.declaration_id))
        for s, o in settled
    ]
    for entry in repository.entries_of_booking(session, booking.id):
        # What went to an account: a top-up, a deferment paid off, an excess kept as credit.
        lines.append(ReceiptLine(name("entry", entry.reason), abs(entry.amount_vnd)))
    data = ReceiptData(
        receipt_number=number,
        issued_at=booking.recorded_at,
        payer_name=payer.name,
        payer_tax_code=payer.tax_code or "",
        amount_vnd=booking.amount_vnd,
        lines=lines,
        paid_at=booking.booked_at,
        bank=booking.bank,
        bank_txn_id=booking.bank_txn_id,
        reference=booking.reference,
        verification_code=code,
        verification_url=verification_url.replace("{number}", number).replace("{code}", code),
    )
    return f"{number}.pdf", render_receipt(data, language=language)


@dataclass(frozen=True)
class VerifiedReceipt:
    """What the public page shows of a genuine receipt."""

    number: str
    amount_vnd: int
    payer_name: str
    payer_tax_code: str
    paid_at: datetime
    bank: str


def verify_receipt(
    session: Session, *, number: str, code: str, secret: str
) -> VerifiedReceipt | None:
    """The receipt a number and a code belong to, if the code is genuine for the booking as
    stored; None otherwise (an unknown number, a wrong code, altered figures)."""
    matched = NUMBER.fullmatch(number.strip().upper())
    if matched is None:
        return None
    booking = repository.booking_by_id(session, int(matched.group(2)))
    if booking is None or receipt_number(booking) != matched.group(0):
        return None
    order = repository.order_by_id(session, booking.order_id)
    if order is None:
        return None
    payer = identity.get_organisation(session, order.enterprise_id)
    genuine = check_receipt_code(
        secret,
        code,
        receipt_number=receipt_number(booking),
        amount_vnd=booking.amount_vnd,
        payer_tax_code=payer.tax_code or "",
        paid_at=booking.booked_at,
        bank_txn_id=booking.bank_txn_id,
    )
    if not genuine:
        return None
    return VerifiedReceipt(
        receipt_number(booking),
        booking.amount_vnd,
        payer.name,
        payer.tax_code or "",
        booking.booked_at,
        booking.bank,
    )
