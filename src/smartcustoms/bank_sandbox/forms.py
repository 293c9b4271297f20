"""The payer pages' form tokens: a POST is taken only with the token its page gave.

A payer's browser gets a random session cookie with the page; each form carries a token,
an HMAC (under a key derived from the bank's shared key) of that session, the order and the
time it was issued. A form posted from another site has no token matching the payer's
cookie, so it is refused (cross-site request forgery); a token older than an hour is too.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

SESSION_COOKIE = "sandbox_payer_session"
TOKEN_FIELD = "form_token"
TOKEN_LIFETIME = timedelta(hours=1)


def new_session() -> str:
    return secrets.token_urlsafe(24)


def _form_key(key: bytes) -> bytes:
    # Its own key, so a form token can never pass for a signature of the merchant API.
    return hmac.new(key, b"sandbox payer form tokens", hashlib.sha256).digest()


def _mac(key: bytes, session: str, bank_payment_id: str, issued: int) -> str:
    message = f"{session}|{bank_payment_id}|{issued}".encode()
    return hmac.new(_form_key(key), message, hashlib.sha256).hexdigest()


def form_token(key: bytes, *, session: str, bank_payment_id: str, at: datetime) -> str:
    issued = int(at.timestamp())
    return f"{issued}.{_mac(key, session, bank_payment_id, issued)}"


def token_holds(
    key: bytes, token: str | None, *, session: str | None, bank_payment_id: str, now: datetime
) -> bool:
    """True if the token was issued to this session for this order within its lifetime."""
    if not token or not session:
        return False
    issued_text, _, mac = token.partition(".")
    if not issued_text.isdigit() or len(issued_text) > 12:
        return False
    issued = int(issued_text)
    age = now.timestamp() - issued
    if not -60 <= age <= TOKEN_LIFETIME.total_seconds():  # a minute of clock skew allowed
        return False
    return hmac.compare_digest(mac, _mac(key, session, bank_payment_id, issued))
