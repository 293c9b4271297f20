"""Identity API schemas."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import AwareDatetime, BaseModel, BeforeValidator, ConfigDict, Field

from smartcustoms.identity.rules import MAX_PROCEDURES, PaymentAccount, Scope
from smartcustoms.kit.text import CleanStr


def _text_only(value: object) -> object:
    """An instant as RFC 3339 text only: pydantic would also read a number as seconds since
    1970, which the document does not promise."""
    if not isinstance(value, str):
        raise ValueError("an instant is written as RFC 3339 text")
    return value


Instant = Annotated[AwareDatetime, BeforeValidator(_text_only)]


class TokenRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    username: CleanStr = Field(min_length=1, max_length=100)
    password: CleanStr = Field(min_length=1, max_length=200)
    # The second factor: a TOTP code or a recovery code, when the account has it on.
    otp: CleanStr | None = Field(default=None, max_length=40)


class RefreshRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    refresh_token: CleanStr = Field(min_length=1, max_length=200)


class ClientTokenRequest(BaseModel):
    """A machine client's sign-in: its enterprise's tax code and an API key of it."""

    model_config = ConfigDict(extra="forbid")

    tax_code: CleanStr = Field(min_length=10, max_length=14)
    api_key: CleanStr = Field(min_length=1, max_length=200)


class TokenRead(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int
    # Absent for a machine client (it exchanges its key again instead).
    refresh_token: str | None = None
    refresh_expires_in: int | None = None


class DelegationCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    agent_tax_code: CleanStr = Field(min_length=10, max_length=14)
    scopes: list[Scope] = Field(min_length=1, max_length=3)
    valid_from: Instant | None = None  # None: now
    valid_until: Instant | None = None  # None: until revoked
    # Narrowed to these procedures (declaration type codes, e.g. A11) when declaring, and to
    # these payment accounts when paying; empty: all of them.
    procedures: list[Annotated[str, Field(pattern=r"^[A-Z][A-Z0-9]{2}$")]] = Field(
        default=[], max_length=MAX_PROCEDURES
    )
    accounts: list[PaymentAccount] = Field(default=[], max_length=4)


class DelegationRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    enterprise_id: int
    agent_id: int
    agent_name: str
    agent_tax_code: str | None
    scopes: list[Scope]
    procedures: list[str]  # empty: all
    accounts: list[PaymentAccount]  # empty: all
    valid_from: datetime
    valid_until: datetime | None
    granted_at: datetime
    revoked_at: datetime | None
    in_force: bool


class ApiKeyCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: CleanStr = Field(min_length=1, max_length=100)
    scopes: list[Scope] = Field(min_length=1, max_length=3)
    expires_at: Instant | None = None


class ApiKeyRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    key_id: str
    name: str
    scopes: list[Scope]
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None
    last_used_at: datetime | None  # of the secret in force
    # After a rotation: the previous secret works until previous_valid_until.
    rotated_at: datetime | None = None
    previous_valid_until: datetime | None = None
    previous_last_used_at: datetime | None = None


class ApiKeyCreated(ApiKeyRead):
    # The key itself, shown this once: "sck_<key id>_<secret>".
    api_key: str


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
