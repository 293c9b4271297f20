"""The platform's side of the sandbox bank: checking a callback (adapters.bank.verify_notice)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from smartcustoms.adapters.bank import (
    BankKeyRefused,
    SandboxBankGateway,
    gateway_from_settings,
    shared_key,
)
from smartcustoms.config import Settings
from smartcustoms.kit.clock import FixedClock
from smartcustoms.kit.signatures import SIGNATURE_HEADER, sign
from smartcustoms.payments.gateway import BankGateway, BookingStatus, CallbackRejected
from support import TEST_NOW

KEY = b"shared-key-for-the-adapter-tests-0123456789"


def notice(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "bank": "sandbox",
        "bank_txn_id": "SBX261120ABCDEF012345",
        "bank_payment_id": "PAY0123456789ABCDEF0123",
        "reference": "SC-PAY-000001",
        "amount_vnd": 1_500_000,
        "status": "booked",
        "reason": None,
        "booked_at": "2026-11-20T02:00:00+00:00",
        "sent_at": "2026-11-20T02:00:01+00:00",
    }
    body.update(changes)
    return body


def signed(
    body: dict[str, Any] | bytes, *, key: bytes = KEY, at: datetime = TEST_NOW
) -> tuple[dict[str, str], bytes]:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return {SIGNATURE_HEADER: sign(key, payload=raw, at=at)}, raw


@pytest.fixture
def gateway() -> SandboxBankGateway:
    return SandboxBankGateway(base_url="http://127.0.0.1:9", key=KEY, clock=FixedClock(TEST_NOW))


def test_the_adapter_is_a_bank_gateway(gateway: SandboxBankGateway) -> None:
    port: BankGateway = gateway
    assert port.name == "sandbox"


def test_a_signed_fresh_notice_is_read_whatever_the_header_case(
    gateway: SandboxBankGateway,
) -> None:
    headers, body = signed(notice())
    lower = {name.lower(): value for name, value in headers.items()}
    read = gateway.verify_notice(headers=lower, body=body)
    assert read.bank_txn_id == "SBX261120ABCDEF012345"
    assert read.amount_vnd == 1_500_000
    assert read.status is BookingStatus.BOOKED
    assert read.booked_at == datetime(2026, 11, 20, 2, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda: ({}, json.dumps(notice()).encode()), "signature missing"),
        (lambda: signed(notice(), key=b"x" * 40), "signature mismatch"),
        (lambda: signed(notice(), at=TEST_NOW - timedelta(minutes=6)), "signature stale"),
        (lambda: signed(notice(), at=TEST_NOW + timedelta(minutes=6)), "signature stale"),
    ],
    ids=["unsigned", "forged", "replayed-late", "from-the-future"],
)
def test_a_forged_unsigned_or_stale_notice_is_rejected(
    gateway: SandboxBankGateway, make, reason: str
) -> None:
    headers, body = make()
    with pytest.raises(CallbackRejected, match=reason):
        gateway.verify_notice(headers=headers, body=body)


def test_a_notice_whose_amount_was_changed_after_signing_is_rejected(
    gateway: SandboxBankGateway,
) -> None:
    headers, body = signed(notice())
    tampered = body.replace(b"1500000", b"9500000")
    with pytest.raises(CallbackRejected, match="mismatch"):
        gateway.verify_notice(headers=headers, body=tampered)


@pytest.mark.parametrize(
    ("body", "complaint"),
    [
        (b"not json", "not JSON"),
        (b"\xff\xfe", "not JSON"),
        (b"[1, 2]", "not a JSON object"),
        (notice(amount_vnd="1500000"), "amount_vnd"),
        (notice(amount_vnd=True), "amount_vnd"),
        (notice(amount_vnd=1500000.0), "amount_vnd"),
        (notice(amount_vnd=0), "not positive"),
        (notice(bank_txn_id=None), "bank_txn_id"),
        (notice(bank="other"), "not 'sandbox'"),
        (notice(status="paid"), "status"),
        (notice(booked_at="yesterday"), "booked_at"),
        (notice(sent_at="2026-11-20T02:00:00"), "time zone"),
    ],
)
def test_a_signed_notice_with_a_bad_body_is_rejected(
    gateway: SandboxBankGateway, body: dict[str, Any] | bytes, complaint: str
) -> None:
    headers, raw = signed(body)
    with pytest.raises(CallbackRejected, match=complaint):
        gateway.verify_notice(headers=headers, body=raw)


def test_a_refusal_is_read_as_rejected(gateway: SandboxBankGateway) -> None:
    headers, body = signed(notice(status="rejected", reason="cancelled_by_payer"))
    assert gateway.verify_notice(headers=headers, body=body).status is BookingStatus.REJECTED


def test_the_gateway_comes_from_settings_only_when_a_bank_is_configured(tmp_path: Path) -> None:
    clock = FixedClock(TEST_NOW)
    assert gateway_from_settings(Settings(), clock=clock) is None
    key_file = tmp_path / "bank_shared_key"
    key_file.write_text(KEY.decode() + "\n")
    settings = Settings(bank_url="http://127.0.0.1:8100", bank_shared_key_file=key_file)
    assert shared_key(settings) == KEY
    gateway = gateway_from_settings(settings, clock=clock)
    assert gateway is not None
    assert gateway.name == "sandbox"
    gateway.close()
    with pytest.raises(BankKeyRefused, match="SMARTCUSTOMS_BANK_SHARED_KEY"):
        gateway_from_settings(Settings(bank_url="http://127.0.0.1:8100"), clock=clock)
    with pytest.raises(BankKeyRefused, match="32 bytes"):
        gateway_from_settings(
            Settings(bank_url="http://127.0.0.1:8100", bank_shared_key="short"), clock=clock
        )
