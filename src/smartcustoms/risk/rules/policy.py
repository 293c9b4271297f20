"""The selectivity policy: target shares, random rates, and how scores become channels.
Pure: no I/O."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from smartcustoms.risk.messages import Texts, texts
from smartcustoms.risk.rules.channels import MAX_POINTS, Channel


@dataclass(frozen=True)
class SelectivityPolicy:
    """How scores become channels; the defaults are documented in docs/risk.md."""

    red_share: float = 0.05  # target share of physical inspections chosen by score
    yellow_share: float = 0.15  # target share of document checks chosen by score
    random_rate: float = 0.02  # minimum random inspection rate (control sample)
    random_channel: Channel = Channel.RED
    aeo_benefit: bool = True  # priority enterprises go green unless forced or drawn
    aeo_random_rate: float = 0.01
    new_trader_points: float = 15.0
    new_trader_history: int = 3  # fewer earlier declarations than this: a new trader
    # Without a model the score is rule points only; these thresholds apply to it.
    rules_only_yellow: float = 50.0
    rules_only_red: float = 80.0
    salt: str = "smartcustoms-selectivity-1"

    def problems(self) -> list[str]:
        """Why the policy cannot apply, in English (empty when it can)."""
        return [en for en, _vi in self.problem_texts()]

    def problem_texts(self) -> list[Texts]:
        """Why the policy cannot apply, each in English and Vietnamese."""
        issues = []
        for name in ("red_share", "yellow_share", "random_rate", "aeo_random_rate"):
            if not 0 <= getattr(self, name) <= 1:
                issues.append(texts("share_out_of_range", name=name))
        if self.red_share + self.yellow_share > 1:
            issues.append(texts("shares_over_one"))
        if self.rules_only_red < self.rules_only_yellow:
            issues.append(texts("thresholds_inverted"))
        return issues


@dataclass(frozen=True)
class Thresholds:
    yellow: float
    red: float
    source: str  # "model_quantiles" or "rules_only"


def quantile(points: Sequence[float], q: float) -> float:
    """The q-quantile from evenly spaced stored quantiles (points[0] = min, [-1] = max)."""
    if not points:
        raise ValueError("no quantiles")
    q = min(max(q, 0.0), 1.0)
    position = q * (len(points) - 1)
    low = int(position)
    high = min(low + 1, len(points) - 1)
    return points[low] + (points[high] - points[low]) * (position - low)


def thresholds_for(
    policy: SelectivityPolicy, score_quantiles: Sequence[float] | None
) -> Thresholds:
    """Target shares → thresholds on the 0–100 score scale.

    With a model, the model version stores the quantiles of its scores over its validation
    window; red starts at the (1 − red share) quantile, yellow at (1 − red − yellow share).
    """
    if not score_quantiles:
        return Thresholds(policy.rules_only_yellow, policy.rules_only_red, "rules_only")
    red = MAX_POINTS * quantile(score_quantiles, 1 - policy.red_share)
    yellow = MAX_POINTS * quantile(score_quantiles, 1 - policy.red_share - policy.yellow_share)
    return Thresholds(round(min(yellow, red), 4), round(red, 4), "model_quantiles")


def random_draw(declaration_id: int, salt: str) -> float:
    """A reproducible draw in [0, 1): the same declaration and salt always draw the same."""
    digest = hashlib.sha256(f"{salt}:{declaration_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64
