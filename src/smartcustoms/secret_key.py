"""The secret that signs access tokens and portal cookies: read, checked, or made once.

Whoever knows it can sign in as anyone, so the platform refuses to start without one of its
own: missing, shorter than 32 bytes, or one published in this repository. Only an explicit
development mode (`SMARTCUSTOMS_DEV_MODE=true`) lets it start anyway, with a warning.
"""

from __future__ import annotations

import logging
import os
import secrets
from pathlib import Path

from smartcustoms.config import Settings

log = logging.getLogger(__name__)

MIN_BYTES = 32
# Secrets anyone can read in this repository's history: the old built-in default.
PUBLISHED = frozenset({"dev-only-change-me-0123456789abcdef"})
HOW_TO_SET = (
    "Set SMARTCUSTOMS_SECRET_KEY to at least 32 random bytes "
    "(python -c 'import secrets; print(secrets.token_urlsafe(48))'), or "
    "SMARTCUSTOMS_SECRET_KEY_FILE to a file holding one (`smartcustoms serve --generate-secret` "
    "creates it); SMARTCUSTOMS_DEV_MODE=true allows a weak one on a developer's machine only."
)
HOW_TO_SET_VI = (
    "Hãy đặt SMARTCUSTOMS_SECRET_KEY (ít nhất 32 byte ngẫu nhiên) hoặc "
    "SMARTCUSTOMS_SECRET_KEY_FILE trỏ tới tệp chứa khóa (`smartcustoms serve --generate-secret` "
    "tạo tệp này); SMARTCUSTOMS_DEV_MODE=true chỉ dùng trên máy phát triển."
)


class SecretKeyRefused(Exception):
    """The platform will not sign tokens and cookies with the secret it was given."""

    def __init__(self, code: str, message_en: str, message_vi: str) -> None:
        super().__init__(f"{message_en} {HOW_TO_SET}")
        self.code = code
        self.message_en = f"{message_en} {HOW_TO_SET}"
        self.message_vi = f"{message_vi} {HOW_TO_SET_VI}"


def _read_file(path: Path) -> str:
    try:
        text = path.read_text(encoding="utf-8")
        mode = path.stat().st_mode
    except (OSError, UnicodeDecodeError) as exc:
        raise SecretKeyRefused(
            "secret_key_file_unreadable",
            f"The secret key file {path} (SMARTCUSTOMS_SECRET_KEY_FILE) cannot be read: {exc}.",
            f"Không đọc được tệp khóa bí mật {path} (SMARTCUSTOMS_SECRET_KEY_FILE): {exc}.",
        ) from exc
    if mode & 0o077:
        log.warning("secret key file %s can be read by other users: chmod 600 it", path)
    # Secrets files usually end with a newline, which is no part of the secret.
    return text.strip()


def _weakness(secret: str) -> SecretKeyRefused | None:
    if not secret:
        return SecretKeyRefused(
            "secret_key_missing",
            "No secret key is configured to sign access tokens and session cookies.",
            "Chưa cấu hình khóa bí mật để ký mã truy cập và cookie phiên.",
        )
    if secret in PUBLISHED:
        return SecretKeyRefused(
            "secret_key_published",
            "The secret key is one published in the SmartCustoms repository: anyone could "
            "sign tokens and cookies with it.",
            "Khóa bí mật là khóa đã công bố trong mã nguồn SmartCustoms: ai cũng có thể dùng "
            "nó để ký mã truy cập và cookie.",
        )
    if len(secret.encode()) < MIN_BYTES:
        return SecretKeyRefused(
            "secret_key_short",
            f"The secret key is {len(secret.encode())} bytes; at least {MIN_BYTES} are needed.",
            f"Khóa bí mật dài {len(secret.encode())} byte; cần ít nhất {MIN_BYTES} byte.",
        )
    return None


def _configured(settings: Settings) -> str:
    if settings.secret_key is not None:
        return settings.secret_key.get_secret_value()
    if settings.secret_key_file is not None:
        return _read_file(settings.secret_key_file)
    return ""


def signing_secret(settings: Settings) -> str:
    """SMARTCUSTOMS_SECRET_KEY, else the content of SMARTCUSTOMS_SECRET_KEY_FILE, checked."""
    secret = _configured(settings)
    refused = _weakness(secret)
    if refused is None:
        return secret
    if not settings.dev_mode:
        raise refused
    if secret:
        log.warning("SMARTCUSTOMS_DEV_MODE: signing with a weak secret key. %s", refused)
        return secret
    # Random per process: nothing anyone knows, at the price of sessions ending with it.
    log.warning(
        "SMARTCUSTOMS_DEV_MODE: no secret key, so a random one for this process only: "
        "sign-ins and tokens end when it stops, and workers do not share them."
    )
    return secrets.token_urlsafe(48)


def generate_secret_file(path: Path) -> bool:
    """Write a new random secret to `path` (mode 0600) unless it exists; True if written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        # O_EXCL: two starts at once cannot both write, and an existing secret is never replaced.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return False
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(secrets.token_urlsafe(48) + "\n")
    return True
