"""The channel decision: rules, the trader's profile, the model score and a random draw
combined into a channel, with the reasons officers read. Pure: no I/O."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from smartcustoms.risk.messages import CHANNEL_WORDS, reason_texts
from smartcustoms.risk.rules.channels import MAX_POINTS, Channel, strictest
from smartcustoms.risk.rules.criteria import RiskRule, matches
from smartcustoms.risk.rules.facts import DeclarationFacts
from smartcustoms.risk.rules.policy import (
    SelectivityPolicy,
    Thresholds,
    random_draw,
    thresholds_for,
)

TopFeatures = tuple[tuple[str, float], ...]


@dataclass(frozen=True)
class ModelScore:
    """The active model's view of one declaration."""

    version_id: int
    score: float  # probability-like, 0..1
    # None: not computed (a green decision is explained when an officer opens it).
    top_features: TopFeatures | None = ()
    score_quantiles: tuple[float, ...] = ()


def _top_features_json(top_features: TopFeatures | None) -> list[list[Any]] | None:
    if top_features is None:
        return None
    return [[name, value] for name, value in top_features]


@dataclass(frozen=True)
class Reason:
    code: str
    message_en: str
    message_vi: str
    points: float | None = None
    details: dict[str, Any] = field(default_factory=dict)

    def message(self, lang: str) -> str:
        return self.message_vi if lang == "vi" else self.message_en

    def to_json(self) -> dict[str, Any]:
        """As `dataclasses.asdict` would give, without its slow deep copy."""
        return {
            "code": self.code,
            "message_en": self.message_en,
            "message_vi": self.message_vi,
            "points": self.points,
            "details": _plain(self.details),
        }


def _plain(value: Any) -> Any:
    """A copy of nested dicts, lists and tuples (tuples stay tuples, as in `asdict`)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_plain(v) for v in value)
    return value


@dataclass(frozen=True)
class ChannelDecision:
    channel: Channel
    score: float
    rule_points: float
    model_points: float | None
    profile_points: float
    thresholds: Thresholds
    random_draw: float
    randomly_selected: bool
    forced_channel: Channel | None
    rules_hit: tuple[int, ...]
    reasons: tuple[Reason, ...]

    def explanation(self) -> dict[str, Any]:
        thresholds = self.thresholds
        return {
            "channel": str(self.channel),
            "score": self.score,
            "rule_points": self.rule_points,
            "model_points": self.model_points,
            "profile_points": self.profile_points,
            "thresholds": {
                "yellow": thresholds.yellow,
                "red": thresholds.red,
                "source": thresholds.source,
            },
            "random_draw": self.random_draw,
            "randomly_selected": self.randomly_selected,
            "forced_channel": None if self.forced_channel is None else str(self.forced_channel),
            "rules_hit": list(self.rules_hit),
            "reasons": [r.to_json() for r in self.reasons],
        }

    def with_top_features(self, top_features: TopFeatures) -> ChannelDecision:
        """The same decision, its model reason naming the features behind the score."""
        return replace(
            self,
            reasons=tuple(
                replace(r, details={**r.details, "top_features": _top_features_json(top_features)})
                if r.code == "model"
                else r
                for r in self.reasons
            ),
        )


def _channel_by_score(score: float, thresholds: Thresholds) -> Channel:
    # A zero score never selects: degenerate quantiles (all zero) must not send all to red.
    if score > 0 and score >= thresholds.red:
        return Channel.RED
    if score > 0 and score >= thresholds.yellow:
        return Channel.YELLOW
    return Channel.GREEN


def _reason(
    code: str,
    *,
    points: float | None = None,
    details: dict[str, Any] | None = None,
    **params: object,
) -> Reason:
    """A reason whose messages are the catalogue's entry for its code."""
    message_en, message_vi = reason_texts(code, points=points, **params)
    return Reason(code, message_en, message_vi, points=points, details=details or {})


def select_channel(
    facts: DeclarationFacts,
    rules: Sequence[RiskRule],
    *,
    policy: SelectivityPolicy,
    model: ModelScore | None,
    on: date,
) -> ChannelDecision:
    """Combine rules, the trader's profile, the model score and a random draw into a channel."""
    reasons: list[Reason] = []
    hits = [r for r in rules if r.in_force(on) and matches(r, facts)]
    rule_points = 0.0
    for rule in hits:
        if rule.forced_channel is not None:
            reasons.append(
                _reason(
                    "forced_rule",
                    points=rule.score or None,
                    details={"rule_id": rule.id, "rule": rule.code},
                    rule=rule.code,
                    channel=CHANNEL_WORDS[rule.forced_channel],
                )
            )
        if rule.score:
            rule_points += rule.score
            if rule.forced_channel is None:
                reasons.append(
                    _reason(
                        "rule",
                        points=rule.score,
                        details={"rule_id": rule.id, "rule": rule.code},
                        rule=rule.code,
                    )
                )
    forced = strictest(r.forced_channel for r in hits if r.forced_channel is not None)

    profile_points = 0.0
    if facts.new_trader:
        profile_points += policy.new_trader_points
        reasons.append(_reason("new_trader", points=policy.new_trader_points))

    model_points: float | None = None
    if model is None:
        reasons.append(_reason("no_model"))
    else:
        model_points = round(MAX_POINTS * model.score, 4)
        reasons.append(
            _reason(
                "model",
                points=model_points,
                details={
                    "model_version_id": model.version_id,
                    "top_features": _top_features_json(model.top_features),
                },
                score=model.score,
            )
        )
    thresholds = thresholds_for(policy, model.score_quantiles if model else None)
    score = round(rule_points + profile_points + (model_points or 0.0), 4)

    draw = random_draw(facts.declaration_id, policy.salt)
    aeo = policy.aeo_benefit and facts.priority
    rate = policy.aeo_random_rate if aeo else policy.random_rate
    drawn = draw < rate

    if forced is not None:
        channel = forced
        drawn = False  # a forced channel is the officers' decision; the draw does not apply
    else:
        if aeo:
            channel = Channel.GREEN
            reasons.append(_reason("priority"))
        else:
            channel = _channel_by_score(score, thresholds)
            reasons.append(
                _reason(
                    "score",
                    points=score,
                    score=score,
                    yellow=thresholds.yellow,
                    red=thresholds.red,
                    source=thresholds.source,
                )
            )
        if drawn and policy.random_channel.rank > channel.rank:
            channel = policy.random_channel
            reasons.append(
                _reason("random", details={"draw": draw}, rate=rate, channel=CHANNEL_WORDS[channel])
            )
        else:
            drawn = False
    return ChannelDecision(
        channel=channel,
        score=score,
        rule_points=rule_points,
        model_points=model_points,
        profile_points=profile_points,
        thresholds=thresholds,
        random_draw=draw,
        randomly_selected=drawn,
        forced_channel=forced,
        rules_hit=tuple(r.id for r in hits),
        reasons=tuple(reasons),
    )
