"""Money is Decimal, never float; rounding is always explicit and follows the law's rule."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

VND = "VND"


def round_vnd(amount: Decimal) -> int:
    """Round to whole dong, half away from zero, as Vietnamese tax lines are stated."""
    return int(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP))
