"""The sandbox bank as a `payments.gateway.BankGateway`: its merchant API over HTTP.

Requests are signed with the shared key (`kit.signatures`: HMAC-SHA256 over the time, the
method, the path and the body), and so are the bank's callbacks, which `verify_notice`
checks: the signature in constant time, its time within a window of the platform's clock,
then the body's shape. Statements are camt.053 files (`adapters.camt`). A real bank, or the
national payment switch, is another class with these three methods.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import httpx2

from smartcustoms.adapters.camt import read_statement
from smartcustoms.config import Settings
from smartcustoms.kit.clock import Clock
from smartcustoms.kit.signatures import (
    SIGNATURE_HEADER,
    SignatureInvalid,
    request_payload,
    sign,
    verify,
)
from smartcustoms.payments.gateway import (
    BankFailure,
    BankNotice,
    BookingStatus,
    CallbackRejected,
    PaymentInitiation,
    PaymentOrder,
    Statement,
)

MIN_KEY_BYTES = 32
NOTICE_FIELDS = ("bank", "bank_txn_id", "bank_payment_id", "reference", "amount_vnd")


class BankKeyRefused(Exception):
    """The bank is configured without a usable shared key (a start-up error)."""


class SandboxBankGateway:
    """The sandbox bank (`smartcustoms bank-sandbox`) at `base_url`."""

    name = "sandbox"

    def __init__(
        self,
        *,
        base_url: str,
        key: bytes,
        clock: Clock,
        callback_url: str | None = None,
        client: httpx2.Client | None = None,
        timeout_seconds: float = 10.0,
        tolerance: timedelta = timedelta(minutes=5),
    ) -> None:
        if len(key) < MIN_KEY_BYTES:
            raise BankKeyRefused(f"the bank's shared key needs {MIN_KEY_BYTES} bytes")
        self._base_url = base_url.rstrip("/")
        self._key = key
        self._clock = clock
        self._callback_url = callback_url
        self._tolerance = tolerance
        self._client = client or httpx2.Client(
            timeout=timeout_seconds, trust_env=False, follow_redirects=False
        )

    @property
    def origin(self) -> str:
        """Where the payer's browser is sent to confirm (a form's target, for the portal's
        Content-Security-Policy)."""
        parts = urlsplit(self._base_url)
        return f"{parts.scheme}://{parts.netloc}"

    def close(self) -> None:
        self._client.close()

    # --- requests --------------------------------------------------------------------------

    def _send(self, method: str, path: str, body: bytes = b"") -> httpx2.Response:
        url = self._base_url + path
        parts = urlsplit(url)
        signed_path = parts.path + (f"?{parts.query}" if parts.query else "")
        headers = {
            SIGNATURE_HEADER: sign(
                self._key,
                payload=request_payload(method, signed_path, body),
                at=self._clock.now(),
            )
        }
        if body:
            headers["Content-Type"] = "application/json"
        try:
            response = self._client.request(method, url, content=body, headers=headers)
        except httpx2.HTTPError as failure:
            raise BankFailure(f"{method} {path}: {type(failure).__name__}") from failure
        if response.status_code >= 500 or response.status_code in (401, 403):
            # A refused signature is our configuration's fault, not the order's.
            raise BankFailure(f"{method} {path}: HTTP {response.status_code} {_detail(response)}")
        return response

    def initiate(self, order: PaymentOrder) -> PaymentInitiation:
        """Ask the bank for the payment; the same order twice gives the same bank payment."""
        fields: dict[str, Any] = {
            "reference": order.reference,
            "amount_vnd": order.amount_vnd,
            "payer_tax_code": order.payer_tax_code,
            "payer_name": order.payer_name,
            "description": order.description,
            "return_url": order.return_url,
        }
        if self._callback_url:
            fields["callback_url"] = self._callback_url
        response = self._send("POST", "/merchant/v1/payments", json.dumps(fields).encode())
        if response.status_code not in (200, 201):
            raise BankFailure(f"HTTP {response.status_code} {_detail(response)}")
        answer = _json_object(response)
        payment_id, redirect = answer.get("bank_payment_id"), answer.get("redirect_url")
        if not isinstance(payment_id, str) or not isinstance(redirect, str):
            raise BankFailure("the bank's answer has no payment id or redirect URL")
        return PaymentInitiation(bank_payment_id=payment_id, redirect_url=redirect)

    def statement(self, on: date) -> Statement:
        """The collection account's camt.053 of that day (so far, if it is today)."""
        response = self._send("GET", f"/merchant/v1/statements/{on.isoformat()}")
        if response.status_code != 200:
            raise BankFailure(f"statement of {on}: HTTP {response.status_code}")
        return read_statement(response.content, bank=self.name)

    # --- callbacks -------------------------------------------------------------------------

    def verify_notice(self, *, headers: Mapping[str, str], body: bytes) -> BankNotice:
        """The callback as a BankNotice; CallbackRejected if its signature, time or body fails.

        Replays inside the time window pass here, by design: the notice's `bank_txn_id` is
        what makes a second arrival harmless (the payments service counts it once).
        """
        try:
            verify(
                self._key,
                header=_header(headers, SIGNATURE_HEADER),
                payload=body,
                now=self._clock.now(),
                tolerance=self._tolerance,
            )
        except SignatureInvalid as invalid:
            raise CallbackRejected(f"signature {invalid.reason}: {invalid.detail}") from invalid
        return self._notice(body)

    def _notice(self, body: bytes) -> BankNotice:
        try:
            data = json.loads(body)
        except ValueError as error:  # includes UnicodeDecodeError
            raise CallbackRejected("body is not JSON") from error
        if not isinstance(data, dict):
            raise CallbackRejected("body is not a JSON object")
        for field in NOTICE_FIELDS:
            value = data.get(field)
            wanted = int if field == "amount_vnd" else str
            # bool is an int in Python, never an amount.
            if not isinstance(value, wanted) or isinstance(value, bool):
                raise CallbackRejected(f"{field} is missing or not a {wanted.__name__}")
        if data["bank"] != self.name:
            raise CallbackRejected(f"notice from bank {data['bank']!r}, not {self.name!r}")
        if data["amount_vnd"] <= 0:
            raise CallbackRejected("amount_vnd is not positive")
        try:
            status = BookingStatus(str(data.get("status")))
        except ValueError as error:
            raise CallbackRejected("status is not booked or rejected") from error
        return BankNotice(
            bank=data["bank"],
            bank_txn_id=data["bank_txn_id"],
            bank_payment_id=data["bank_payment_id"],
            reference=data["reference"],
            amount_vnd=data["amount_vnd"],
            status=status,
            booked_at=_instant(data.get("booked_at"), "booked_at"),
            sent_at=_instant(data.get("sent_at"), "sent_at"),
        )


