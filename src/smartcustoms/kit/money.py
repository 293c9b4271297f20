"""Money as Decimal with a currency; rounding is always explicit."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

VND = "VND"


def round_vnd(amount: Decimal) -> int:
    """Round to whole dong, half away from zero, as Vietnamese tax lines are stated."""
    return int(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class Money:
    amount: Decimal
    currency: str

    def __add__(self, other: Money) -> Money:
        if other.currency != self.currency:
            raise ValueError(f"cannot add {other.currency} to {self.currency}")
        return Money(self.amount + other.amount, self.currency)

    def convert(self, rate_to_vnd: Decimal) -> Money:
        return Money(self.amount * rate_to_vnd, VND)
