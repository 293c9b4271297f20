"""Identity API schemas."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from smartcustoms.kit.text import CleanStr


class TokenRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    username: CleanStr = Field(min_length=1, max_length=100)
    password: CleanStr = Field(min_length=1, max_length=200)


class TokenRead(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int


class OrganisationRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    kind: str
    name: str
    tax_code: str | None


class MeRead(BaseModel):
    user_id: int
    username: str
    role: str
    office_code: str | None
    enterprises: list[OrganisationRead]
