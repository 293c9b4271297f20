"""Every English and Vietnamese text of the idempotency domain, keyed by error code.

Pure data and formatting: the rules import it, so it imports nothing with I/O.
"""

from __future__ import annotations

from smartcustoms.kit.bilingual import Both, fill

MESSAGES: dict[str, tuple[str, str]] = {
    "idempotency_key_reused": (
        "This Idempotency-Key was already used for a different request.",
        "Idempotency-Key này đã được dùng cho một yêu cầu khác.",
    ),
}


def texts(key: str, /, **params: object) -> Both:
    """The catalogue's text for `key` with its placeholders filled in, in both languages."""
    return fill(MESSAGES[key], params)
