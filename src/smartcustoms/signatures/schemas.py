"""The signatures API's shapes."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints


class CertificateCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    pem: Annotated[str, StringConstraints(min_length=1, max_length=20000)] = Field(
        description="The signing certificate, X.509 in PEM form."
    )


class CertificateRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    organisation_id: int
    fingerprint: str
    subject: str
    issuer: str
    serial: str
    tax_code: str
    not_before: datetime
    not_after: datetime
    registered_at: datetime
    revoked_at: datetime | None


class SignatureCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    signature: Annotated[str, StringConstraints(min_length=1, max_length=40000)] = Field(
        description="A detached JWS (compact, empty payload part) over the declaration's signed"
        " form (GET …/form), RS256 or ES256, with x5c and sigT in its protected header."
    )


class SignatureRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    declaration_id: int
    certificate_id: int
    format: str
    digest: str
    signed_at: datetime
    signer_id: int
    accepted_at: datetime


class SignatureCheckRead(BaseModel):
    signature_id: int
    subject: str
    tax_code: str
    signed_at: datetime
    valid: bool
    reason: str | None
    message: str


class VerificationCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    signature: Annotated[str, StringConstraints(min_length=1, max_length=2_000_000)] = Field(
        description="A detached JWS (compact), or an XML document with an enveloped XAdES"
        " signature (e.g. a WCO XML declaration as filed)."
    )
    payload: Annotated[str, StringConstraints(max_length=2_000_000)] | None = Field(
        default=None, description="For a JWS: the exact bytes it signs, as UTF-8 text."
    )


class VerificationRead(BaseModel):
    format: str
    valid: bool
    reason: str | None
    message: str
    subject: str | None
    tax_code: str | None
    issuer: str | None
    signed_at: datetime | None
    registered: bool
