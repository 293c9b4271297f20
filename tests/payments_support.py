"""An in-process bank for the payments tests, signing its notices with a real HMAC, and
helpers to file declarations and pay them through the API."""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient

from smartcustoms.kit.clock import FixedClock, customs_date
from smartcustoms.payments.gateway import (
    BankNotice,
    BookingStatus,
    CallbackRejected,
    PaymentInitiation,
    PaymentOrder,
    Statement,
    StatementLine,
)
from support import import_payload

FRESH = timedelta(minutes=5)


@dataclass
class FakeBank:
    """A bank as the platform sees it through the port: orders, signed notices, statements.

    Only until the sandbox bank's adapter is on main; notices are signed with HMAC-SHA256
    over the timestamp and the body, as a real bank's callback is, and checked for freshness
    against the platform's clock."""

    clock: FixedClock
    name: str = "fakebank"
    key: bytes = field(default_factory=lambda: secrets.token_bytes(32))
    orders: dict[str, PaymentOrder] = field(default_factory=dict)  # by bank payment id
    lines: list[StatementLine] = field(default_factory=list)
    _txn: int = 0

    def initiate(self, order: PaymentOrder) -> PaymentInitiation:
        payment_id = f"P{len(self.orders) + 1}"
        self.orders[payment_id] = order
        return PaymentInitiation(payment_id, f"https://bank.test/pay/{payment_id}")

    def order(self, reference: str) -> tuple[str, PaymentOrder]:
        for payment_id, order in self.orders.items():
            if order.reference == reference:
                return payment_id, order
        raise KeyError(reference)

    def pay(
        self,
        reference: str,
        *,
        amount_vnd: int | None = None,
        status: BookingStatus = BookingStatus.BOOKED,
        on_statement: bool = True,
        txn: str | None = None,
    ) -> tuple[dict[str, str], bytes]:
        """The payer confirms: the bank books (and lists it on the day's statement) and
        returns the signed notice it sends."""
        payment_id, order = self.order(reference)
        if txn is None:
            self._txn += 1
            txn = f"TXN{self._txn:06d}"
        amount = order.amount_vnd if amount_vnd is None else amount_vnd
        now = self.clock.now()
        if status is BookingStatus.BOOKED and on_statement:
            self.lines.append(StatementLine(txn, reference, amount, now, order.payer_tax_code))
        return self.sign(
            {
                "bank_txn_id": txn,
                "bank_payment_id": payment_id,
                "reference": reference,
                "amount_vnd": amount,
                "status": status.value,
                "booked_at": now.isoformat(),
                "sent_at": now.isoformat(),
            }
        )

    def sign(
        self, payload: Mapping[str, Any], *, key: bytes | None = None
    ) -> tuple[dict[str, str], bytes]:
        body = json.dumps(payload).encode()
        stamp = self.clock.now().isoformat()
        signature = hmac.new(key or self.key, stamp.encode() + b"." + body, hashlib.sha256)
        return {"x-bank-timestamp": stamp, "x-bank-signature": signature.hexdigest()}, body

    def verify_notice(self, *, headers: Mapping[str, str], body: bytes) -> BankNotice:
        stamp = headers.get("x-bank-timestamp", "")
        expected = hmac.new(self.key, stamp.encode() + b"." + body, hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected, headers.get("x-bank-signature", "")):
            raise CallbackRejected("bad signature")
        try:
            sent = datetime.fromisoformat(stamp)
            data = json.loads(body)
            notice = BankNotice(
                bank=self.name,
                bank_txn_id=str(data["bank_txn_id"]),
                bank_payment_id=str(data["bank_payment_id"]),
                reference=str(data["reference"]),
                amount_vnd=int(data["amount_vnd"]),
                status=BookingStatus(data["status"]),
                booked_at=datetime.fromisoformat(data["booked_at"]),
                sent_at=datetime.fromisoformat(data["sent_at"]),
            )
        except (ValueError, KeyError, TypeError) as error:
            raise CallbackRejected("malformed notice") from error
        if abs(self.clock.now() - sent) > FRESH:
            raise CallbackRejected("stale notice")
        return notice

    def statement(self, on: date) -> Statement:
        lines = [line for line in self.lines if customs_date(line.booked_at) == on]
        total = sum(line.amount_vnd for line in lines)
        return Statement(self.name, f"STMT-{on.isoformat()}", on, 0, total, lines)


@dataclass
class Desk:
    """The API as the tests use it: file, look at what is owed, pay."""

    client: TestClient
    bank: FakeBank

    def file(self, headers: dict[str, str], **overrides: object) -> dict[str, Any]:
        response = self.client.post(
            "/api/v1/declarations/submit", json=import_payload(**overrides), headers=headers
        )
        assert response.status_code == 201, response.text
        answer: dict[str, Any] = response.json()
        return answer

    def dues(self, declaration_id: int, headers: dict[str, str]) -> dict[str, Any]:
        response = self.client.get(
            f"/api/v1/payments/declarations/{declaration_id}", headers=headers
        )
        assert response.status_code == 200, response.text
        found: dict[str, Any] = response.json()
        return found

    def start(self, declaration_id: int, headers: dict[str, str]) -> dict[str, Any]:
        response = self.client.post(
            f"/api/v1/payments/declarations/{declaration_id}/online-payments",
            json={"bank": self.bank.name},
            headers=headers,
        )
        assert response.status_code == 201, response.text
        started: dict[str, Any] = response.json()
        return started

    def notify(self, notice: tuple[dict[str, str], bytes]) -> Any:
        headers, body = notice
        return self.client.post(
            f"/api/v1/payments/banks/{self.bank.name}/notices", content=body, headers=headers
        )

    def accounts(self, enterprise_id: int, headers: dict[str, str]) -> dict[str, Any]:
        response = self.client.get(
            f"/api/v1/payments/enterprises/{enterprise_id}/accounts", headers=headers
        )
        assert response.status_code == 200, response.text
        found: dict[str, Any] = response.json()
        return found

    def top_up(self, enterprise_id: int, amount: int, headers: dict[str, str]) -> None:
        response = self.client.post(
            f"/api/v1/payments/enterprises/{enterprise_id}/top-ups",
            json={"bank": self.bank.name, "amount_vnd": amount},
            headers=headers,
        )
        assert response.status_code == 201, response.text
        assert self.notify(self.bank.pay(response.json()["reference"])).status_code == 200


def cash(accounts: dict[str, Any]) -> int:
    for account in accounts["accounts"]:
        if account["kind"]["code"] == "cash":
            return int(account["balance_vnd"])
    return 0
