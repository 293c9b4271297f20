"""The one settings object; nothing else reads the environment."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Runtime configuration from SMARTCUSTOMS_* variables (the secret key also from a file)."""

    model_config = SettingsConfigDict(env_prefix="SMARTCUSTOMS_", extra="ignore")

    database_url: str = "sqlite:///./var/smartcustoms.db"
    var_dir: Path = Path("./var")
    # Signs access tokens and portal cookies: no default, the platform refuses to start
    # without one of 32+ bytes (secret_key.py) unless dev_mode says it is a developer's machine.
    secret_key: SecretStr | None = None
    secret_key_file: Path | None = None  # read when secret_key is not set
    dev_mode: bool = False
    token_ttl_minutes: int = 15  # API access tokens: short, renewed with a refresh token
    session_ttl_minutes: int = 480
    # Portal cookies are sent over HTTPS only; `make run` (plain HTTP on the loopback) sets
    # SMARTCUSTOMS_COOKIE_SECURE=false, as a developer's machine may.
    cookie_secure: bool = True
    # Failed sign-ins (API and portal) within the window that lock an account name, or a
    # client address, out until the oldest of them leaves the window (answered 429).
    sign_in_window_minutes: int = Field(default=15, ge=1, le=24 * 60)
    sign_in_failures_per_account: int = Field(default=5, ge=1, le=1000)
    sign_in_failures_per_address: int = Field(default=20, ge=1, le=100_000)
    # Single sign-on with the national e-identity (VNeID) or another OpenID Connect
    # provider: unset issuer, no "Sign in with VNeID" button.
    oidc_issuer: str | None = None  # SMARTCUSTOMS_OIDC_ISSUER, discovery at its well-known URL
    oidc_client_id: str | None = None
    oidc_client_secret: SecretStr | None = None
    oidc_client_secret_file: Path | None = None  # read when oidc_client_secret is not set
    # Where the provider sends the browser back: this portal's /login/oidc/callback as the
    # browser reaches it (unset: made from the request's own address).
    oidc_redirect_uri: str | None = None
    oidc_scope: str = "openid profile"
    # The ID token's claim that holds the person's national ID number (CCCD, 12 digits).
    oidc_national_id_claim: str = "national_id"
    # The claim naming the enterprise (tax code) a newcomer signs in for; only read when
    # unknown people may get an account (off: an unknown national ID number is refused).
    oidc_tax_code_claim: str = "tax_code"
    oidc_create_unknown_users: bool = False
    oidc_timeout_seconds: float = Field(default=10.0, gt=0, le=60)
    # Roles that must sign in with a second factor (TOTP), space separated: one of them
    # without it enrols at the sign-in, before reaching any page, and gets no API token until
    # then. By default every customs, agency and administrator role (traders and brokers sign
    # in with a password, or the e-identity); "" turns the requirement off.
    second_factor_required_roles: str = "officer supervisor admin agency_officer"
    # An API key rotated in place: its previous secret keeps working this long.
    api_key_rotation_grace_hours: int = Field(default=24, ge=0, le=24 * 30)
    # Refresh tokens (API): an access token lives token_ttl_minutes; its refresh token
    # this long, and each use gives a new pair (a used one presented again ends its family).
    refresh_token_ttl_days: int = Field(default=30, ge=1, le=365)
    max_upload_bytes: int = Field(default=10 * 1024 * 1024, ge=1024)
    # Every other request body. The largest legal declaration (50 goods items, every field at
    # its maximum length) is 41 kB as ASCII JSON, 98 kB in Vietnamese UTF-8, 188 kB with
    # Vietnamese escaped as \uXXXX (json.dumps' default) and 359 kB if every character were
    # an escaped astral one (12 bytes): 1 MiB holds even that 2.9 times over, a portal form
    # of 50 items percent-encoded too (tests/integration/api/test_body_limit.py measures it).
    max_body_bytes: int = Field(default=1024 * 1024, ge=1024)
    value_tolerance_percent: str = "1.0"
    default_language: str = "vi"
    # Holds customs-declarations-kcs/ with the full published KCS files, which model training
    # then uses; unset, it uses the sample shipped in the package (risk/ml/data/).
    shared_data_dir: Path | None = None
    db_pool_size: int = 10
    # Worker threads per process for sync endpoints. Python runs one thread at a time; more
    # threads than a few only queue for that lock (measured: 40 threads gave 1.3x the
    # latency and 0.8x the throughput of 4 under load; docs/benchmarks.md).
    worker_threads: int = Field(default=4, ge=1, le=200)
    # How long a process trusts the tariff import in force it read last; an import made
    # through another process reaches this one within that time (0: read it per transaction).
    tariff_recheck_seconds: float = Field(default=2.0, ge=0, le=60)
    # Origins without MFN treatment pay the normal rate (ISO alpha-2, space separated).
    non_mfn_origins: str = ""
    # The bank that collects duties online (adapters/bank.py; `make run` starts the sandbox
    # bank at http://127.0.0.1:8100). Unset: no online payment.
    bank_url: str | None = None  # SMARTCUSTOMS_BANK_URL
    # The key shared with the bank: signs our requests, checks its callbacks (32+ bytes).
    bank_shared_key: SecretStr | None = None  # SMARTCUSTOMS_BANK_SHARED_KEY
    bank_shared_key_file: Path | None = None  # SMARTCUSTOMS_BANK_SHARED_KEY_FILE, if no key
    # Where the bank sends its callbacks: the platform's bank-notice endpoint as the bank
    # reaches it. Unset: the bank's own setting (the sandbox's --callback-url).
    bank_callback_url: str | None = None  # SMARTCUSTOMS_BANK_CALLBACK_URL
    bank_timeout_seconds: float = Field(default=10.0, gt=0, le=120)
    # A callback signed longer ago than this (or this far ahead of our clock) is refused.
    bank_notice_tolerance_seconds: int = Field(default=300, ge=1, le=3600)
    # PEM files of the certification authorities whose signing certificates customs accepts
    # (SMARTCUSTOMS_SIGNING_TRUSTED_CAS='["/etc/smartcustoms/ca/vnpt.pem", ...]'). Empty: no
    # certificate is trusted (tests build their own CA).
    signing_trusted_cas: list[Path] = []
    # Certificate revocation lists (docs/signatures.md): a directory of CRL files (PEM or
    # DER), and/or each certificate's CRL distribution point fetched over HTTP (short
    # timeout, kept until nextUpdate). A CRL past its nextUpdate is refused as "revocation
    # status unknown"; with no CRL for a CA, signatures pass unless signing_crl_required.
    signing_crl_dir: Path | None = None
    signing_crl_fetch: bool = False
    signing_crl_timeout_seconds: float = Field(default=3.0, gt=0, le=30)
    signing_crl_required: bool = False
    # Which declaration types and permit procedures must be signed (YAML; unset: the
    # shipped SAMPLE, signatures/sample/signing_required.yaml).
    signing_required_file: Path | None = None

    # Trader notifications pushed to callback URLs: plain http and loopback or private
    # addresses are refused unless this is set (a developer's machine, the tests).
    notifications_allow_loopback: bool = False
    # Callback URLs and partner endpoints reach public addresses only: the host is resolved
    # once, refused when any address is loopback, private, link-local (cloud metadata) or
    # otherwise not global, and the request pinned to it. These networks (CIDRs separated
    # by spaces, "127.0.0.0/8 10.20.0.0/16") are allowed anyway: a partner on a private link,
    # the tests' loopback. (`notifications_allow_loopback` allows the loopback as well.)
    outbound_allowed_networks: str = Field(default="", pattern=r"^[0-9A-Fa-f:./, ]*$")
    notifications_timeout_seconds: float = Field(default=10.0, gt=0, le=120)
    # Exchange with partner customs (ACDD, e-C/O): the country this instance is the customs
    # of, the Ed25519 private key (PEM file) its messages are signed with (unset: nothing is
    # sent), and plain http to partners on a developer's machine and in the tests.
    partners_country: str = Field(default="VN", pattern="^[A-Z]{2}$")
    partners_signing_key_file: Path | None = None  # SMARTCUSTOMS_PARTNERS_SIGNING_KEY_FILE
    partners_allow_http: bool = False
    # The audit chain's checkpoint key (Ed25519 private key, PEM; made at first use) and how
    # often the worker signs a checkpoint of the chain's head (0: never; the CLI still does).
    audit_checkpoint_key_file: Path | None = None  # SMARTCUSTOMS_AUDIT_CHECKPOINT_KEY_FILE
    audit_checkpoint_hours: float = Field(default=24.0, ge=0, le=24 * 366)
    # `smartcustoms worker`: how long it waits when there was nothing to do, and its batch.
    worker_poll_seconds: float = Field(default=1.0, gt=0, le=3600)
    worker_batch: int = Field(default=200, ge=1, le=10_000)
    # The outbox relay to RabbitMQ (adapters/amqp.py): unset, events stay in the platform.
    # e.g. amqp://guest:guest@127.0.0.1:5672/%2F
    amqp_url: SecretStr | None = None  # SMARTCUSTOMS_AMQP_URL
    amqp_exchange: str = "smartcustoms.events"

    @property
    def documents_dir(self) -> Path:
        return self.var_dir / "documents"


@lru_cache
def get_settings() -> Settings:
    return Settings()
