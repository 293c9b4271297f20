"""The JSON stored with each decision is written by hand now; it must equal what
`dataclasses.asdict` gave before, key order included."""

from __future__ import annotations

import json
from dataclasses import asdict, replace
from datetime import date
from decimal import Decimal
from typing import Any

from risk_support import phone_import_facts
from smartcustoms.risk.rules import (
    Channel,
    ChannelDecision,
    DeclarationFacts,
    ItemFacts,
    ModelScore,
    RiskRule,
    RuleCriteria,
    SelectivityPolicy,
    facts_to_json,
    select_channel,
)

TODAY = date(2026, 11, 23)
UNIFORM = tuple(i / 100 for i in range(101))


facts = phone_import_facts


def _asdict_facts(facts: DeclarationFacts) -> dict[str, Any]:
    """facts_to_json as it was written with `asdict`."""
    data = asdict(facts)
    data["items"] = [
        {k: (str(v) if isinstance(v, Decimal) else v) for k, v in item.items()}
        for item in data["items"]
    ]
    data["vnd_rate"] = None if facts.vnd_rate is None else str(facts.vnd_rate)
    data["discrepancies"] = list(facts.discrepancies)
    return data


def _asdict_explanation(decision: ChannelDecision) -> dict[str, Any]:
    explanation = decision.explanation()
    return {
        **explanation,
        "thresholds": asdict(decision.thresholds),
        "reasons": [asdict(r) for r in decision.reasons],
    }


def _same(left: dict[str, Any], right: dict[str, Any]) -> None:
    assert left == right
    assert json.dumps(left) == json.dumps(right)  # same keys in the same order


def test_facts_json_is_what_asdict_gave() -> None:
    full = facts(
        items=(
            ItemFacts(1, "85171300", "CN", Decimal("50.000"), "C62", Decimal(200), Decimal("7.5")),
            ItemFacts(2, "64039900", None),
        ),
        vnd_rate=Decimal("25400.5"),
        discrepancies=("weight", "consignee"),
        new_trader=True,
        priority=True,
        importer_tax_code=None,
        declarant=None,
    )
    for one in (full, facts(), replace(full, items=())):
        _same(facts_to_json(one), _asdict_facts(one))


def test_explanation_json_is_what_asdict_gave() -> None:
    rules = [
        RiskRule(1, "R1", RuleCriteria(hs_prefixes=("8517",)), score=30.0),
        RiskRule(2, "F2", RuleCriteria(origins=("CN",)), forced_channel=Channel.YELLOW),
    ]
    model = ModelScore(9, 0.9, (("unit_value_z__hs6__origin_country", 0.8),), UNIFORM)
    policy = SelectivityPolicy(random_rate=1.0)
    for decision in (
        select_channel(facts(), rules, policy=policy, model=model, on=TODAY),
        select_channel(facts(new_trader=True), [], policy=policy, model=None, on=TODAY),
        select_channel(facts(priority=True), rules[:1], policy=policy, model=model, on=TODAY),
    ):
        _same(decision.explanation(), _asdict_explanation(decision))


def test_unexplained_model_scores_say_so_and_are_explained_later() -> None:
    explained = ModelScore(9, 0.9, (("unit_value_z__hs6__origin_country", 0.8),), UNIFORM)
    unexplained = replace(explained, top_features=None)
    policy = SelectivityPolicy(random_rate=0.0)

    later = select_channel(facts(), [], policy=policy, model=unexplained, on=TODAY)
    reason = next(r for r in later.explanation()["reasons"] if r["code"] == "model")
    assert reason["details"]["top_features"] is None

    now = select_channel(facts(), [], policy=policy, model=explained, on=TODAY)
    assert later.with_top_features(explained.top_features or ()) == now
    assert later.channel == now.channel
