"""Selectivity rules: risk criteria, trader facts and the channel decision. Pure: no I/O.

Channels follow the Revised Kyoto Convention (chapter 6) and VNACCS practice: green clears
automatically, yellow means a document check, red a physical inspection of the goods.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from smartcustoms.errors import FieldError

# VNACCS refuses new declarations of an enterprise whose tax debt is overdue beyond 90 days.
OVERDUE_BLOCK_DAYS = 90
MAX_POINTS = 100.0


class Channel(StrEnum):
    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {Channel.GREEN: 0, Channel.YELLOW: 1, Channel.RED: 2}


def strictest(channels: Iterable[Channel]) -> Channel | None:
    """The most demanding channel among several (red over yellow over green)."""
    found = list(channels)
    return max(found, key=lambda c: c.rank) if found else None


class InspectionKind(StrEnum):
    DOCUMENT_CHECK = "document_check"
    PHYSICAL = "physical"


# ---------------------------------------------------------------------------- facts


@dataclass(frozen=True)
class ItemFacts:
    line_no: int
    hs_code: str
    origin_country: str | None = None
    quantity: Decimal | None = None
    unit: str | None = None
    unit_price: Decimal | None = None  # in the invoice currency
    net_weight: Decimal | None = None


@dataclass(frozen=True)
class DeclarationFacts:
    """What selectivity sees of a declaration at registration, with the trader's standing."""

    declaration_id: int
    type_code: str
    direction: str
    office_code: str
    enterprise_id: int
    importer_tax_code: str | None
    declarant: str | None  # username of the person who filed it (trader or broker)
    invoice_currency: str | None
    incoterms: str | None
    transport_mode: str | None
    country_of_export: str | None
    items: tuple[ItemFacts, ...]
    new_trader: bool = False
    priority: bool = False  # priority enterprise (AEO)
    vnd_rate: Decimal | None = None  # VND per unit of the invoice currency, when known

    def unit_value(self, item: ItemFacts, currency: str) -> Decimal | None:
        """Value per unit in `currency` (the invoice currency, or VND when a rate is known)."""
        if item.unit_price is None or not self.invoice_currency:
            return None
        if currency == self.invoice_currency:
            return item.unit_price
        if currency == "VND" and self.vnd_rate is not None:
            return item.unit_price * self.vnd_rate
        return None


def _text(value: Any) -> Any:
    return str(value) if isinstance(value, Decimal) else value


def facts_to_json(facts: DeclarationFacts) -> dict[str, Any]:
    """Plain JSON form, stored with each decision so rules can be tested on history.

    Written out field by field (as `dataclasses.asdict` would give, decimals as text):
    it runs at every registration, and `asdict` deep-copies, which is slow.
    """
    return {
        "declaration_id": facts.declaration_id,
        "type_code": facts.type_code,
        "direction": facts.direction,
        "office_code": facts.office_code,
        "enterprise_id": facts.enterprise_id,
        "importer_tax_code": facts.importer_tax_code,
        "declarant": facts.declarant,
        "invoice_currency": facts.invoice_currency,
        "incoterms": facts.incoterms,
        "transport_mode": facts.transport_mode,
        "country_of_export": facts.country_of_export,
        "items": [
            {
                "line_no": item.line_no,
                "hs_code": item.hs_code,
                "origin_country": item.origin_country,
                "quantity": _text(item.quantity),
                "unit": item.unit,
                "unit_price": _text(item.unit_price),
                "net_weight": _text(item.net_weight),
            }
            for item in facts.items
        ],
        "new_trader": facts.new_trader,
        "priority": facts.priority,
        "vnd_rate": None if facts.vnd_rate is None else str(facts.vnd_rate),
    }


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def facts_from_json(data: Mapping[str, Any]) -> DeclarationFacts:
    items = tuple(
        ItemFacts(
            line_no=int(item["line_no"]),
            hs_code=str(item["hs_code"]),
            origin_country=item.get("origin_country"),
            quantity=_decimal(item.get("quantity")),
            unit=item.get("unit"),
            unit_price=_decimal(item.get("unit_price")),
            net_weight=_decimal(item.get("net_weight")),
        )
        for item in data.get("items", [])
    )
    return DeclarationFacts(
        declaration_id=int(data["declaration_id"]),
        type_code=str(data.get("type_code") or ""),
        direction=str(data.get("direction") or ""),
        office_code=str(data.get("office_code") or ""),
        enterprise_id=int(data["enterprise_id"]),
        importer_tax_code=data.get("importer_tax_code"),
        declarant=data.get("declarant"),
        invoice_currency=data.get("invoice_currency"),
        incoterms=data.get("incoterms"),
        transport_mode=data.get("transport_mode"),
        country_of_export=data.get("country_of_export"),
        items=items,
        new_trader=bool(data.get("new_trader")),
        priority=bool(data.get("priority")),
        vnd_rate=_decimal(data.get("vnd_rate")),
    )


