"""The public check of a printed declaration: its verification code (an HMAC of the number
under the platform's secret, so numbers cannot be walked nor a code forged) and what the
check page tells anyone holding both: the number, its status and registration day; never
the goods, the parties or the values."""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from smartcustoms.declarations import repository

CODE_CHARS = 16  # 80 bits of HMAC, in base32: four groups of four


def _code_key(secret: str | bytes) -> bytes:
    # A key of its own: a declaration code never doubles as a token or a receipt code.
    raw = secret.encode() if isinstance(secret, str) else secret
    return hmac.new(raw, b"smartcustoms/declaration-code/v1", hashlib.sha256).digest()


def declaration_code(secret: str | bytes, number: str) -> str:
    """The printed declaration's verification code, e.g. `K7Q2-MX4P-3DLA-9QRT`."""
    digest = hmac.new(_code_key(secret), number.encode(), hashlib.sha256).digest()
    text = base64.b32encode(digest).decode()[:CODE_CHARS]
    return "-".join(text[i : i + 4] for i in range(0, CODE_CHARS, 4))


def _normalised(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch not in "- ")


@dataclass(frozen=True)
class PublicFacts:
    """What the public check page shows of a declaration."""

    number: str
    status: str  # the latest version's
    version: int
    registered_at: datetime | None  # the first version's registration


def verify_declaration(
    session: Session, *, number: str, code: str, secret: str | bytes
) -> PublicFacts | None:
    """The declaration's public facts if `code` is the one printed for `number`."""
    expected = _normalised(declaration_code(secret, number)).encode()
    if not hmac.compare_digest(expected, _normalised(code).encode("utf-8", "replace")):
        return None
    versions = repository.versions(session, number)
    if not versions:
        return None
    latest = versions[-1]
    return PublicFacts(number, latest.status, latest.version, versions[0].registered_at)
