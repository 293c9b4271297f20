"""The sandbox bank's settings: SMARTCUSTOMS_BANK_SANDBOX_* variables or the command's options."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

MIN_KEY_BYTES = 32


class KeyRefused(Exception):
    """No usable shared key: the bank would sign callbacks anyone could forge."""


class SandboxSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SMARTCUSTOMS_BANK_SANDBOX_", extra="ignore")

    database_url: str = "sqlite:///./var/bank_sandbox.db"
    # The key the platform and the bank share: signs the platform's requests and the bank's
    # callbacks. No default, as for the platform's own secret.
    shared_key: SecretStr | None = None
    shared_key_file: Path | None = None
    # Where callbacks go when an order names no callback URL of its own.
    callback_url: str | None = None
    # The address payers' browsers reach the bank at (links in redirect_url); the command
    # defaults it to http://HOST:PORT.
    public_url: str = "http://127.0.0.1:8100"
    # Fault controls for tests (drop, duplicate, delay, reorder callbacks): off unless asked.
    test_controls: bool = False
    # A payer the bank has not seen gets an account with this balance on their first payment,
    # so any enterprise of a demo or a test can pay; 0 opens none (payment refused).
    opening_balance_vnd: int = Field(default=10_000_000_000, ge=0)
    callback_timeout_seconds: float = Field(default=5.0, gt=0)
    # How often the delivery worker looks for callbacks due, when nothing wakes it sooner.
    delivery_poll_seconds: float = Field(default=1.0, gt=0)

    def key(self) -> bytes:
        """The shared key as bytes; KeyRefused if there is none or it is short."""
        if self.shared_key is not None:
            text = self.shared_key.get_secret_value()
        elif self.shared_key_file is not None:
            try:
                text = self.shared_key_file.read_text(encoding="utf-8").strip()
            except (OSError, UnicodeDecodeError) as error:
                raise KeyRefused(f"cannot read {self.shared_key_file}: {error}") from error
        else:
            raise KeyRefused(
                "no shared key: give --shared-key-file (or SMARTCUSTOMS_BANK_SANDBOX_SHARED_KEY)"
            )
        key = text.encode()
        if len(key) < MIN_KEY_BYTES:
            raise KeyRefused(f"the shared key has {len(key)} bytes; {MIN_KEY_BYTES} are needed")
        return key
