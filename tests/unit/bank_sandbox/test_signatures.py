"""The HMAC signature shared by the platform and the bank (kit.signatures)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from smartcustoms.kit.signatures import SignatureInvalid, request_payload, sign, verify
from support import TEST_NOW

KEY = b"k" * 32
OTHER_KEY = b"o" * 32
BODY = b'{"bank_txn_id":"SBX1","amount_vnd":1500000}'


def test_a_signature_made_with_the_key_holds_and_gives_its_time() -> None:
    header = sign(KEY, payload=BODY, at=TEST_NOW)
    assert header.startswith(f"t={int(TEST_NOW.timestamp())},v1=")
    assert verify(KEY, header=header, payload=BODY, now=TEST_NOW) == TEST_NOW


@pytest.mark.parametrize(
    ("header_key", "payload", "reason"),
    [
        (OTHER_KEY, BODY, "mismatch"),  # forged: another key
        (KEY, BODY.replace(b"1500000", b"9500000"), "mismatch"),  # the amount changed
        (KEY, BODY + b" ", "mismatch"),  # one byte more
    ],
)
def test_a_forged_or_altered_message_is_refused(
    header_key: bytes, payload: bytes, reason: str
) -> None:
    header = sign(header_key, payload=BODY, at=TEST_NOW)
    with pytest.raises(SignatureInvalid) as refused:
        verify(KEY, header=header, payload=payload, now=TEST_NOW)
    assert refused.value.reason == reason


@pytest.mark.parametrize(
    ("signed_ago", "holds"),
    [
        (timedelta(minutes=5), True),
        (timedelta(minutes=5, seconds=1), False),  # replayed too late
        (-timedelta(minutes=5), True),
        (-timedelta(minutes=5, seconds=1), False),  # from a clock too far ahead
    ],
)
def test_a_signature_holds_only_within_the_window(signed_ago: timedelta, holds: bool) -> None:
    header = sign(KEY, payload=BODY, at=TEST_NOW - signed_ago)
    if holds:
        verify(KEY, header=header, payload=BODY, now=TEST_NOW)
        return
    with pytest.raises(SignatureInvalid) as refused:
        verify(KEY, header=header, payload=BODY, now=TEST_NOW)
    assert refused.value.reason == "stale"


def test_a_time_cannot_be_moved_without_breaking_the_signature() -> None:
    old = sign(KEY, payload=BODY, at=TEST_NOW - timedelta(hours=1))
    digest = old.split("v1=")[1]
    replayed = f"t={int(TEST_NOW.timestamp())},v1={digest}"
    with pytest.raises(SignatureInvalid) as refused:
        verify(KEY, header=replayed, payload=BODY, now=TEST_NOW)
    assert refused.value.reason == "mismatch"


@pytest.mark.parametrize(
    ("header", "reason"),
    [
        (None, "missing"),
        ("", "missing"),
        ("v1=abc", "malformed"),
        ("t=1700000000", "malformed"),
        ("t=soon,v1=abc", "malformed"),
        ("t=-5,v1=abc", "malformed"),
        ("garbage", "malformed"),
        ("t=1," + "v1=a," * 400, "malformed"),  # too long to be ours
    ],
)
def test_a_missing_or_malformed_header_is_refused(header: str | None, reason: str) -> None:
    with pytest.raises(SignatureInvalid) as refused:
        verify(KEY, header=header, payload=BODY, now=TEST_NOW)
    assert refused.value.reason == reason


def test_a_non_ascii_digest_is_a_mismatch_not_a_crash() -> None:
    header = f"t={int(TEST_NOW.timestamp())},v1=ðé"
    with pytest.raises(SignatureInvalid) as refused:
        verify(KEY, header=header, payload=BODY, now=TEST_NOW)
    assert refused.value.reason == "mismatch"


def test_any_of_several_digests_may_match_so_a_key_can_be_rotated() -> None:
    new = sign(KEY, payload=BODY, at=TEST_NOW)
    old = sign(OTHER_KEY, payload=BODY, at=TEST_NOW)
    both = f"{new},v1={old.split('v1=')[1]}"
    assert verify(KEY, header=both, payload=BODY, now=TEST_NOW) == TEST_NOW
    assert verify(OTHER_KEY, header=both, payload=BODY, now=TEST_NOW) == TEST_NOW


def test_a_signed_request_cannot_be_replayed_against_another_call() -> None:
    signed_for = request_payload("GET", "/merchant/v1/statements/2026-11-19", b"")
    header = sign(KEY, payload=signed_for, at=TEST_NOW)
    other = request_payload("GET", "/merchant/v1/statements/2026-11-20", b"")
    with pytest.raises(SignatureInvalid):
        verify(KEY, header=header, payload=other, now=TEST_NOW)
    post = request_payload("POST", "/merchant/v1/statements/2026-11-19", b"")
    with pytest.raises(SignatureInvalid):
        verify(KEY, header=header, payload=post, now=TEST_NOW)
