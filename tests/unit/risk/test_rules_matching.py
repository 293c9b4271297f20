"""Risk rule criteria: what a rule matches, its validity, and testing it on history."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from smartcustoms.risk.rules import (
    DeclarationFacts,
    ItemFacts,
    RiskRule,
    RuleCriteria,
    backtest,
    facts_from_json,
    facts_to_json,
    matches,
    validate_rule,
)


def phones_from_china(**overrides: object) -> DeclarationFacts:
    facts = DeclarationFacts(
        declaration_id=7,
        type_code="A11",
        direction="import",
        office_code="03CC",
        enterprise_id=1,
        importer_tax_code="0101234565",
        declarant="lan",
        invoice_currency="USD",
        incoterms="FOB",
        transport_mode="1",
        country_of_export="CN",
        items=(
            ItemFacts(1, "85171300", "CN", Decimal(50), "C62", Decimal(200)),
            ItemFacts(2, "61091000", "VN", Decimal(1000), "C62", Decimal("2.5")),
        ),
    )
    return replace(facts, **overrides)  # type: ignore[arg-type]


def rule(**criteria: object) -> RiskRule:
    return RiskRule(id=1, code="R1", criteria=RuleCriteria(**criteria), score=30)  # type: ignore[arg-type]


def test_an_hs_prefix_matches_any_item_under_it() -> None:
    assert matches(rule(hs_prefixes=("8517",)), phones_from_china())
    assert not matches(rule(hs_prefixes=("8703",)), phones_from_china())


def test_item_criteria_must_hold_on_the_same_item() -> None:
    # Phones are from China and T-shirts from Viet Nam: no item is a Vietnamese phone.
    assert not matches(rule(hs_prefixes=("8517",), origins=("VN",)), phones_from_china())
    assert matches(rule(hs_prefixes=("6109",), origins=("VN",)), phones_from_china())


def test_header_criteria_combine_with_and() -> None:
    assert matches(rule(offices=("03CC",), incoterms=("FOB", "CIF")), phones_from_china())
    assert not matches(rule(offices=("03CC",), incoterms=("CIF",)), phones_from_china())
    assert matches(rule(importers=("0101234565",), declarants=("lan",)), phones_from_china())
    assert not matches(rule(declarants=("minh",)), phones_from_china())


def test_value_per_unit_range_in_the_invoice_currency() -> None:
    cheap_phones = rule(
        hs_prefixes=("8517",), unit_value_max=Decimal(50), unit_value_currency="USD"
    )
    assert not matches(cheap_phones, phones_from_china())
    undervalued = phones_from_china(items=(ItemFacts(1, "85171300", "CN", unit_price=Decimal(20)),))
    assert matches(cheap_phones, undervalued)


def test_value_per_unit_in_vnd_needs_an_exchange_rate() -> None:
    under_1m_vnd = rule(hs_prefixes=("8517",), unit_value_max=Decimal(1_000_000))
    assert not matches(under_1m_vnd, phones_from_china())  # no rate: cannot compare
    cheap = phones_from_china(
        vnd_rate=Decimal(25_000), items=(ItemFacts(1, "85171300", "CN", unit_price=Decimal(20)),)
    )
    assert matches(under_1m_vnd, cheap)  # 20 USD × 25,000 = 500,000 VND


def test_new_trader_criterion() -> None:
    assert matches(rule(new_trader=True), phones_from_china(new_trader=True))
    assert not matches(rule(new_trader=True), phones_from_china())


def test_a_rule_without_criteria_matches_nothing_and_cannot_be_saved() -> None:
    assert not matches(rule(), phones_from_china())
    errors = validate_rule(
        code="EMPTY",
        criteria=RuleCriteria(),
        score=10,
        forced_channel=None,
        valid_from=None,
        valid_to=None,
    )
    assert [e.code for e in errors] == ["no_criteria"]


def test_rule_validation_reports_every_problem() -> None:
    errors = validate_rule(
        code=" ",
        criteria=RuleCriteria(
            hs_prefixes=("8", "85x7"), unit_value_min=Decimal(10), unit_value_max=Decimal(5)
        ),
        score=0,
        forced_channel=None,
        valid_from=date(2026, 2, 1),
        valid_to=date(2026, 1, 1),
    )
    codes = sorted(e.code for e in errors)
    assert codes == [
        "bad_hs_prefix",
        "bad_hs_prefix",
        "ends_before_start",
        "no_effect",
        "range_inverted",
        "required",
    ]


def test_a_rule_is_in_force_only_within_its_validity_and_while_active() -> None:
    r = replace(rule(offices=("03CC",)), valid_from=date(2026, 1, 1), valid_to=date(2026, 12, 31))
    assert r.in_force(date(2026, 6, 1))
    assert not r.in_force(date(2025, 12, 31))
    assert not r.in_force(date(2027, 1, 1))
    assert not replace(r, active=False).in_force(date(2026, 6, 1))


def test_criteria_and_facts_survive_json() -> None:
    criteria = RuleCriteria(hs_prefixes=("8517",), unit_value_max=Decimal("12.5"), new_trader=True)
    assert RuleCriteria.from_json(criteria.to_json()) == criteria
    facts = phones_from_china(vnd_rate=Decimal("25400.5"), priority=True)
    assert facts_from_json(facts_to_json(facts)) == facts


def test_backtest_counts_flagged_and_flagged_with_findings() -> None:
    phones = phones_from_china()
    shoes = phones_from_china(items=(ItemFacts(1, "64039900", "CN"),))
    history = [(phones, True), (phones, False), (phones, None), (shoes, True)]
    result = backtest(rule(hs_prefixes=("8517",)), history)
    assert (result.examined, result.flagged, result.flagged_inspected) == (4, 3, 2)
    assert result.flagged_with_findings == 1
    assert result.hit_rate == 0.5
