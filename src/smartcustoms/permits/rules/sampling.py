"""Risk-based specialised inspection: the share of lots sampled, per agency and commodity,
follows the trader's record. Pure: no I/O.

- A priority enterprise is exempt where the registry entry allows it.
- A certificate from a country under a mutual-recognition agreement is accepted instead of
  re-testing.
- Otherwise the rate starts at the entry's base; each run of five clean lots since the last
  failure halves it, down to the entry's floor (never zero: some lots are always drawn); a
  failure within the record raises it by half the way to 100 % per failure.
- Whether one lot is sampled is a draw against that rate, from a seed (the application and
  the app's secret in production, a fixed one in tests), so it is random yet reproducible.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

CLEAN_RUN = 5  # clean lots that halve the rate


@dataclass(frozen=True)
class TraderRecord:
    """The trader's results for this agency and commodity: clean lots since the last
    failure, and failures in the record's window."""

    clean_since_failure: int = 0
    failures: int = 0


class SamplingReason(StrEnum):
    PRIORITY_EXEMPT = "priority_exempt"
    MUTUAL_RECOGNITION = "mutual_recognition"
    DRAWN = "drawn"
    NOT_DRAWN = "not_drawn"


@dataclass(frozen=True)
class SamplingDecision:
    sampled: bool
    reason: SamplingReason
    rate_percent: Decimal


def sampling_rate(record: TraderRecord, *, base_percent: int, floor_percent: int) -> Decimal:
    """The share of this trader's lots to sample, in percent (two decimals)."""
    rate = Decimal(base_percent)
    for _ in range(record.failures):
        rate += (Decimal(100) - rate) / 2
    if record.failures == 0:
        rate /= Decimal(2) ** (record.clean_since_failure // CLEAN_RUN)
    rate = max(rate, Decimal(floor_percent))
    return min(rate, Decimal(100)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def draw(seed: str) -> Decimal:
    """A number in [0, 100) from the seed: the same seed, the same number."""
    digest = hashlib.sha256(seed.encode()).digest()
    return Decimal(int.from_bytes(digest[:8], "big") % 10_000) / 100


def decide_sampling(
    record: TraderRecord,
    *,
    base_percent: int,
    floor_percent: int,
    priority: bool,
    priority_exempt: bool,
    certificate_country: str | None,
    mutual_recognition: frozenset[str],
    seed: str,
) -> SamplingDecision:
    rate = sampling_rate(record, base_percent=base_percent, floor_percent=floor_percent)
    if priority and priority_exempt:
        return SamplingDecision(False, SamplingReason.PRIORITY_EXEMPT, Decimal(0))
    if certificate_country is not None and certificate_country in mutual_recognition:
        return SamplingDecision(False, SamplingReason.MUTUAL_RECOGNITION, Decimal(0))
    sampled = draw(seed) < rate
    return SamplingDecision(
        sampled, SamplingReason.DRAWN if sampled else SamplingReason.NOT_DRAWN, rate
    )
