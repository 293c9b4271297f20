"""Tariff API schemas."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from smartcustoms.kit.text import CleanCode
from smartcustoms.kit.wire import DecimalInput, IsoDate
from smartcustoms.tariff import rules

Code = Annotated[str, StringConstraints(max_length=30), CleanCode]
Figure = Annotated[Decimal, DecimalInput(digits=13, places=6)]


class TariffLineRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    hs8: str
    description_vi: str
    description_en: str
    unit: str


class QuoteCreate(BaseModel):
    """A what-if: the duties and taxes of one item."""

    model_config = ConfigDict(extra="forbid")

    hs8: Annotated[str, StringConstraints(pattern=r"^[0-9]{4}\.?[0-9]{2}\.?[0-9]{2}$")]
    origin: Annotated[str, StringConstraints(pattern=r"^[A-Za-z]{2}$", to_upper=True)]
    value: Figure
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Za-z]{3}$", to_upper=True)]
    quantity: Figure
    unit: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9]{2,3}$", to_upper=True)]
    date: IsoDate
    incoterms: rules.Incoterm = rules.Incoterm.CIF
    freight: Figure = Decimal(0)
    insurance: Figure = Decimal(0)
    proofs: list[Code] = Field(default_factory=list, max_length=5)
    direction: rules.Direction = rules.Direction.IMPORT

    def to_request(self) -> rules.QuoteRequest:
        return rules.QuoteRequest(
            hs8=self.hs8.replace(".", ""),
            origin=self.origin,
            value=self.value,
            currency=self.currency,
            quantity=self.quantity,
            unit=self.unit,
            date=self.date,
            incoterm=self.incoterms,
            freight=self.freight,
            insurance=self.insurance,
            proofs=frozenset(self.proofs),
            direction=self.direction,
        )


class QuoteRead(BaseModel):
    customs_value_vnd: int
    taxes: list[dict[str, Any]]
    total_vnd: int
    explanation: dict[str, Any]


class RoadmapRead(BaseModel):
    line: TariffLineRead
    rates: list[dict[str, Any]]
    fta: dict[str, list[dict[str, Any]]]


class AssessmentRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    declaration_id: int
    tax_date: date
    customs_value_vnd: int
    total_vnd: int
    items: list[dict[str, Any]]