# ---------------------------------------------------------------------------- rules


@dataclass(frozen=True)
class RuleCriteria:
    """All given criteria must hold (AND); a list matches any of its values (OR).

    Item criteria (HS prefix, origin, value per unit) must hold on one and the same item.
    """

    hs_prefixes: tuple[str, ...] = ()
    origins: tuple[str, ...] = ()
    importers: tuple[str, ...] = ()  # importer tax codes (MST)
    declarants: tuple[str, ...] = ()  # usernames
    offices: tuple[str, ...] = ()
    type_codes: tuple[str, ...] = ()
    incoterms: tuple[str, ...] = ()
    transport_modes: tuple[str, ...] = ()
    unit_value_min: Decimal | None = None
    unit_value_max: Decimal | None = None
    unit_value_currency: str | None = None  # "VND" or an invoice currency; VND by default
    new_trader: bool | None = None

    @property
    def is_empty(self) -> bool:
        return self == RuleCriteria()

    @property
    def has_unit_value(self) -> bool:
        return self.unit_value_min is not None or self.unit_value_max is not None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value in ((), None):
                continue
            data[f.name] = (
                list(value)
                if isinstance(value, tuple)
                else str(value)
                if isinstance(value, Decimal)
                else value
            )
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> RuleCriteria:
        values: dict[str, Any] = {}
        for f in fields(cls):
            if f.name not in data or data[f.name] is None:
                continue
            raw = data[f.name]
            if f.name.startswith("unit_value_m"):
                values[f.name] = Decimal(str(raw))
            elif f.name in ("unit_value_currency", "new_trader"):
                values[f.name] = raw
            else:
                values[f.name] = tuple(str(v) for v in raw)
        return cls(**values)


@dataclass(frozen=True)
class RiskRule:
    """An officer's risk criterion: points added to the score, or a forced channel."""

    id: int
    code: str
    criteria: RuleCriteria
    score: float = 0.0
    forced_channel: Channel | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    active: bool = True

    def in_force(self, on: date) -> bool:
        if not self.active:
            return False
        if self.valid_from is not None and on < self.valid_from:
            return False
        return self.valid_to is None or on <= self.valid_to


def _any(values: tuple[str, ...], value: str | None) -> bool:
    return not values or (value is not None and value.upper() in {v.upper() for v in values})


def _item_matches(criteria: RuleCriteria, facts: DeclarationFacts, item: ItemFacts) -> bool:
    if criteria.hs_prefixes and not any(item.hs_code.startswith(p) for p in criteria.hs_prefixes):
        return False
    if not _any(criteria.origins, item.origin_country):
        return False
    if criteria.has_unit_value:
        value = facts.unit_value(item, criteria.unit_value_currency or "VND")
        if value is None:
            return False  # cannot be compared: no price, or no exchange rate for VND
        if criteria.unit_value_min is not None and value < criteria.unit_value_min:
            return False
        if criteria.unit_value_max is not None and value > criteria.unit_value_max:
            return False
    return True


def matches(rule: RiskRule, facts: DeclarationFacts) -> bool:
    """Whether the rule's criteria hold for the declaration (validity is checked apart)."""
    c = rule.criteria
    if c.is_empty:
        return False
    header_ok = (
        _any(c.importers, facts.importer_tax_code)
        and _any(c.declarants, facts.declarant)
        and _any(c.offices, facts.office_code)
        and _any(c.type_codes, facts.type_code)
        and _any(c.incoterms, facts.incoterms)
        and _any(c.transport_modes, facts.transport_mode)
        and (c.new_trader is None or c.new_trader == facts.new_trader)
    )
    if not header_ok:
        return False
    if not (c.hs_prefixes or c.origins or c.has_unit_value):
        return True
    return any(_item_matches(c, facts, item) for item in facts.items)


