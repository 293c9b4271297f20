"""Partner registry API schemas."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, StringConstraints

from smartcustoms.kit.text import RequiredText


class PartnerCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Annotated[str, StringConstraints(min_length=1, max_length=200), RequiredText]
    endpoint: Annotated[str, StringConstraints(min_length=1, max_length=500), RequiredText]
    public_key: Annotated[str, StringConstraints(min_length=1, max_length=2000)]
    active: bool = True


class PartnerRead(BaseModel):
    country: str
    name: str
    endpoint: str
    public_key_pem: str
    key_fingerprint: str
    active: bool
    created_at: datetime
    updated_at: datetime


class ReceiptRead(BaseModel):
    acknowledged: str  # the message id
    state: str


class MessageRead(BaseModel):
    id: int
    direction: str
    country: str
    message_id: str
    type: str
    state: str
    attempts: int
    next_attempt_at: datetime | None
    last_status: int | None
    last_error: str | None
    declaration_id: int | None
    reference: str | None
    facts: list[dict[str, Any]]
    body: dict[str, Any]
    created_at: datetime
    updated_at: datetime


def message_read(found: Any) -> MessageRead:
    return MessageRead(
        id=found.id,
        direction=found.direction,
        country=found.country,
        message_id=found.message_id,
        type=found.type,
        state=found.state,
        attempts=found.attempts,
        next_attempt_at=found.next_attempt_at,
        last_status=found.last_status,
        last_error=found.last_error,
        declaration_id=found.declaration_id,
        reference=found.reference,
        facts=found.facts,
        body=found.envelope["body"],
        created_at=found.created_at,
        updated_at=found.updated_at,
    )


class CertificateClaim(BaseModel):
    """An e-C/O received from a partner, claimed as proof of origin by a draft import."""

    model_config = ConfigDict(extra="forbid")

    country: Annotated[str, StringConstraints(pattern="^[A-Za-z]{2}$")]
    reference: Annotated[str, StringConstraints(min_length=1, max_length=50), RequiredText]


class CertificateUseRead(BaseModel):
    country: str
    reference: str
    document_id: int
    quantities: dict[str, str]  # by HS subheading
