"""One tax of one item: the amount a rate gives on a base, and the line that explains it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from smartcustoms.kit.money import round_vnd
from smartcustoms.tariff.messages import Both
from smartcustoms.tariff.rules.errors import UnitMismatch
from smartcustoms.tariff.rules.jsontext import json_int_or_null, json_or_null, json_str
from smartcustoms.tariff.rules.request import QuoteRequest
from smartcustoms.tariff.rules.schedule import (
    HUNDRED,
    LINE_NAMES,
    RateKind,
    TaxName,
    TaxRate,
    format_decimal,
)


@dataclass(frozen=True, slots=True)
class TaxLine:
    """One tax of one item, with the figures and the reason that produced it."""

    tax: TaxName
    base_vnd: int
    rate: str
    amount_vnd: int
    source: str
    kind: RateKind
    schedule: str
    reason_en: str
    reason_vi: str
    quantity: Decimal | None = None
    unit: str = ""
    agreement: str | None = None
    year: int | None = None
    proof: str | None = None

    def summary(self) -> dict[str, Any]:
        return {
            "tax": self.tax,
            "base_vnd": self.base_vnd,
            "rate": self.rate,
            "amount_vnd": self.amount_vnd,
            "source": self.source,
        }

    def as_dict(self) -> dict[str, Any]:
        return self.summary() | {
            "kind": self.kind.value,
            "schedule": self.schedule,
            "quantity": None if self.quantity is None else format_decimal(self.quantity),
            "unit": self.unit or None,
            "agreement": self.agreement,
            "year": self.year,
            "proof": self.proof,
            "reason_en": self.reason_en,
            "reason_vi": self.reason_vi,
        }

    def as_json(self) -> str:
        """Exactly json.dumps(self.as_dict())."""
        quantity = None if self.quantity is None else format_decimal(self.quantity)
        return (
            f'{{"tax": {json_str(self.tax)}, "base_vnd": {int.__repr__(self.base_vnd)}, '
            f'"rate": {json_str(self.rate)}, "amount_vnd": {int.__repr__(self.amount_vnd)}, '
            f'"source": {json_str(self.source)}, "kind": {json_str(self.kind)}, '
            f'"schedule": {json_str(self.schedule)}, "quantity": {json_or_null(quantity)}, '
            f'"unit": {json_or_null(self.unit or None)}, '
            f'"agreement": {json_or_null(self.agreement)}, '
            f'"year": {json_int_or_null(self.year)}, "proof": {json_or_null(self.proof)}, '
            f'"reason_en": {json_str(self.reason_en)}, "reason_vi": {json_str(self.reason_vi)}}}'
        )


def assess(rate: TaxRate, base: int | Decimal, quantity: Decimal, unit: str) -> Decimal:
    """The unrounded tax: base x rate %, quantity x amount, or both for a mixed rate."""
    kind = rate.kind
    if kind is RateKind.AD_VALOREM:
        return base * rate.rate / HUNDRED
    if unit != rate.unit:
        raise UnitMismatch.of(rate, unit)
    specific = quantity * rate.amount
    if kind is RateKind.SPECIFIC:
        return specific
    return base * rate.rate / HUNDRED + specific


def tax_line(
    rate: TaxRate, base: int, request: QuoteRequest, reason: Both | None = None
) -> TaxLine:
    """A rate's tax line on this base; the reason is the rate's own unless one is given."""
    specific = rate.kind is not RateKind.AD_VALOREM
    reason_en, reason_vi = rate.reason if reason is None else reason
    return TaxLine(
        tax=LINE_NAMES[rate.tax],
        base_vnd=base,
        rate=rate.label,
        amount_vnd=round_vnd(assess(rate, base, request.quantity, request.unit)),
        source=rate.source,
        kind=rate.kind,
        schedule=rate.tax,
        reason_en=reason_en,
        reason_vi=reason_vi,
        quantity=request.quantity if specific else None,
        unit=rate.unit,
    )
