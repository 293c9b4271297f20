"""The merchant API the platform calls (signed with the shared key) and the test controls.

Every merchant request carries `X-Bank-Signature: t=<unix>,v1=<hex>` over its method, path
and body (`kit.signatures.request_payload`); one unsigned, badly signed or signed more than
five minutes off the bank's clock is refused with 401 before anything is read or written.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request, Response
from sqlalchemy.orm import Session

from smartcustoms.bank_sandbox import service
from smartcustoms.bank_sandbox.models import PaymentOrder
from smartcustoms.bank_sandbox.rules import SandboxError
from smartcustoms.bank_sandbox.runtime import Bank, get_bank
from smartcustoms.bank_sandbox.schemas import (
    BalanceUpdate,
    DeliveryRead,
    FaultCreate,
    FaultsRead,
    PaymentCreate,
    PaymentRead,
    Released,
)
from smartcustoms.db import transaction
from smartcustoms.kit.signatures import (
    SIGNATURE_HEADER,
    SignatureInvalid,
    request_payload,
    verify,
)

XML = "application/xml"
MAX_BODY_BYTES = 64 * 1024  # a payment order is well under 4 kB
PaymentId = Annotated[str, Path(pattern=r"^[A-Z0-9]{1,40}$")]
TxnId = Annotated[str, Path(pattern=r"^[A-Z0-9]{1,35}$")]
TaxCodePath = Annotated[str, Path(pattern=r"^[0-9]{10}(-[0-9]{3})?$")]
BankDep = Annotated[Bank, Depends(get_bank)]


async def signed(request: Request, bank: BankDep) -> None:
    """Refuse a merchant request whose signature does not hold (async: reading the body)."""
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > MAX_BODY_BYTES:
        # Refused before it is read: the signature is checked on the whole body.
        raise SandboxError("body_too_large", 413, limit=MAX_BODY_BYTES)
    body = await request.body()
    path = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    try:
        verify(
            bank.key,
            header=request.headers.get(SIGNATURE_HEADER),
            payload=request_payload(request.method, path, body),
            now=bank.clock.now(),
        )
    except SignatureInvalid as refused:
        raise SandboxError("signature_refused", 401, reason=refused.reason) from refused


router = APIRouter(prefix="/merchant/v1", tags=["merchant"], dependencies=[Depends(signed)])


def _read(bank: Bank, session: Session, order: PaymentOrder) -> PaymentRead:
    booking = service.booking_of(session, order)
    return PaymentRead(
        bank_payment_id=order.bank_payment_id,
        reference=order.reference,
        amount_vnd=order.amount_vnd,
        status=order.status,
        rejection=order.rejection,
        redirect_url=f"{bank.settings.public_url.rstrip('/')}/pay/{order.bank_payment_id}",
        bank_txn_id=booking.bank_txn_id if booking is not None else None,
        created_at=order.created_at,
        decided_at=order.decided_at,
    )


@router.post("/payments", status_code=201)
def initiate(body: PaymentCreate, bank: BankDep, response: Response) -> PaymentRead:
    """Prepare a payment; the payer confirms it at `redirect_url`. Idempotent by reference."""
    with transaction(bank.sessions) as session:
        known = service.order_exists(session, body.reference)
        order = service.initiate(
            session,
            service.OrderRequest(**body.model_dump()),
            opening_balance=bank.settings.opening_balance_vnd,
            at=bank.clock.now(),
        )
        if known:
            response.status_code = 200
        return _read(bank, session, order)


@router.get("/payments/{bank_payment_id}")
def payment(bank_payment_id: PaymentId, bank: BankDep) -> PaymentRead:
    with transaction(bank.sessions) as session:
        return _read(bank, session, service.find_order(session, bank_payment_id))


@router.get("/statements/{day}", response_class=Response, responses={200: {"content": {XML: {}}}})
def statement(day: date, bank: BankDep) -> Response:
    """The collection account's camt.053.001.08 statement of a Vietnamese calendar day."""
    with transaction(bank.sessions) as session:
        xml = service.statement_xml(session, day=day, at=bank.clock.now())
    return Response(xml, media_type=XML)


@router.get(
    "/notifications/{bank_txn_id}", response_class=Response, responses={200: {"content": {XML: {}}}}
)
def notification(bank_txn_id: TxnId, bank: BankDep) -> Response:
    """A camt.054.001.08 notification of one booked credit."""
    with transaction(bank.sessions) as session:
        xml = service.notification_xml(session, bank_txn_id=bank_txn_id, at=bank.clock.now())
    return Response(xml, media_type=XML)


# --- test controls: mounted only with --test-controls ----------------------------------------

controls = APIRouter(prefix="/_test", tags=["test controls"])


@controls.post("/faults")
def arm_fault(body: FaultCreate, bank: BankDep) -> FaultsRead:
    """Drop, duplicate, delay or reorder the next `count` callbacks."""
    return FaultsRead(armed=service.arm_fault(bank.faults, body.fault, body.count))


@controls.delete("/faults")
def clear_faults(bank: BankDep) -> FaultsRead:
    with bank.faults.lock:
        bank.faults.plan.clear()
    return FaultsRead(armed=[])


@controls.post("/callbacks/release")
def release(bank: BankDep) -> Released:
    """Send the callbacks a `delay` held back."""
    with transaction(bank.sessions) as session:
        released = service.release_delayed(session, at=bank.clock.now())
    bank.worker.wake()
    return Released(released=released)


@controls.get("/callbacks")
def callbacks(bank: BankDep) -> list[DeliveryRead]:
    with transaction(bank.sessions) as session:
        return [
            DeliveryRead(
                id=delivery.id,
                bank_txn_id=booking.bank_txn_id,
                url=delivery.url,
                state=delivery.state,
                held_for=delivery.held_for,
                attempts=delivery.attempts,
                last_status=delivery.last_status,
                delivered_at=delivery.delivered_at,
            )
            for delivery, booking in service.deliveries(session)
        ]


@controls.put("/accounts/{tax_code}/balance", status_code=204)
def set_balance(tax_code: TaxCodePath, body: BalanceUpdate, bank: BankDep) -> None:
    with transaction(bank.sessions) as session:
        service.set_payer_balance(session, tax_code=tax_code, balance_vnd=body.balance_vnd)
