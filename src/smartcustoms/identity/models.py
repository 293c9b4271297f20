"""Organisations, users, their second factor, tokens, delegations and API keys."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from smartcustoms.db import Base, UtcDateTime


class Organisation(Base):
    """An enterprise (by MST), a customs office or another agency."""

    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    name: Mapped[str] = mapped_column(String(300))
    tax_code: Mapped[str | None] = mapped_column(String(13), unique=True)
    office_code: Mapped[str | None] = mapped_column(String(8))
    address: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    office_code: Mapped[str | None] = mapped_column(String(8))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # Why and when an administrator disabled the account (active is then false).
    disabled_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    disabled_reason: Mapped[str | None] = mapped_column(String(500))
    # Written into every token and portal cookie; raising it ends all of them at once.
    token_generation: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # The person's national ID number (CCCD), as the e-identity provider vouches for it.
    national_id: Mapped[str | None] = mapped_column(String(12), unique=True)
    # The TOTP secret, encrypted with a key derived from the platform's secret; the second
    # factor is required from `totp_enabled_at` on (a secret without it is an enrolment).
    totp_secret: Mapped[str | None] = mapped_column(String(300))
    totp_enabled_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # The last TOTP time step accepted: a code is good once, not again within its window.
    totp_last_step: Mapped[int | None] = mapped_column(Integer)


class RevokedToken(Base):
    """An access token withdrawn before its expiry; the row may go once the token expired."""

    __tablename__ = "revoked_tokens"

    token_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    revoked_at: Mapped[datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)


class LoginFailure(Base):
    """A failed sign-in, kept for the lockout window: counted per account name (known or
    not) and per client address; a successful sign-in clears its account's rows."""

    __tablename__ = "login_failures"
    __table_args__ = (
        Index("ix_login_failures_username_failed_at", "username", "failed_at"),
        Index("ix_login_failures_client_address_failed_at", "client_address", "failed_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(100))
    client_address: Mapped[str] = mapped_column(String(64))
    failed_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)


class RecoveryCode(Base):
    """A one-time code that stands in for the second factor (kept as a hash)."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class TokenFamily(Base):
    """The refresh tokens descended from one sign-in; revoking it ends them all, and the
    access tokens they gave (each names its family)."""

    __tablename__ = "token_families"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    revoked_reason: Mapped[str | None] = mapped_column(String(40))


class RefreshToken(Base):
    """One refresh token of a family, by the SHA-256 of its value; used once."""

    __tablename__ = "refresh_tokens"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    family_id: Mapped[str] = mapped_column(ForeignKey("token_families.id"), index=True)
    issued_at: Mapped[datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class Delegation(Base):
    """An enterprise's standing authority for a broker enterprise: what its people may do
    for it (scopes), from when until when, unless revoked."""

    __tablename__ = "delegations"
    __table_args__ = (Index("ix_delegations_agent_id_enterprise_id", "agent_id", "enterprise_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    agent_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    scopes: Mapped[str] = mapped_column(String(100))  # space separated, sorted
    valid_from: Mapped[datetime] = mapped_column(UtcDateTime)
    valid_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    granted_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    granted_at: Mapped[datetime] = mapped_column(UtcDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    revoked_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # Narrowed to these procedures (declaration type codes) and payment accounts (bank,
    # cash, deferment, guarantee), space separated, sorted; empty: all of them.
    procedures: Mapped[str] = mapped_column(String(200), default="", server_default="")
    accounts: Mapped[str] = mapped_column(String(100), default="", server_default="")


class ApiKey(Base):
    """A machine client's key, identified with its enterprise's tax code: the secret is
    kept as a SHA-256 (it is random and long, so no slow hash is needed), shown once."""

    __tablename__ = "api_keys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key_id: Mapped[str] = mapped_column(String(24), unique=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    # The person the key acts as (who created it): what it may do never exceeds theirs.
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    name: Mapped[str] = mapped_column(String(100))
    secret_hash: Mapped[str] = mapped_column(String(64))
    scopes: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(UtcDateTime)  # of the secret in force
    # Rotated in place: the secret before the last rotation keeps working until
    # `previous_valid_until` (the grace period), its own last use recorded apart.
    rotated_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    previous_secret_hash: Mapped[str | None] = mapped_column(String(64))
    previous_valid_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    previous_last_used_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