def validate_rule(
    *,
    code: str,
    criteria: RuleCriteria,
    score: float,
    forced_channel: Channel | None,
    valid_from: date | None,
    valid_to: date | None,
) -> list[FieldError]:
    """Every reason a rule cannot be saved, at once."""
    errors: list[FieldError] = []
    if not code.strip():
        errors.append(
            FieldError("code", "required", "This field is required.", "Trường này là bắt buộc.")
        )
    if criteria.is_empty:
        errors.append(
            FieldError(
                "criteria",
                "no_criteria",
                "A rule needs at least one criterion; otherwise it would flag everything.",
                "Tiêu chí rủi ro phải có ít nhất một điều kiện; "
                "nếu không sẽ áp dụng cho mọi tờ khai.",
            )
        )
    if not -MAX_POINTS <= score <= MAX_POINTS:
        errors.append(
            FieldError(
                "score",
                "out_of_range",
                f"The score must be between {-MAX_POINTS:g} and {MAX_POINTS:g}.",
                f"Điểm rủi ro phải từ {-MAX_POINTS:g} đến {MAX_POINTS:g}.",
            )
        )
    if score == 0 and forced_channel is None:
        errors.append(
            FieldError(
                "score",
                "no_effect",
                "Give the rule a score or a forced channel.",
                "Hãy cho tiêu chí một điểm rủi ro hoặc một luồng bắt buộc.",
            )
        )
    if valid_from and valid_to and valid_to < valid_from:
        errors.append(
            FieldError(
                "valid_to",
                "ends_before_start",
                "The validity ends before it starts.",
                "Ngày hết hiệu lực trước ngày bắt đầu hiệu lực.",
            )
        )
    for bad in [p for p in criteria.hs_prefixes if not (p.isdigit() and 2 <= len(p) <= 8)]:
        errors.append(
            FieldError(
                "criteria.hs_prefixes",
                "bad_hs_prefix",
                f"{bad!r} is not an HS prefix of 2 to 8 digits.",
                f"{bad!r} không phải tiền tố mã HS từ 2 đến 8 chữ số.",
            )
        )
    low, high = criteria.unit_value_min, criteria.unit_value_max
    if low is not None and high is not None and high < low:
        errors.append(
            FieldError(
                "criteria.unit_value_max",
                "range_inverted",
                "The maximum value per unit is below the minimum.",
                "Trị giá tối đa trên một đơn vị nhỏ hơn trị giá tối thiểu.",
            )
        )
    return errors


# ---------------------------------------------------------------------------- trader standing


@dataclass(frozen=True)
class TaxDebtFacts:
    amount_vnd: Decimal
    due_date: date
    settled: bool


def overdue_days(debt: TaxDebtFacts, today: date) -> int:
    return 0 if debt.settled else max(0, (today - debt.due_date).days)


def blocking_debts(debts: Iterable[TaxDebtFacts], today: date) -> list[TaxDebtFacts]:
    """Unsettled debts overdue beyond 90 days: they block new declarations."""
    return [d for d in debts if overdue_days(d, today) > OVERDUE_BLOCK_DAYS]


def is_new_trader(earlier_declarations: int, policy: SelectivityPolicy) -> bool:
    return earlier_declarations < policy.new_trader_history


def priority_in_force(priority: bool, valid_until: date | None, today: date) -> bool:
    return priority and (valid_until is None or today <= valid_until)


@dataclass(frozen=True)
class ComplianceRecord:
    """A trader's history as the officer reads it."""

    declarations: int
    yellow: int
    red: int
    inspections: int
    findings: int
    violations: int

    @property
    def finding_rate(self) -> float | None:
        return self.findings / self.inspections if self.inspections else None


# ---------------------------------------------------------------------------- selectivity


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
        issues = []
        for name in ("red_share", "yellow_share", "random_rate", "aeo_random_rate"):
            if not 0 <= getattr(self, name) <= 1:
                issues.append(f"{name} must be between 0 and 1")
        if self.red_share + self.yellow_share > 1:
            issues.append("red_share + yellow_share must not exceed 1")
        if self.rules_only_red < self.rules_only_yellow:
            issues.append("rules_only_red must not be below rules_only_yellow")
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


CHANNEL_VI = {Channel.GREEN: "luồng xanh", Channel.YELLOW: "luồng vàng", Channel.RED: "luồng đỏ"}


