"""The platform's checkpoint key (Ed25519): read from its file, or made there at first use.

The private key signs checkpoints of the audit chain's head; its public key is published
(`GET /api/v1/audit/checkpoint-key`) so an outside party can check the checkpoints it keeps.
The file is PEM (PKCS#8, unencrypted), mode 0600, like var/secret_key.
"""

from __future__ import annotations

import os
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    load_pem_private_key,
    load_pem_public_key,
)

from smartcustoms.audit.messages import error
from smartcustoms.errors import NotFound, RuleViolated


def _unreadable(path: Path, reason: object) -> RuleViolated:
    return error(RuleViolated, "checkpoint_key_unreadable", path=path, reason=reason)


def private_key(path: Path | None, *, create: bool = False) -> Ed25519PrivateKey:
    """The key in `path`; made there first (mode 0600) when missing and `create` is set."""
    if path is None:
        raise error(NotFound, "checkpoint_key_not_configured")
    if create and not path.exists():
        _write_new(path)
    try:
        key = load_pem_private_key(path.read_bytes(), password=None)
    except FileNotFoundError as exc:
        raise error(NotFound, "checkpoint_key_not_configured") from exc
    except (OSError, ValueError, TypeError) as exc:
        raise _unreadable(path, exc) from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise _unreadable(path, type(key).__name__)
    return key


def _write_new(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    pem = Ed25519PrivateKey.generate().private_bytes(
        Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()
    )
    try:
        # O_EXCL: two first uses at once cannot both write, and a key is never replaced.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(pem)


def public_key(path: Path | None) -> Ed25519PublicKey | None:
    """The public half of the configured key; None when none is configured or made yet."""
    if path is None or not path.exists():
        return None
    return private_key(path).public_key()


def public_key_from_pem(path: Path) -> Ed25519PublicKey:
    """A published public key kept by an outside party (PEM file)."""
    try:
        key = load_pem_public_key(path.read_bytes())
    except (OSError, ValueError, TypeError) as exc:
        raise _unreadable(path, exc) from exc
    if not isinstance(key, Ed25519PublicKey):
        raise _unreadable(path, type(key).__name__)
    return key


def published_key(path: Path | None) -> Ed25519PublicKey:
    """The public key to publish; NotFound (bilingual) until the first checkpoint made it."""
    found = public_key(path)
    if found is None:
        raise error(NotFound, "checkpoint_key_not_configured")
    return found
