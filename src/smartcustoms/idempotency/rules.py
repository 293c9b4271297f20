"""What makes a retried request the same request: its key's form, its fingerprint, and the
refusal of a key sent again with another request."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from smartcustoms.errors import RuleViolated

# Visible ASCII, as a UUID or a client's own reference is written; the API's header
# parameter declares it, so an invalid key is refused (422) with the rest of the request.
KEY_PATTERN = r"^[!-~]{1,200}$"


class IdempotencyKeyReused(RuleViolated):
    """A key is one request's: sent again with another one, it is refused. 422, as the IETF
    draft on the Idempotency-Key header asks (409 is for a request still in progress)."""

    code = "idempotency_key_reused"
    title = "Idempotency key reused for another request"


def fingerprint(operation: str, body: Mapping[str, Any] | None = None) -> str:
    """What a key may be sent again with: the operation ("POST /declarations/7/submit") and,
    for a request with a body, a digest of that body in canonical form."""
    if body is None:
        return operation
    canonical = json.dumps(body, sort_keys=True).encode()
    return f"{operation} {hashlib.sha256(canonical).hexdigest()}"