def _channel_by_score(score: float, thresholds: Thresholds) -> Channel:
    # A zero score never selects: degenerate quantiles (all zero) must not send all to red.
    if score > 0 and score >= thresholds.red:
        return Channel.RED
    if score > 0 and score >= thresholds.yellow:
        return Channel.YELLOW
    return Channel.GREEN


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
                Reason(
                    "forced_rule",
                    f"Rule {rule.code} requires the {rule.forced_channel} channel.",
                    f"Tiêu chí {rule.code} yêu cầu {CHANNEL_VI[rule.forced_channel]}.",
                    points=rule.score or None,
                    details={"rule_id": rule.id, "rule": rule.code},
                )
            )
        if rule.score:
            rule_points += rule.score
            if rule.forced_channel is None:
                reasons.append(
                    Reason(
                        "rule",
                        f"Rule {rule.code} matched (+{rule.score:g} points)."
                        if rule.score > 0
                        else f"Rule {rule.code} matched ({rule.score:g} points).",
                        f"Khớp tiêu chí {rule.code} ({rule.score:+g} điểm).",
                        points=rule.score,
                        details={"rule_id": rule.id, "rule": rule.code},
                    )
                )
    forced = strictest(r.forced_channel for r in hits if r.forced_channel is not None)

    profile_points = 0.0
    if facts.new_trader:
        profile_points += policy.new_trader_points
        reasons.append(
            Reason(
                "new_trader",
                f"New trader: little or no declaration history (+{policy.new_trader_points:g}).",
                f"Doanh nghiệp mới: chưa có lịch sử khai báo (+{policy.new_trader_points:g} điểm).",
                points=policy.new_trader_points,
            )
        )

    model_points: float | None = None
    if model is None:
        reasons.append(
            Reason(
                "no_model",
                "No active model: rules and random selection only.",
                "Chưa có mô hình đang áp dụng: chỉ dùng tiêu chí rủi ro và chọn ngẫu nhiên.",
            )
        )
    else:
        model_points = round(MAX_POINTS * model.score, 4)
        reasons.append(
            Reason(
                "model",
                f"Fraud model score {model.score:.3f} (+{model_points:g} points).",
                f"Điểm mô hình gian lận {model.score:.3f} (+{model_points:g} điểm).",
                points=model_points,
                details={
                    "model_version_id": model.version_id,
                    "top_features": _top_features_json(model.top_features),
                },
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
            reasons.append(
                Reason(
                    "priority",
                    "Priority enterprise (AEO): green unless a rule forces or a draw selects.",
                    "Doanh nghiệp ưu tiên: luồng xanh trừ khi tiêu chí bắt buộc hoặc được chọn "
                    "ngẫu nhiên.",
                )
            )
        else:
            channel = _channel_by_score(score, thresholds)
            reasons.append(
                Reason(
                    "score",
                    f"Score {score:g} against thresholds yellow {thresholds.yellow:g}, "
                    f"red {thresholds.red:g} ({thresholds.source}).",
                    f"Điểm {score:g} so với ngưỡng vàng {thresholds.yellow:g}, "
                    f"đỏ {thresholds.red:g}.",
                    points=score,
                )
            )
        if drawn and policy.random_channel.rank > channel.rank:
            channel = policy.random_channel
            reasons.append(
                Reason(
                    "random",
                    f"Selected at random (rate {rate:.1%}) for the {channel} channel.",
                    f"Được chọn ngẫu nhiên (tỷ lệ {rate:.1%}) vào {CHANNEL_VI[channel]}.",
                    details={"draw": draw},
                )
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


# ---------------------------------------------------------------------------- rule testing


@dataclass(frozen=True)
class RuleTestResult:
    """What a rule would have done on past decisions: flagged, and of those, with findings."""

    examined: int
    flagged: int
    flagged_inspected: int
    flagged_with_findings: int

    @property
    def hit_rate(self) -> float | None:
        """Share of inspected flagged declarations that had findings."""
        return (
            self.flagged_with_findings / self.flagged_inspected if self.flagged_inspected else None
        )


def backtest(
    rule: RiskRule, history: Iterable[tuple[DeclarationFacts, bool | None]]
) -> RuleTestResult:
    """`history` pairs past facts with their inspection outcome (None: not inspected)."""
    examined = flagged = inspected = findings = 0
    for facts, outcome in history:
        examined += 1
        if not matches(rule, facts):
            continue
        flagged += 1
        if outcome is not None:
            inspected += 1
            findings += int(outcome)
    return RuleTestResult(examined, flagged, inspected, findings)
