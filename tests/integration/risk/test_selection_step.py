"""The risk registration step stores what the earlier, query-per-fact version stored: checked
against that version's reads (organisation, profile, full decision count, ORM policy, rules
and model) and its `asdict` explanation; on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from risk_support import PHONES_RED, Desk
from smartcustoms.identity import service as identity
from smartcustoms.risk import repository, service, training
from smartcustoms.risk.feature_labels import feature_label
from smartcustoms.risk.models import RiskDecision
from smartcustoms.risk.rules import (
    Channel,
    ChannelDecision,
    is_new_trader,
    priority_in_force,
    select_channel,
)
from support import sign_in

SMALL = {"max_rows": 300}


def _models_dir(desk: Desk) -> Path:
    return training.models_dir(desk.client.app.state.services.settings.var_dir)  # type: ignore[attr-defined]


def _old_explanation(decision: ChannelDecision) -> dict[str, Any]:
    """`ChannelDecision.explanation` as it was written with `dataclasses.asdict`."""
    return {
        "channel": str(decision.channel),
        "score": decision.score,
        "rule_points": decision.rule_points,
        "model_points": decision.model_points,
        "profile_points": decision.profile_points,
        "thresholds": asdict(decision.thresholds),
        "random_draw": decision.random_draw,
        "randomly_selected": decision.randomly_selected,
        "forced_channel": None if decision.forced_channel is None else str(decision.forced_channel),
        "rules_hit": list(decision.rules_hit),
        "reasons": [asdict(r) for r in decision.reasons],
    }


def _the_old_way(session: Session, row: RiskDecision, models_dir: Path) -> ChannelDecision:
    """What the step decided before: one query per fact, the model always explained."""
    session.expire_all()
    facts = service.facts_from_json(row.facts)
    today = row.decided_at.date()
    organisation = identity.get_organisation(session, row.enterprise_id)
    profile = repository.profile(session, row.enterprise_id)
    policy = service.current_policy(session)
    earlier = session.query(RiskDecision).filter(
        RiskDecision.enterprise_id == row.enterprise_id, RiskDecision.id < row.id
    )
    assert facts.importer_tax_code == organisation.tax_code
    assert facts.new_trader == is_new_trader(earlier.count(), policy)
    assert facts.priority == priority_in_force(
        bool(profile and profile.priority),
        profile.priority_valid_until if profile else None,
        today,
    )
    rules = [service.rule_of(r) for r in repository.rules(session, active_only=True)]
    model = training.score_facts(
        facts,
        version=training.active_model(session),
        models_dir=models_dir,
        models=service.LoadedModels(),
        at=row.decided_at,
    )
    return select_channel(facts, rules, policy=policy, model=model, on=today)


def _stored(session: Session, declaration_id: int) -> RiskDecision:
    session.expire_all()
    row = repository.decision_of(session, declaration_id)
    assert row is not None
    return row


def _assert_same(row: RiskDecision, old: ChannelDecision, *, explained: bool = True) -> None:
    expected = _old_explanation(old)
    if not explained:
        for reason in expected["reasons"]:
            if reason["code"] == "model":
                reason["details"]["top_features"] = None
    assert row.explanation == expected
    assert (row.channel, row.score, row.rule_points, row.profile_points) == (
        str(old.channel),
        old.score,
        old.rule_points,
        old.profile_points,
    )
    assert (row.model_points, row.random_draw, row.randomly_selected) == (
        old.model_points,
        old.random_draw,
        old.randomly_selected,
    )
    assert row.state == ("closed" if old.channel == Channel.GREEN else "pending")


def test_without_a_model_decisions_are_those_of_the_old_step(desk: Desk, session: Session) -> None:
    models_dir = _models_dir(desk)
    desk.rule(code="SCORE-PHONES", criteria={"hs_prefixes": ["8517"]}, score=20)
    channels = []
    for _ in range(4):  # new trader for three, then not
        declaration = desk.file()["declaration"]
        row = _stored(session, declaration["id"])
        _assert_same(row, _the_old_way(session, row, models_dir))
        channels.append(row.channel)

    enterprise_id = declaration["enterprise_id"]
    granted = desk.put(
        "son", f"/api/v1/risk/traders/{enterprise_id}/priority", json={"priority": True}
    )
    assert granted.status_code == 200
    row = _stored(session, desk.file()["declaration"]["id"])
    _assert_same(row, _the_old_way(session, row, models_dir))
    assert row.facts["priority"] is True

    desk.rule(**PHONES_RED)
    row = _stored(session, desk.file()["declaration"]["id"])
    _assert_same(row, _the_old_way(session, row, models_dir))
    assert row.channel == "red"


def test_a_longer_new_trader_history_is_counted_beyond_the_previous_one(
    desk: Desk, session: Session
) -> None:
    rows = [_stored(session, desk.file()["declaration"]["id"]) for _ in range(4)]
    assert [r.facts["new_trader"] for r in rows] == [True, True, True, False]

    changed = desk.put("son", "/api/v1/risk/policy", json={"new_trader_history": 5})
    assert changed.status_code == 200, changed.text
    fifth = _stored(session, desk.file()["declaration"]["id"])
    assert fifth.facts["new_trader"] is True  # 4 earlier decisions, fewer than 5
    _assert_same(fifth, _the_old_way(session, fifth, _models_dir(desk)))

    sixth = _stored(session, desk.file()["declaration"]["id"])
    assert sixth.facts["new_trader"] is False

    assert desk.put("son", "/api/v1/risk/policy", json={"new_trader_history": 0}).status_code == 200
    assert _stored(session, desk.file()["declaration"]["id"]).facts["new_trader"] is False


def test_with_a_model_a_green_decision_is_explained_when_an_officer_opens_it(
    desk: Desk, session: Session
) -> None:
    models_dir = _models_dir(desk)
    version = desk.post("son", "/api/v1/risk/models/train", json=SMALL).json()
    assert desk.post("son", f"/api/v1/risk/models/{version['id']}/activate").status_code == 200
    exempt = desk.rule(
        code="PHONES-GREEN", criteria={"hs_prefixes": ["8517"]}, forced_channel="green"
    )

    green = desk.file()["declaration"]
    row = _stored(session, green["id"])
    old = _the_old_way(session, row, models_dir)
    assert row.channel == "green"
    assert row.model_version_id == version["id"]
    _assert_same(row, old, explained=False)  # stored without the model's top features

    officer = desk.decision("hoa", green["id"]).json()
    model_reason = next(r for r in officer["explanation"]["reasons"] if r["code"] == "model")
    old_reason = next(r for r in _old_explanation(old)["reasons"] if r["code"] == "model")
    assert model_reason["details"]["top_features"] == old_reason["details"]["top_features"]
    assert len(model_reason["details"]["top_features"]) == training.TOP_FEATURES
    assert model_reason["details"]["explained_on_view"] is True
    assert desk.decision("lan", green["id"]).json()["explanation"] is None
    assert _stored(session, green["id"]).explanation == row.explanation  # not written back

    sign_in(desk.client, "hoa")
    page = desk.client.get(f"/declarations/{green['id']}")
    # Named in plain words, never by the model's column name.
    top = old_reason["details"]["top_features"][0][0]
    assert feature_label(top).vi in page.text
    assert top not in page.text
    assert "tính khi mở trang" in page.text
    desk.client.cookies.clear()

    assert desk.post("son", f"/api/v1/risk/rules/{exempt['id']}/deactivate").status_code == 200
    desk.rule(**PHONES_RED)
    red = desk.file()["declaration"]
    row = _stored(session, red["id"])
    assert row.channel == "red"
    _assert_same(row, _the_old_way(session, row, models_dir))  # stored with its top features
    officer = desk.decision("hoa", red["id"]).json()
    model_reason = next(r for r in officer["explanation"]["reasons"] if r["code"] == "model")
    assert model_reason["details"]["top_features"]
    assert "explained_on_view" not in model_reason["details"]


def test_a_green_decision_whose_model_file_is_gone_shows_as_stored(
    desk: Desk, session: Session
) -> None:
    version = desk.post("son", "/api/v1/risk/models/train", json=SMALL).json()
    assert desk.post("son", f"/api/v1/risk/models/{version['id']}/activate").status_code == 200
    desk.rule(code="PHONES-GREEN", criteria={"hs_prefixes": ["8517"]}, forced_channel="green")
    green = desk.file()["declaration"]
    model = repository.model_version(session, version["id"])
    assert model is not None
    (_models_dir(desk) / model.file_name).unlink()
    desk.client.app.state.services.caches.models.clear()  # type: ignore[attr-defined]

    officer = desk.decision("hoa", green["id"])
    assert officer.status_code == 200
    model_reason = next(r for r in officer.json()["explanation"]["reasons"] if r["code"] == "model")
    assert model_reason["details"]["top_features"] is None
