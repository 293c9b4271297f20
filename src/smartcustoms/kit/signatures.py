"""Signed HTTP messages between the platform and a bank: HMAC-SHA256 with a shared key.

One scheme both ways (as Stripe's and many banks' webhooks do): the header
`X-Bank-Signature: t=<unix seconds>,v1=<hex>` carries the signing time and
HMAC-SHA256(key, "<t>." + payload). The time is signed with the payload, so a captured
message cannot be replayed with a fresh time, and a receiver refuses one signed too long ago.
Several `v1=` entries are accepted, so a key can be rotated without a gap.

A callback's payload is its body; a request's payload also names its method and path
(`request_payload`), so a signature for one call cannot be replayed against another.
Pure functions of their arguments: the time comes from the caller's clock.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime, timedelta

SIGNATURE_HEADER = "X-Bank-Signature"
SCHEME = "v1"
DEFAULT_TOLERANCE = timedelta(minutes=5)
# A header longer than this is not one we wrote: refuse it before parsing.
MAX_HEADER_LENGTH = 1024


class SignatureInvalid(Exception):
    """A signature that does not hold; `reason` is a stable code (missing, malformed, …)."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


def request_payload(method: str, path: str, body: bytes) -> bytes:
    """What a signed request signs: its method, its path with the query, and its body."""
    return f"{method.upper()} {path}\n".encode() + body


def _digest(key: bytes, timestamp: int, payload: bytes) -> str:
    return hmac.new(key, f"{timestamp}.".encode() + payload, hashlib.sha256).hexdigest()


def sign(key: bytes, *, payload: bytes, at: datetime) -> str:
    """The signature header's value for `payload` signed at the instant `at`."""
    timestamp = int(at.timestamp())
    return f"t={timestamp},{SCHEME}={_digest(key, timestamp, payload)}"


def _parse(header: str) -> tuple[int, list[str]]:
    if len(header) > MAX_HEADER_LENGTH:
        raise SignatureInvalid("malformed", "the signature header is too long")
    timestamp: int | None = None
    digests: list[str] = []
    for part in header.split(","):
        name, sep, value = part.strip().partition("=")
        if not sep:
            raise SignatureInvalid("malformed", f"{part.strip()!r} is not name=value")
        if name == "t":
            if not value.isascii() or not value.isdigit() or len(value) > 12:
                raise SignatureInvalid("malformed", "t= is not a Unix time")
            timestamp = int(value)
        elif name == SCHEME:
            digests.append(value)
        # Other schemes (v0, a future v2) are ignored, as the scheme's readers do.
    if timestamp is None:
        raise SignatureInvalid("malformed", "no t= in the signature header")
    if not digests:
        raise SignatureInvalid("malformed", f"no {SCHEME}= in the signature header")
    return timestamp, digests


def verify(
    key: bytes,
    *,
    header: str | None,
    payload: bytes,
    now: datetime,
    tolerance: timedelta = DEFAULT_TOLERANCE,
) -> datetime:
    """Check the header against the payload and the clock; the signing instant if it holds.

    Raises SignatureInvalid: `missing`, `malformed`, `stale` (signed more than `tolerance`
    before or after `now`) or `mismatch` (not signed with this key, or the payload changed).
    """
    if not header:
        raise SignatureInvalid("missing", f"no {SIGNATURE_HEADER} header")
    timestamp, digests = _parse(header)
    signed_at = datetime.fromtimestamp(timestamp, tz=now.tzinfo)
    if abs(now - signed_at) > tolerance:
        raise SignatureInvalid(
            "stale", f"signed at {signed_at.isoformat()}, outside {tolerance} of now"
        )
    expected = _digest(key, timestamp, payload).encode()
    # compare_digest on every candidate: the time taken says nothing about which was close.
    # As bytes: on str it raises for non-ASCII text, which a forger may send.
    matches = [hmac.compare_digest(expected, candidate.encode()) for candidate in digests]
    if not any(matches):
        raise SignatureInvalid("mismatch", "the signature does not match the message")
    return signed_at
