"""A partner customs administration as registered: its country, endpoint and the Ed25519
public key its messages are verified with. Pure: parses and checks, no I/O."""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from urllib.parse import urlsplit

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

MAX_ENDPOINT = 500
MAX_KEY_TEXT = 2000


@dataclass(frozen=True)
class PartnerKey:
    """A partner's public key: Ed25519, kept as PEM, named by its SHA-256 fingerprint."""

    pem: str
    fingerprint: str  # hex SHA-256 of the raw 32-byte key


def read_public_key(text: str) -> PartnerKey | None:
    """An Ed25519 public key given as PEM (SubjectPublicKeyInfo) or as the raw 32 bytes in
    base64; None when it is neither (or another algorithm)."""
    text = text.strip()
    if not text or len(text) > MAX_KEY_TEXT:
        return None
    key: object
    try:
        if text.startswith("-----BEGIN"):
            key = serialization.load_pem_public_key(text.encode())
        else:
            raw = base64.b64decode(text, validate=True)
            if len(raw) != 32:
                return None
            key = Ed25519PublicKey.from_public_bytes(raw)
    except (ValueError, UnsupportedAlgorithm, TypeError):
        return None
    if not isinstance(key, Ed25519PublicKey):
        return None
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    pem = key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()
    return PartnerKey(pem, hashlib.sha256(raw).hexdigest())


def endpoint_problem(url: str) -> str | None:
    """Why a partner's endpoint is refused (a message key), or None."""
    if len(url) > MAX_ENDPOINT:
        return "endpoint_too_long"
    try:
        parts = urlsplit(url)
        _ = parts.port
    except ValueError:
        return "endpoint_invalid"
    if parts.scheme != "https" or not parts.hostname or parts.username or parts.password:
        return "endpoint_invalid"
    return None


def country_problem(country: str, known: frozenset[str]) -> str | None:
    if len(country) != 2 or not country.isascii() or not country.isupper():
        return "country_invalid"
    if country == "VN":
        return "country_is_ours"
    if country not in known:
        return "country_unknown"
    return None
