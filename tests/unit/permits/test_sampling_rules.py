"""The share of lots sampled follows the trader's record, with a floor and a draw."""

from __future__ import annotations

from decimal import Decimal

import pytest

from smartcustoms.permits.rules import (
    SamplingDecision,
    SamplingReason,
    TraderRecord,
    decide_sampling,
    sampling_rate,
)
from smartcustoms.permits.rules.sampling import draw


@pytest.mark.parametrize(
    ("clean", "failures", "rate"),
    [
        (0, 0, "60.00"),  # no record: the base
        (4, 0, "60.00"),
        (5, 0, "30.00"),  # five clean lots halve it
        (10, 0, "15.00"),
        (15, 0, "7.50"),
        (20, 0, "5.00"),  # the floor
        (100, 0, "5.00"),
        (0, 1, "80.00"),  # a failure: half the way to 100 %
        (0, 2, "90.00"),
        (30, 1, "80.00"),  # clean lots since do not lower it while the failure is in record
        (0, 10, "99.96"),
    ],
)
def test_the_rate_follows_the_record(clean: int, failures: int, rate: str) -> None:
    record = TraderRecord(clean_since_failure=clean, failures=failures)
    assert sampling_rate(record, base_percent=60, floor_percent=5) == Decimal(rate)


def test_a_clean_history_lowers_the_rate_and_a_failure_raises_it() -> None:
    base = sampling_rate(TraderRecord(), base_percent=60, floor_percent=5)
    clean = sampling_rate(TraderRecord(clean_since_failure=10), base_percent=60, floor_percent=5)
    failed = sampling_rate(TraderRecord(failures=1), base_percent=60, floor_percent=5)
    assert clean < base < failed


def decide(seed: str, **kw: object) -> SamplingDecision:
    args: dict[str, object] = {
        "base_percent": 60,
        "floor_percent": 5,
        "priority": False,
        "priority_exempt": True,
        "certificate_country": None,
        "mutual_recognition": frozenset({"NZ"}),
        "seed": seed,
    }
    args.update(kw)
    return decide_sampling(TraderRecord(), **args)  # type: ignore[arg-type]


def test_a_priority_enterprise_is_exempt_where_the_entry_allows() -> None:
    exempt = decide("s", priority=True)
    assert exempt.sampled is False
    assert exempt.reason == SamplingReason.PRIORITY_EXEMPT
    not_exempt = decide("s", priority=True, priority_exempt=False, base_percent=100)
    assert not_exempt.sampled is True


def test_a_certificate_under_mutual_recognition_is_accepted_instead_of_retesting() -> None:
    accepted = decide("s", base_percent=100, certificate_country="NZ")
    assert accepted.sampled is False
    assert accepted.reason == SamplingReason.MUTUAL_RECOGNITION
    other = decide("s", base_percent=100, certificate_country="CN")
    assert other.sampled is True


def test_the_draw_is_reproducible_from_its_seed_and_spreads_like_the_rate() -> None:
    assert draw("seed:1") == draw("seed:1")
    sampled = sum(decide(f"seed:{i}").sampled for i in range(2000))
    assert 1080 < sampled < 1320  # 60 % of 2000, give or take


def test_the_floor_keeps_some_lots_sampled_for_the_cleanest_trader() -> None:
    record = TraderRecord(clean_since_failure=1000)
    drawn = sum(
        decide_sampling(
            record,
            base_percent=60,
            floor_percent=5,
            priority=False,
            priority_exempt=True,
            certificate_country=None,
            mutual_recognition=frozenset(),
            seed=f"x{i}",
        ).sampled
        for i in range(2000)
    )
    assert 50 < drawn < 150
