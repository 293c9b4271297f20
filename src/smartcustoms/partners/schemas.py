"""Partner registry API schemas."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

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
