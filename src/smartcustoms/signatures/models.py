"""Signing certificates registered by enterprises, and the signatures on declarations."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from smartcustoms.db import Base, UtcDateTime


class SigningCertificate(Base):
    """An X.509 certificate an enterprise (or a broker's company) signs declarations with."""

    __tablename__ = "signing_certificates"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    fingerprint: Mapped[str] = mapped_column(String(64), unique=True)  # SHA-256 of the DER
    subject: Mapped[str] = mapped_column(String(300))
    issuer: Mapped[str] = mapped_column(String(300))
    serial: Mapped[str] = mapped_column(String(64))
    tax_code: Mapped[str] = mapped_column(String(14))
    not_before: Mapped[datetime] = mapped_column(UtcDateTime)
    not_after: Mapped[datetime] = mapped_column(UtcDateTime)
    pem: Mapped[str] = mapped_column(Text)
    registered_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    registered_at: Mapped[datetime] = mapped_column(UtcDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class DeclarationSignature(Base):
    """A detached JWS over a declaration version's canonical form, as it was accepted."""

    __tablename__ = "declaration_signatures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    declaration_id: Mapped[int] = mapped_column(ForeignKey("declarations.id"), index=True)
    certificate_id: Mapped[int] = mapped_column(ForeignKey("signing_certificates.id"))
    format: Mapped[str] = mapped_column(String(10))  # "jws"
    signature: Mapped[str] = mapped_column(Text)
    digest: Mapped[str] = mapped_column(String(64))  # SHA-256 of the signed form
    signed_at: Mapped[datetime] = mapped_column(UtcDateTime)
    signer_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    accepted_at: Mapped[datetime] = mapped_column(UtcDateTime)


class ApplicationSignature(Base):
    """A detached JWS over a licence application's canonical form (the filed request's
    canonical JSON without the signature), as it was accepted at filing."""

    __tablename__ = "application_signatures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("permit_applications.id"), index=True)
    certificate_id: Mapped[int] = mapped_column(ForeignKey("signing_certificates.id"))
    format: Mapped[str] = mapped_column(String(10))  # "jws"
    signature: Mapped[str] = mapped_column(Text)
    digest: Mapped[str] = mapped_column(String(64))
    signed_at: Mapped[datetime] = mapped_column(UtcDateTime)
    signer_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    accepted_at: Mapped[datetime] = mapped_column(UtcDateTime)
