"""The risk domain's message catalogue: every message in both languages, and a decision's
reasons worded exactly as decisions already stored word them (explanations are kept, and
officers compare old and new ones)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from messages_support import assert_bilingual
from risk_support import phone_import_facts
from smartcustoms.errors import Conflict, NotFound
from smartcustoms.risk import messages
from smartcustoms.risk.rules import (
    Channel,
    DeclarationFacts,
    ModelScore,
    RiskRule,
    RuleCriteria,
    SelectivityPolicy,
    select_channel,
)

TODAY = date(2026, 11, 23)
QUIET = SelectivityPolicy(random_rate=0.0, aeo_random_rate=0.0)
FACTS = phone_import_facts()
PHONES = RuleCriteria(hs_prefixes=("8517",))


@pytest.mark.parametrize(
    ("key", "texts"),
    [
        *messages.ERRORS.items(),
        *messages.REASONS.items(),
        *messages.VALUE_FORMS.items(),
        *messages.CONDITIONS.items(),
    ],
    ids=str,
)
def test_every_message_is_written_in_both_languages_with_the_same_placeholders(
    key: str, texts: tuple[str, str]
) -> None:
    # The Vietnamese score reason leaves out the thresholds' source, as it always has.
    assert_bilingual(texts, left_out={"source"} if key == "score" else ())


def _reasons(
    rules: list[RiskRule],
    policy: SelectivityPolicy,
    model: ModelScore | None = None,
    facts: DeclarationFacts = FACTS,
) -> dict[str, tuple[str, str]]:
    decision = select_channel(facts, rules, policy=policy, model=model, on=TODAY)
    return {r.code: (r.message_en, r.message_vi) for r in decision.reasons}


def test_rule_profile_model_and_score_reasons_read_as_stored_decisions_do() -> None:
    rules = [
        RiskRule(1, "PHONES", PHONES, score=20),
        RiskRule(2, "TRUSTED", RuleCriteria(origins=("CN",)), score=-5.5),
    ]
    model = ModelScore(9, 0.4321, (), ())
    reasons = _reasons(rules, QUIET, model)
    by_rule = [
        (r.message_en, r.message_vi)
        for r in select_channel(FACTS, rules, policy=QUIET, model=model, on=TODAY).reasons
        if r.code == "rule"
    ]

    assert by_rule == [
        ("Rule PHONES matched (+20 points).", "Khớp tiêu chí PHONES (+20 điểm)."),
        ("Rule TRUSTED matched (-5.5 points).", "Khớp tiêu chí TRUSTED (-5.5 điểm)."),
    ]
    assert reasons["model"] == (
        "Fraud model score 0.432 (+43.21 points).",
        "Điểm mô hình gian lận 0.432 (+43.21 điểm).",
    )
    assert reasons["score"] == (
        "Score 57.71 against thresholds yellow 50, red 80 (rules_only).",
        "Điểm 57.71 so với ngưỡng vàng 50, đỏ 80.",
    )
    newcomer = replace(FACTS, new_trader=True)
    assert _reasons([], QUIET, facts=newcomer)["new_trader"] == (
        "New trader: little or no declaration history (+15).",
        "Doanh nghiệp mới: chưa có lịch sử khai báo (+15 điểm).",
    )
    assert _reasons([], QUIET)["no_model"] == (
        "No active model: rules and random selection only.",
        "Chưa có mô hình đang áp dụng: chỉ dùng tiêu chí rủi ro và chọn ngẫu nhiên.",
    )


def test_forced_priority_and_random_reasons_read_as_stored_decisions_do() -> None:
    forced = [RiskRule(3, "PHONES-HP", PHONES, forced_channel=Channel.YELLOW)]
    assert _reasons(forced, QUIET)["forced_rule"] == (
        "Rule PHONES-HP requires the yellow channel.",
        "Tiêu chí PHONES-HP yêu cầu luồng vàng.",
    )
    priority = replace(FACTS, priority=True)
    assert _reasons([], QUIET, facts=priority)["priority"] == (
        "Priority enterprise (AEO): green unless a rule forces or a draw selects.",
        "Doanh nghiệp ưu tiên: luồng xanh trừ khi tiêu chí bắt buộc hoặc được chọn ngẫu nhiên.",
    )
    always = SelectivityPolicy(random_rate=1.0, random_channel=Channel.RED)
    assert _reasons([], always)["random"] == (
        "Selected at random (rate 100.0%) for the red channel.",
        "Được chọn ngẫu nhiên (tỷ lệ 100.0%) vào luồng đỏ.",
    )


def test_an_error_keeps_its_class_code_and_takes_its_words_from_the_catalogue() -> None:
    missing = messages.error(NotFound, "rule_not_found", rule_id=7)
    taken = messages.error(Conflict, "rule_code_taken", code="PHONES")

    assert (missing.code, missing.status) == ("not_found", 404)
    assert missing.message("en") == "Risk rule 7 not found."
    assert missing.message("vi") == "Không tìm thấy tiêu chí rủi ro 7."
    assert taken.message_en == "A rule with code 'PHONES' already exists."


def test_a_field_error_is_keyed_by_its_code() -> None:
    error = messages.field_error("criteria.hs_prefixes", "bad_hs_prefix", prefix="8x")

    assert (error.path, error.code) == ("criteria.hs_prefixes", "bad_hs_prefix")
    assert error.message_en == "'8x' is not an HS prefix of 2 to 8 digits."
    assert error.message_vi == "'8x' không phải tiền tố mã HS từ 2 đến 8 chữ số."
