"""Risk rules: an officer's criteria, whether they hold for a declaration, whether a rule can
be saved, and what it would have flagged on history. Pure: no I/O."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal
from typing import Any

from smartcustoms.errors import FieldError
from smartcustoms.risk.messages import field_error
from smartcustoms.risk.rules.channels import MAX_POINTS, Channel
from smartcustoms.risk.rules.facts import DeclarationFacts, ItemFacts


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
    # Any of these discrepancies with the cargo report ("weight", "packages", "consignee") or
    # with the exporting customs' ACDD ("acdd_value", "acdd_quantity").
    discrepancies: tuple[str, ...] = ()

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
        and (not c.discrepancies or bool(set(c.discrepancies) & set(facts.discrepancies)))
    )
    if not header_ok:
        return False
    if not (c.hs_prefixes or c.origins or c.has_unit_value):
        return True
    return any(_item_matches(c, facts, item) for item in facts.items)


@dataclass(frozen=True)
class RuleInput:
    """A rule as an officer writes it (API or portal), before it is checked and saved."""

    code: str
    criteria: RuleCriteria
    description: str = ""
    score: float = 0.0
    forced_channel: Channel | None = None
    valid_from: date | None = None
    valid_to: date | None = None


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
        errors.append(field_error("code", "required"))
    if criteria.is_empty:
        errors.append(field_error("criteria", "no_criteria"))
    if not -MAX_POINTS <= score <= MAX_POINTS:
        errors.append(field_error("score", "out_of_range", low=-MAX_POINTS, high=MAX_POINTS))
    if score == 0 and forced_channel is None:
        errors.append(field_error("score", "no_effect"))
    if valid_from and valid_to and valid_to < valid_from:
        errors.append(field_error("valid_to", "ends_before_start"))
    for bad in [p for p in criteria.hs_prefixes if not (p.isdigit() and 2 <= len(p) <= 8)]:
        errors.append(field_error("criteria.hs_prefixes", "bad_hs_prefix", prefix=bad))
    low, high = criteria.unit_value_min, criteria.unit_value_max
    if low is not None and high is not None and high < low:
        errors.append(field_error("criteria.unit_value_max", "range_inverted"))
    return errors


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
