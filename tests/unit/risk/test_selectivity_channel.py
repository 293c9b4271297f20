"""Channel selection: rules, forced channels, profile, model score, random draw, thresholds."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from risk_support import phone_import_facts
from smartcustoms.risk.rules import (
    Channel,
    ModelScore,
    RiskRule,
    RuleCriteria,
    SelectivityPolicy,
    TaxDebtFacts,
    blocking_debts,
    quantile,
    random_draw,
    select_channel,
    thresholds_for,
)

TODAY = date(2026, 11, 23)
# No random selection unless a test asks for it.
QUIET = SelectivityPolicy(random_rate=0.0, aeo_random_rate=0.0)
UNIFORM = tuple(i / 100 for i in range(101))  # model scores spread evenly over 0..1


facts = phone_import_facts


def scoring(rule_id: int, points: float, **criteria: object) -> RiskRule:
    return RiskRule(rule_id, f"R{rule_id}", RuleCriteria(**criteria), score=points)  # type: ignore[arg-type]


def forcing(rule_id: int, channel: Channel, **criteria: object) -> RiskRule:
    return RiskRule(rule_id, f"F{rule_id}", RuleCriteria(**criteria), forced_channel=channel)  # type: ignore[arg-type]


def model(score: float) -> ModelScore:
    return ModelScore(9, score, (("unit_value_z__hs6__origin_country", 0.8),), UNIFORM)


def test_a_clean_declaration_without_a_model_goes_green_and_says_why() -> None:
    decision = select_channel(facts(), [], policy=QUIET, model=None, on=TODAY)
    assert decision.channel == Channel.GREEN
    assert decision.model_points is None
    assert decision.thresholds.source == "rules_only"
    no_model = [r for r in decision.reasons if r.code == "no_model"]
    assert no_model[0].message_en == "No active model: rules and random selection only."


def test_rule_points_add_up_against_the_rules_only_thresholds() -> None:
    phones = scoring(1, 30, hs_prefixes=("8517",))
    china = scoring(2, 25, origins=("CN",))
    fob = scoring(3, 30, incoterms=("FOB",))
    assert select_channel(facts(), [phones], policy=QUIET, model=None, on=TODAY).channel == "green"
    yellow = select_channel(facts(), [phones, china], policy=QUIET, model=None, on=TODAY)
    assert (yellow.channel, yellow.score, yellow.rules_hit) == (Channel.YELLOW, 55, (1, 2))
    red = select_channel(facts(), [phones, china, fob], policy=QUIET, model=None, on=TODAY)
    assert red.channel == Channel.RED


def test_the_strictest_forced_channel_wins_over_score_and_other_forced_rules() -> None:
    rules = [
        forcing(1, Channel.GREEN, offices=("03CC",)),
        forcing(2, Channel.RED, hs_prefixes=("8517",)),
        forcing(3, Channel.YELLOW, origins=("CN",)),
    ]
    decision = select_channel(facts(), rules, policy=QUIET, model=model(0.01), on=TODAY)
    assert decision.channel == Channel.RED
    assert decision.forced_channel == Channel.RED


def test_a_forced_green_rule_overrides_a_high_score() -> None:
    exempt = forcing(1, Channel.GREEN, importers=("0101234565",))
    decision = select_channel(facts(), [exempt], policy=QUIET, model=model(0.99), on=TODAY)
    assert decision.channel == Channel.GREEN


def test_rules_out_of_their_validity_are_ignored() -> None:
    expired = replace(forcing(1, Channel.RED, offices=("03CC",)), valid_to=date(2026, 1, 1))
    assert select_channel(facts(), [expired], policy=QUIET, model=None, on=TODAY).channel == "green"


def test_thresholds_come_from_target_shares_and_the_model_score_quantiles() -> None:
    policy = SelectivityPolicy(red_share=0.05, yellow_share=0.15)
    thresholds = thresholds_for(policy, UNIFORM)
    assert thresholds.red == pytest.approx(95)
    assert thresholds.yellow == pytest.approx(80)
    assert thresholds.source == "model_quantiles"
    assert quantile([0.0, 0.5, 1.0], 0.25) == 0.25


def test_model_score_selects_by_calibrated_thresholds_and_explains_itself() -> None:
    assert select_channel(facts(), [], policy=QUIET, model=model(0.5), on=TODAY).channel == "green"
    assert (
        select_channel(facts(), [], policy=QUIET, model=model(0.85), on=TODAY).channel == "yellow"
    )
    red = select_channel(facts(), [], policy=QUIET, model=model(0.97), on=TODAY)
    assert red.channel == Channel.RED
    why = next(r for r in red.reasons if r.code == "model")
    assert why.details["model_version_id"] == 9
    assert why.details["top_features"][0][0] == "unit_value_z__hs6__origin_country"


def test_about_the_target_shares_of_a_uniform_score_population_go_red_and_yellow() -> None:
    policy = SelectivityPolicy(random_rate=0.0, red_share=0.05, yellow_share=0.15)
    channels = [
        select_channel(facts(i), [], policy=policy, model=model(i / 1000), on=TODAY).channel
        for i in range(1000)
    ]
    assert channels.count(Channel.RED) == pytest.approx(50, abs=2)
    assert channels.count(Channel.YELLOW) == pytest.approx(150, abs=2)


def test_a_new_trader_scores_higher() -> None:
    rule = scoring(1, 40, hs_prefixes=("8517",))
    old = select_channel(facts(), [rule], policy=QUIET, model=None, on=TODAY)
    new = select_channel(facts(new_trader=True), [rule], policy=QUIET, model=None, on=TODAY)
    assert (old.channel, new.channel) == (Channel.GREEN, Channel.YELLOW)
    assert new.profile_points == QUIET.new_trader_points


def test_a_priority_enterprise_goes_green_despite_a_high_score() -> None:
    aeo = facts(priority=True)
    decision = select_channel(
        aeo, [scoring(1, 90, offices=("03CC",))], policy=QUIET, model=None, on=TODAY
    )
    assert decision.channel == Channel.GREEN
    assert "priority" in [r.code for r in decision.reasons]


def test_a_priority_enterprise_still_follows_a_forced_rule() -> None:
    aeo = facts(priority=True)
    rules = [forcing(1, Channel.RED, hs_prefixes=("8517",))]
    assert select_channel(aeo, rules, policy=QUIET, model=None, on=TODAY).channel == Channel.RED


def test_without_the_aeo_benefit_priority_changes_nothing() -> None:
    policy = replace(QUIET, aeo_benefit=False)
    rule = scoring(1, 90, offices=("03CC",))
    decision = select_channel(facts(priority=True), [rule], policy=policy, model=None, on=TODAY)
    assert decision.channel == Channel.RED


def test_the_random_draw_is_reproducible_and_meets_the_minimum_rate() -> None:
    assert random_draw(42, "salt") == random_draw(42, "salt")
    assert random_draw(42, "salt") != random_draw(42, "pepper")
    policy = SelectivityPolicy(random_rate=0.1, aeo_random_rate=0.0)
    decisions = [
        select_channel(facts(i), [], policy=policy, model=None, on=TODAY) for i in range(2000)
    ]
    drawn = [d for d in decisions if d.randomly_selected]
    assert len(drawn) == pytest.approx(200, rel=0.2)
    assert all(d.channel == Channel.RED for d in drawn)
    assert all(d.random_draw < 0.1 for d in drawn)
    again = [select_channel(facts(i), [], policy=policy, model=None, on=TODAY) for i in range(2000)]
    assert [d.channel for d in again] == [d.channel for d in decisions]


def test_a_random_draw_can_pick_a_priority_enterprise_at_its_own_rate() -> None:
    policy = SelectivityPolicy(random_rate=0.0, aeo_random_rate=1.0)
    decision = select_channel(facts(priority=True), [], policy=policy, model=None, on=TODAY)
    assert decision.channel == Channel.RED
    assert decision.randomly_selected


def test_the_random_draw_does_not_override_a_forced_channel() -> None:
    policy = SelectivityPolicy(random_rate=1.0)
    exempt = forcing(1, Channel.GREEN, offices=("03CC",))
    decision = select_channel(facts(), [exempt], policy=policy, model=None, on=TODAY)
    assert (decision.channel, decision.randomly_selected) == (Channel.GREEN, False)


def test_all_zero_model_quantiles_do_not_send_everything_red() -> None:
    flat = ModelScore(1, 0.0, (), tuple(0.0 for _ in range(101)))
    assert select_channel(facts(), [], policy=QUIET, model=flat, on=TODAY).channel == "green"


def test_the_explanation_is_plain_json() -> None:
    decision = select_channel(
        facts(), [scoring(1, 60, hs_prefixes=("85",))], policy=QUIET, model=None, on=TODAY
    )
    explanation = decision.explanation()
    assert explanation["channel"] == "yellow"
    assert explanation["rules_hit"] == [1]
    assert {r["code"] for r in explanation["reasons"]} >= {"rule", "no_model", "score"}


def test_only_tax_debt_overdue_beyond_90_days_blocks() -> None:
    debts = [
        TaxDebtFacts(Decimal(1_000_000), date(2026, 8, 25), settled=False),  # 90 days
        TaxDebtFacts(Decimal(2_000_000), date(2026, 8, 24), settled=False),  # 91 days
        TaxDebtFacts(Decimal(3_000_000), date(2026, 1, 1), settled=True),
    ]
    assert [d.amount_vnd for d in blocking_debts(debts, TODAY)] == [Decimal(2_000_000)]


def test_policy_problems_are_reported() -> None:
    assert SelectivityPolicy().problems() == []
    bad = SelectivityPolicy(red_share=0.7, yellow_share=0.5, random_rate=2)
    assert len(bad.problems()) == 2
