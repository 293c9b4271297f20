"""Officers' risk rules: write, change, activate (supervisors), history and back-testing."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from smartcustoms.audit import service as audit
from smartcustoms.errors import Conflict, NotFound, ValidationFailed
from smartcustoms.identity.rules import Actor
from smartcustoms.outbox.service import emit
from smartcustoms.risk import repository
from smartcustoms.risk.access import require_customs, require_supervisor
from smartcustoms.risk.messages import error, texts
from smartcustoms.risk.models import RiskRuleRow, RiskRuleVersion
from smartcustoms.risk.rules import (
    Channel,
    RiskRule,
    RuleCriteria,
    RuleInput,
    RuleTestResult,
    backtest,
    facts_from_json,
    validate_rule,
)
from smartcustoms.risk.selection_cache import forget_selection_inputs

# The most past decisions a back-test reads (the latest first).
HISTORY_LIMIT = 50_000


def rule_of(row: RiskRuleRow) -> RiskRule:
    return RiskRule(
        id=row.id,
        code=row.code,
        criteria=RuleCriteria.from_json(row.criteria),
        score=row.score,
        forced_channel=Channel(row.forced_channel) if row.forced_channel else None,
        valid_from=row.valid_from,
        valid_to=row.valid_to,
        active=row.active,
    )


def _snapshot(row: RiskRuleRow) -> dict[str, Any]:
    return {
        "code": row.code,
        "description": row.description,
        "criteria": row.criteria,
        "score": row.score,
        "forced_channel": row.forced_channel,
        "valid_from": row.valid_from.isoformat() if row.valid_from else None,
        "valid_to": row.valid_to.isoformat() if row.valid_to else None,
        "active": row.active,
    }


def _record_rule_version(
    session: Session, row: RiskRuleRow, *, action: str, actor: Actor, at: datetime
) -> None:
    forget_selection_inputs(session)  # this app sees the change at once, rolled back or not
    session.add(
        RiskRuleVersion(
            rule_id=row.id,
            version=row.version,
            action=action,
            snapshot=_snapshot(row),
            author_id=actor.user_id,
            at=at,
        )
    )
    audit.record(
        session,
        action=f"risk_rule.{action}",
        object_type="risk_rule",
        object_id=row.id,
        at=at,
        actor_id=actor.user_id,
        details={"code": row.code, "version": row.version, "after": audit.digest(_snapshot(row))},
    )


def _check_rule(data: RuleInput) -> None:
    errors = validate_rule(
        code=data.code,
        criteria=data.criteria,
        score=data.score,
        forced_channel=data.forced_channel,
        valid_from=data.valid_from,
        valid_to=data.valid_to,
    )
    if errors:
        message_en, message_vi = texts("rule_has_errors", count=len(errors))
        raise ValidationFailed(message_en=message_en, message_vi=message_vi, errors=errors)


def _write_rule(row: RiskRuleRow, data: RuleInput) -> None:
    row.code = data.code.strip()
    row.description = data.description.strip()
    row.criteria = data.criteria.to_json()
    row.score = float(data.score)
    row.forced_channel = str(data.forced_channel) if data.forced_channel else None
    row.valid_from = data.valid_from
    row.valid_to = data.valid_to


def create_rule(session: Session, *, actor: Actor, data: RuleInput, at: datetime) -> RiskRuleRow:
    """A new rule starts inactive: test it on history, then a supervisor activates it."""
    require_customs(actor)
    _check_rule(data)
    if repository.rule_by_code(session, data.code.strip()) is not None:
        raise error(Conflict, "rule_code_taken", code=data.code)
    row = RiskRuleRow(
        active=False,
        version=1,
        created_by_id=actor.user_id,
        created_at=at,
        updated_by_id=actor.user_id,
        updated_at=at,
    )
    _write_rule(row, data)
    session.add(row)
    session.flush()
    _record_rule_version(session, row, action="created", actor=actor, at=at)
    session.flush()
    return row


def get_rule(session: Session, *, actor: Actor, rule_id: int) -> RiskRuleRow:
    require_customs(actor)
    row = repository.rule(session, rule_id)
    if row is None:
        raise error(NotFound, "rule_not_found", rule_id=rule_id)
    return row


def list_rules(session: Session, *, actor: Actor) -> list[RiskRuleRow]:
    require_customs(actor)
    return repository.rules(session)


def update_rule(
    session: Session, *, actor: Actor, rule_id: int, data: RuleInput, at: datetime
) -> RiskRuleRow:
    """A changed rule goes back to inactive, so the change is tested and approved again."""
    row = get_rule(session, actor=actor, rule_id=rule_id)
    _check_rule(data)
    other = repository.rule_by_code(session, data.code.strip())
    if other is not None and other.id != row.id:
        raise error(Conflict, "rule_code_taken", code=data.code)
    _write_rule(row, data)
    row.active = False
    row.version += 1
    row.updated_by_id = actor.user_id
    row.updated_at = at
    _record_rule_version(session, row, action="updated", actor=actor, at=at)
    session.flush()
    return row


def set_rule_active(
    session: Session, *, actor: Actor, rule_id: int, active: bool, at: datetime
) -> RiskRuleRow:
    require_supervisor(actor)
    row = get_rule(session, actor=actor, rule_id=rule_id)
    if row.active == active:
        return row
    row.active = active
    row.version += 1
    row.updated_by_id = actor.user_id
    row.updated_at = at
    _record_rule_version(
        session, row, action="activated" if active else "deactivated", actor=actor, at=at
    )
    emit(
        session,
        topic="risk.rule_activated" if active else "risk.rule_deactivated",
        aggregate_type="risk_rule",
        aggregate_id=row.id,
        payload={"code": row.code, "version": row.version},
        at=at,
    )
    session.flush()
    return row


def rule_history(session: Session, *, actor: Actor, rule_id: int) -> list[RiskRuleVersion]:
    get_rule(session, actor=actor, rule_id=rule_id)
    return repository.rule_versions(session, rule_id)


def backtest_rule(
    session: Session,
    *,
    actor: Actor,
    rule_id: int,
    since: datetime | None = None,
    until: datetime | None = None,
) -> RuleTestResult:
    """What the rule would have flagged among past decisions, and how many had findings."""
    row = get_rule(session, actor=actor, rule_id=rule_id)
    rule = replace(rule_of(row), active=True)
    past = repository.decision_history(session, since=since, until=until, limit=HISTORY_LIMIT)
    return backtest(rule, ((facts_from_json(r.facts), r.findings) for r in past))
