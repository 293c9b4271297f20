"""The sandbox bank's merchant API and test controls: what requests carry and answers say."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StrictInt

from smartcustoms.bank_sandbox.rules import Fault

# A URL the bank will send a browser or a callback to: http(s) only, no control characters.
HttpUrl = Annotated[str, Field(max_length=2000, pattern=r"^https?://[^\s\x00-\x1f\x7f]+$")]
# Printable text without control characters (names, descriptions).
Text = Annotated[str, Field(pattern=r"^[^\x00-\x1f\x7f]*$")]
# What ISO 20022 allows in an end-to-end id and what survives every bank's remittance field.
Reference = Annotated[
    str, Field(min_length=1, max_length=35, pattern=r"^[A-Za-z0-9][A-Za-z0-9._/-]*$")
]
TaxCode = Annotated[str, Field(pattern=r"^[0-9]{10}(-[0-9]{3})?$")]
# Whole dong, positive, and small enough for any BIGINT sum of a day's credits.
AmountVnd = Annotated[StrictInt, Field(gt=0, le=10**15)]


class PaymentCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reference: Reference
    amount_vnd: AmountVnd
    payer_tax_code: TaxCode
    payer_name: Annotated[Text, Field(min_length=1, max_length=255)]
    description: Annotated[Text, Field(max_length=500)] = ""
    return_url: HttpUrl
    # Where to send this order's callback; the bank's configured URL when absent.
    callback_url: HttpUrl | None = None


class PaymentRead(BaseModel):
    bank_payment_id: str
    reference: str
    amount_vnd: int
    status: str
    rejection: str | None
    redirect_url: str
    bank_txn_id: str | None
    created_at: datetime
    decided_at: datetime | None


class FaultCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    fault: Fault
    count: Annotated[StrictInt, Field(ge=1, le=1000)] = 1


class FaultsRead(BaseModel):
    armed: list[Fault]


class BalanceUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    balance_vnd: Annotated[StrictInt, Field(ge=0, le=10**15)]


class DeliveryRead(BaseModel):
    id: int
    bank_txn_id: str
    url: str
    state: str
    held_for: str | None
    attempts: int
    last_status: int | None
    delivered_at: datetime | None


class Released(BaseModel):
    released: int