def _header(headers: Mapping[str, str], name: str) -> str | None:
    """A header by name in any case (a plain dict is case-sensitive, HTTP is not)."""
    value = headers.get(name)
    if value is not None:
        return value
    wanted = name.lower()
    return next((v for k, v in headers.items() if k.lower() == wanted), None)


def _instant(value: Any, field: str) -> datetime:
    if not isinstance(value, str):
        raise CallbackRejected(f"{field} is missing")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as error:
        raise CallbackRejected(f"{field} is not an ISO date-time") from error
    if moment.tzinfo is None:
        raise CallbackRejected(f"{field} has no time zone")
    return moment


def _json_object(response: httpx2.Response) -> dict[str, Any]:
    try:
        answer = response.json()
    except ValueError as error:
        raise BankFailure("the bank's answer is not JSON") from error
    if not isinstance(answer, dict):
        raise BankFailure("the bank's answer is not a JSON object")
    return answer


def _detail(response: httpx2.Response) -> str:
    try:
        answer = response.json()
    except ValueError:
        return response.text[:200]
    if isinstance(answer, dict) and isinstance(answer.get("code"), str):
        return f"{answer['code']}: {answer.get('detail', '')}"[:300]
    return str(answer)[:200]


def shared_key(settings: Settings) -> bytes:
    """SMARTCUSTOMS_BANK_SHARED_KEY, else the content of SMARTCUSTOMS_BANK_SHARED_KEY_FILE."""
    if settings.bank_shared_key is not None:
        key = settings.bank_shared_key.get_secret_value()
    elif settings.bank_shared_key_file is not None:
        try:
            key = settings.bank_shared_key_file.read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError) as error:
            raise BankKeyRefused(f"cannot read {settings.bank_shared_key_file}: {error}") from error
    else:
        raise BankKeyRefused(
            "SMARTCUSTOMS_BANK_URL is set but no shared key: set SMARTCUSTOMS_BANK_SHARED_KEY "
            "or SMARTCUSTOMS_BANK_SHARED_KEY_FILE"
        )
    return key.encode()


def gateway_from_settings(
    settings: Settings, *, clock: Clock, client: httpx2.Client | None = None
) -> SandboxBankGateway | None:
    """The configured bank, or None when SMARTCUSTOMS_BANK_URL is not set (no online payment)."""
    if not settings.bank_url:
        return None
    return SandboxBankGateway(
        base_url=settings.bank_url,
        key=shared_key(settings),
        clock=clock,
        callback_url=settings.bank_callback_url,
        client=client,
        timeout_seconds=settings.bank_timeout_seconds,
        tolerance=timedelta(seconds=settings.bank_notice_tolerance_seconds),
    )
