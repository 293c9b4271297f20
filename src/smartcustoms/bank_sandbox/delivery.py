"""Sends the bank's callbacks: signed, in order, and retried with backoff until answered 2xx.

The deliveries are rows written with the booking (service.py), so a callback survives the
bank's restart and the platform's downtime alike. One worker thread per bank process sends
them: it wakes when a payment is decided (`wake`) and otherwise every `poll_seconds` to retry
what is due. Each attempt is signed afresh (its own `sent_at` and signature time), so a
callback retried hours later is still inside the platform's freshness window; the
`bank_txn_id` stays the same, which is how the platform knows it has seen it.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import httpx2
from sqlalchemy.orm import Session, sessionmaker

from smartcustoms.bank_sandbox import repository
from smartcustoms.bank_sandbox.models import Booking, CallbackDelivery, PaymentOrder
from smartcustoms.bank_sandbox.rules import BANK_NAME, DeliveryState, retry_after
from smartcustoms.db import transaction
from smartcustoms.kit.clock import Clock
from smartcustoms.kit.signatures import SIGNATURE_HEADER, sign

log = logging.getLogger(__name__)


def notice_body(booking: Booking, order: PaymentOrder, *, sent_at: datetime) -> bytes:
    """The callback's JSON: what `gateway.BankNotice` holds, plus the refusal's reason."""
    notice = {
        "bank": BANK_NAME,
        "bank_txn_id": booking.bank_txn_id,
        "bank_payment_id": order.bank_payment_id,
        "reference": order.reference,
        "amount_vnd": booking.amount_vnd,
        "status": booking.status,
        "reason": order.rejection,
        "booked_at": booking.booked_at.isoformat(),
        "sent_at": sent_at.isoformat(),
    }
    return json.dumps(notice, ensure_ascii=False, separators=(",", ":")).encode()


@dataclass(frozen=True)
class Attempt:
    delivery_id: int
    bank_txn_id: str
    status: int | None  # the platform's HTTP status; None if it could not be reached
    error: str | None


class CallbackWorker:
    """The thread that sends due callbacks; `deliver_due` is one pass, callable directly."""

    def __init__(
        self,
        *,
        session_factory: sessionmaker[Session],
        clock: Clock,
        key: bytes,
        client: httpx2.Client,
        poll_seconds: float = 1.0,
        batch: int = 50,
        on_attempt: Callable[[Attempt], None] | None = None,
    ) -> None:
        self._sessions = session_factory
        self._clock = clock
        self._key = key
        self._client = client
        self._poll_seconds = poll_seconds
        self._batch = batch
        # Told of every attempt once it is recorded (logs, tests waiting for a retry).
        self.on_attempt = on_attempt
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._run, name="bank-sandbox-callbacks", daemon=True
            )
            self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stopping.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def wake(self) -> None:
        """Look for due callbacks now rather than at the next poll."""
        self._wake.set()

    def _run(self) -> None:
        while not self._stopping.is_set():
            # Cleared before the pass: a wake during the pass makes the next wait return at once.
            self._wake.clear()
            try:
                self.deliver_due()
            except Exception:  # a database hiccup must not end the thread; the next pass retries
                log.exception("callback delivery pass failed")
            self._wake.wait(self._poll_seconds)

    def deliver_due(self) -> list[Attempt]:
        """Send every callback due now, in order; what each attempt gave."""
        with transaction(self._sessions) as session:
            due = [
                delivery.id
                for delivery in repository.due_deliveries(
                    session, now=self._clock.now(), limit=self._batch
                )
            ]
        attempts = [self._attempt(delivery_id) for delivery_id in due]
        return [attempt for attempt in attempts if attempt is not None]

    def _attempt(self, delivery_id: int) -> Attempt | None:
        now = self._clock.now()
        with transaction(self._sessions) as session:
            booking, order = repository.delivery_context(session, delivery_id)
            delivery = session.get_one(CallbackDelivery, delivery_id)
            if delivery.state != DeliveryState.PENDING:
                return None  # dropped or delivered since it was listed
            url, bank_txn_id = delivery.url, booking.bank_txn_id
            body = notice_body(booking, order, sent_at=now)
        headers = {
            "Content-Type": "application/json",
            SIGNATURE_HEADER: sign(self._key, payload=body, at=now),
        }
        status: int | None = None
        error: str | None = None
        try:
            response = self._client.post(url, content=body, headers=headers)
            status = response.status_code
            if not 200 <= status < 300:
                error = f"HTTP {status}: {response.text[:200]}"
        except httpx2.HTTPError as failure:
            error = f"{type(failure).__name__}: {failure}"[:500]
        self._record(delivery_id, status=status, error=error, at=now)
        if error is not None:
            log.info("callback %s for %s not taken: %s", delivery_id, bank_txn_id, error)
        attempt = Attempt(delivery_id, bank_txn_id, status, error)
        if self.on_attempt is not None:
            self.on_attempt(attempt)
        return attempt

    def _record(
        self, delivery_id: int, *, status: int | None, error: str | None, at: datetime
    ) -> None:
        with transaction(self._sessions) as session:
            delivery = session.get_one(CallbackDelivery, delivery_id)
            delivery.attempts += 1
            delivery.last_status = status
            delivery.last_error = error
            if error is None:
                delivery.state = DeliveryState.DELIVERED
                delivery.delivered_at = at
            else:
                delivery.next_attempt_at = at + retry_after(delivery.attempts)
