"""Notifications API schemas: <Noun><Purpose>."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from smartcustoms.kit.ids import RowId
from smartcustoms.kit.text import RequiredText


class Title(BaseModel):
    en: str
    vi: str


class NotificationRead(BaseModel):
    """One notification, as pushed (the body, signed) and as pulled."""

    id: int
    event_id: int
    code: str
    title: Title
    enterprise_id: int
    declaration_id: int | None
    data: dict[str, Any]
    occurred_at: datetime
    created_at: datetime


class EndpointCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: Annotated[str, StringConstraints(min_length=1, max_length=500), RequiredText]
    enterprise_id: RowId | None = None  # defaults to your company


class EndpointRead(BaseModel):
    enterprise_id: int
    url: str
    updated_at: datetime
    # Only in the answer that registered the URL: keep it, it signs every push.
    secret: str | None = None
    signature_header: str = "SmartCustoms-Signature"


class AcknowledgementCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    ids: list[RowId] = Field(min_length=1, max_length=500)
    enterprise_id: RowId | None = None


class AcknowledgementRead(BaseModel):
    acknowledged: int


class DeliveryRead(BaseModel):
    id: int
    notification_id: int
    url: str
    state: str
    attempts: int
    next_attempt_at: datetime | None
    expires_at: datetime
    last_status: int | None
    last_error: str | None
    delivered_at: datetime | None
    created_at: datetime


class DeadLetterRead(BaseModel):
    delivery: DeliveryRead
    notification: NotificationRead


class DeadLettersRead(BaseModel):
    total: int
    items: list[DeadLetterRead]
