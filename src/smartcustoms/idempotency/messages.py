"""The idempotency domain's texts in English and Vietnamese, keyed by error code. Pure: no I/O."""

from __future__ import annotations

from smartcustoms.errors import Catalogue

ERRORS: dict[str, tuple[str, str]] = {
    "idempotency_key_reused": (
        "This Idempotency-Key was already used for a different request.",
        "Idempotency-Key này đã được dùng cho một yêu cầu khác.",
    ),
}

CATALOGUE = Catalogue(ERRORS)
error = CATALOGUE.error
