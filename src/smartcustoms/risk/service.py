"""Risk use cases: rules, policy, trader standing, channel selection, worklists, inspections."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import asdict, dataclass, fields, replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from smartcustoms.db import database_key
from smartcustoms.db.inserts import InsertBatch
from smartcustoms.declarations import service as declarations
from smartcustoms.declarations.content import DeclarationContent
from smartcustoms.declarations.lifecycle import Action
from smartcustoms.declarations.pipeline import (
    RegistrationContext,
    RegistrationRefused,
    StepOutcome,
)
from smartcustoms.errors import (
    Conflict,
    FieldError,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from smartcustoms.identity import service as identity
from smartcustoms.identity.rules import Actor, Role
from smartcustoms.kit.clock import customs_date
from smartcustoms.kit.pagination import Page, PageRequest
from smartcustoms.outbox.service import Event, emit
from smartcustoms.risk import repository, training
from smartcustoms.risk.models import (
    Inspection,
    RiskDecision,
    RiskRuleRow,
    RiskRuleVersion,
    SelectivityPolicyRow,
    TaxDebt,
    TraderProfile,
)
from smartcustoms.risk.rules import (
    OVERDUE_BLOCK_DAYS,
    Channel,
    ChannelDecision,
    ComplianceRecord,
    DeclarationFacts,
    InspectionKind,
    ItemFacts,
    RiskRule,
    RuleCriteria,
    RuleTestResult,
    SelectivityPolicy,
    backtest,
    facts_from_json,
    facts_to_json,
    is_new_trader,
    priority_in_force,
    select_channel,
    validate_rule,
)

# ---------------------------------------------------------------------------- who may do what


def require_customs(actor: Actor) -> None:
    """Refuse anyone but customs officers, supervisors and administrators."""
    if not (actor.is_customs or actor.role == Role.ADMIN):
        raise PermissionDenied(
            message_en="Only customs officers may manage risk.",
            message_vi="Chỉ công chức hải quan mới được quản lý rủi ro.",
        )


def _require_supervisor(actor: Actor) -> None:
    if actor.role not in (Role.SUPERVISOR, Role.ADMIN):
        raise PermissionDenied(
            message_en="Only a customs supervisor may do this.",
            message_vi="Chỉ lãnh đạo chi cục hải quan mới được thực hiện việc này.",
        )


def _may_see_enterprise(actor: Actor, enterprise_id: int) -> bool:
    return actor.is_customs or actor.role == Role.ADMIN or enterprise_id in actor.enterprise_ids


# ---------------------------------------------------------------------------- rules


@dataclass(frozen=True)
class RuleInput:
    code: str
    criteria: RuleCriteria
    description: str = ""
    score: float = 0.0
    forced_channel: Channel | None = None
    valid_from: date | None = None
    valid_to: date | None = None


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
    forget_selection_inputs()  # this process sees the change at once, rolled back or not
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
        raise ValidationFailed(
            message_en=f"The rule has {len(errors)} error(s).",
            message_vi=f"Tiêu chí rủi ro có {len(errors)} lỗi.",
            errors=errors,
        )


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
        raise Conflict(
            message_en=f"A rule with code {data.code!r} already exists.",
            message_vi=f"Đã có tiêu chí rủi ro mã {data.code!r}.",
        )
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
        raise NotFound(
            message_en=f"Risk rule {rule_id} not found.",
            message_vi=f"Không tìm thấy tiêu chí rủi ro {rule_id}.",
        )
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
        raise Conflict(
            message_en=f"A rule with code {data.code!r} already exists.",
            message_vi=f"Đã có tiêu chí rủi ro mã {data.code!r}.",
        )
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
    _require_supervisor(actor)
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


HISTORY_LIMIT = 50_000


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


# ---------------------------------------------------------------------------- policy

_POLICY_FIELDS = {f.name for f in fields(SelectivityPolicy)}


def policy_for(session: Session, *, actor: Actor) -> SelectivityPolicy:
    require_customs(actor)
    return current_policy(session)


def current_policy(session: Session) -> SelectivityPolicy:
    row = repository.latest_policy(session)
    if row is None:
        return SelectivityPolicy()
    return _policy_from(row.values)


def _policy_from(values: dict[str, Any]) -> SelectivityPolicy:
    known = {k: v for k, v in values.items() if k in _POLICY_FIELDS}
    if "random_channel" in known:
        known["random_channel"] = Channel(known["random_channel"])
    return replace(SelectivityPolicy(), **known)


def set_policy(
    session: Session, *, actor: Actor, values: dict[str, Any], at: datetime
) -> SelectivityPolicy:
    """Change some policy values; the others keep their current setting."""
    _require_supervisor(actor)
    unknown = sorted(set(values) - _POLICY_FIELDS)
    merged = {**asdict(current_policy(session)), **values}
    try:
        policy = _policy_from(merged)
    except (TypeError, ValueError):
        policy = None
    problems = [f"unknown setting {name}" for name in unknown]
    problems += policy.problems() if policy is not None else ["invalid value"]
    if problems or policy is None:
        raise ValidationFailed(
            message_en="The selectivity policy is not valid: " + "; ".join(problems),
            message_vi="Chính sách phân luồng không hợp lệ: " + "; ".join(problems),
        )
    stored = asdict(policy)
    stored["random_channel"] = str(policy.random_channel)
    session.add(SelectivityPolicyRow(values=stored, author_id=actor.user_id, at=at))
    session.flush()
    forget_selection_inputs()
    return policy


# ---------------------------------------------------------------------------- trader standing


@dataclass(frozen=True)
class TraderStanding:
    enterprise_id: int
    name: str
    tax_code: str | None
    priority: bool
    priority_valid_until: date | None
    note: str
    new_trader: bool
    compliance: ComplianceRecord
    unsettled_debts: list[TaxDebt]
    blocked: bool


def trader_profile(
    session: Session, *, actor: Actor, enterprise_id: int, today: date
) -> TraderStanding:
    if not _may_see_enterprise(actor, enterprise_id):
        raise NotFound(
            message_en="Enterprise not found.", message_vi="Không tìm thấy doanh nghiệp."
        )
    organisation = identity.get_organisation(session, enterprise_id)
    profile = repository.profile(session, enterprise_id)
    counts = repository.compliance_counts(session, enterprise_id)
    debts = repository.debts(session, enterprise_id, unsettled_only=True)
    cutoff = today - timedelta(days=OVERDUE_BLOCK_DAYS)
    return TraderStanding(
        enterprise_id=enterprise_id,
        name=organisation.name,
        tax_code=organisation.tax_code,
        priority=priority_in_force(
            bool(profile and profile.priority),
            profile.priority_valid_until if profile else None,
            today,
        ),
        priority_valid_until=profile.priority_valid_until if profile else None,
        note=profile.note if profile else "",
        new_trader=is_new_trader(counts.declarations, current_policy(session)),
        compliance=ComplianceRecord(**asdict(counts)),
        unsettled_debts=debts,
        blocked=any(d.due_date < cutoff for d in debts),
    )


def set_priority(
    session: Session,
    *,
    actor: Actor,
    enterprise_id: int,
    priority: bool,
    valid_until: date | None,
    note: str,
    at: datetime,
) -> TraderProfile:
    """Grant or withdraw priority enterprise (AEO) status."""
    _require_supervisor(actor)
    identity.get_organisation(session, enterprise_id)
    profile = repository.profile(session, enterprise_id)
    if profile is None:
        profile = TraderProfile(enterprise_id=enterprise_id)
        session.add(profile)
    profile.priority = priority
    profile.priority_valid_until = valid_until
    profile.note = note.strip()
    profile.updated_by_id = actor.user_id
    profile.updated_at = at
    emit(
        session,
        topic="risk.priority_changed",
        aggregate_type="organisation",
        aggregate_id=enterprise_id,
        payload={"priority": priority, "valid_until": valid_until and valid_until.isoformat()},
        at=at,
    )
    session.flush()
    return profile


def record_tax_debt(
    session: Session,
    *,
    actor: Actor,
    enterprise_id: int,
    amount_vnd: Decimal,
    due_date: date,
    reference: str,
    at: datetime,
) -> TaxDebt:
    """Officers record debts now; the payments domain will write them later."""
    require_customs(actor)
    identity.get_organisation(session, enterprise_id)
    if amount_vnd <= 0 or amount_vnd != amount_vnd.to_integral_value():
        raise ValidationFailed(
            message_en="The amount must be a positive whole number of dong.",
            message_vi="Số tiền phải là số đồng nguyên dương.",
            errors=[
                FieldError(
                    "amount_vnd",
                    "not_positive_vnd",
                    "The amount must be a positive whole number of dong.",
                    "Số tiền phải là số đồng nguyên dương.",
                )
            ],
        )
    debt = TaxDebt(
        enterprise_id=enterprise_id,
        amount_vnd=amount_vnd,
        due_date=due_date,
        reference=reference.strip(),
        recorded_by_id=actor.user_id,
        recorded_at=at,
    )
    session.add(debt)
    session.flush()
    return debt


def settle_tax_debt(session: Session, *, actor: Actor, debt_id: int, at: datetime) -> TaxDebt:
    require_customs(actor)
    debt = repository.debt(session, debt_id)
    if debt is None:
        raise NotFound(
            message_en=f"Tax debt {debt_id} not found.",
            message_vi=f"Không tìm thấy khoản nợ thuế {debt_id}.",
        )
    if debt.settled_at is not None:
        raise Conflict(
            message_en="This tax debt is already settled.",
            message_vi="Khoản nợ thuế này đã được thanh toán.",
        )
    debt.settled_at = at
    session.flush()
    return debt


def tax_debts(session: Session, *, actor: Actor, enterprise_id: int) -> list[TaxDebt]:
    if not _may_see_enterprise(actor, enterprise_id):
        raise NotFound(
            message_en="Enterprise not found.", message_vi="Không tìm thấy doanh nghiệp."
        )
    return repository.debts(session, enterprise_id)


# ---------------------------------------------------------------------------- selection

VndRate = Callable[[Session, str, date], Decimal | None]


def build_facts(
    context: RegistrationContext,
    *,
    importer_tax_code: str | None,
    declarant: str | None,
    new_trader: bool,
    priority: bool,
    vnd_rate: Decimal | None,
) -> DeclarationFacts:
    content: DeclarationContent = context.content
    return DeclarationFacts(
        declaration_id=context.declaration_id,
        type_code=content.type_code or "",
        direction=context.direction,
        office_code=content.office_code or "",
        enterprise_id=context.enterprise_id,
        importer_tax_code=importer_tax_code,
        declarant=declarant,
        invoice_currency=content.invoice_currency,
        incoterms=content.incoterms,
        transport_mode=content.transport_mode,
        country_of_export=content.country_of_export,
        items=tuple(
            ItemFacts(
                line_no=index + 1,
                hs_code=item.hs_code or "",
                origin_country=item.origin_country,
                quantity=item.quantity,
                unit=item.unit,
                unit_price=item.unit_price,
                net_weight=item.net_weight,
            )
            for index, item in enumerate(content.items)
        ),
        new_trader=new_trader,
        priority=priority,
        vnd_rate=vnd_rate,
    )


def _refuse_for_debt(session: Session, enterprise_id: int, today: date) -> None:
    cutoff = today - timedelta(days=OVERDUE_BLOCK_DAYS)
    overdue = repository.unsettled_due_before(session, enterprise_id, cutoff)
    if not overdue:
        return
    total = sum((d.amount_vnd for d in overdue), Decimal(0))
    oldest = overdue[0].due_date.isoformat()
    message_en = (
        f"The enterprise has tax debt overdue more than {OVERDUE_BLOCK_DAYS} days "
        f"({total:,.0f} VND, due since {oldest}); new declarations are refused until it is paid."
    )
    message_vi = (
        f"Doanh nghiệp còn nợ thuế quá hạn trên {OVERDUE_BLOCK_DAYS} ngày "
        f"({total:,.0f} đồng, hạn nộp từ {oldest}); tờ khai mới bị từ chối cho đến khi nộp đủ."
    )
    raise RegistrationRefused(
        message_en=message_en,
        message_vi=message_vi,
        reasons=[FieldError("enterprise_id", "tax_debt_overdue", message_en, message_vi)],
    )


def history_cap(policy: SelectivityPolicy) -> int:
    """How many earlier decisions must be counted to tell whether a trader is new."""
    return max(0, math.ceil(policy.new_trader_history))


@dataclass(frozen=True)
class ChannelSelectionStep:
    """The registration step that refuses debtors and selects every declaration's channel.

    It reads the enterprise's standing and the selection inputs' fingerprint in one query,
    and writes the decision with one insert (plus the outbox event).
    """

    models_dir: Path
    vnd_rate: VndRate | None = None
    name: str = "risk"

    def __call__(self, context: RegistrationContext) -> StepOutcome:
        session = context.session
        today = customs_date(context.at)
        enterprise_id = context.enterprise_id
        database = _database_of(session)
        previous = _latest_inputs.get(database)
        cap = history_cap(previous.policy if previous is not None else SelectivityPolicy())
        if session.autoflush:
            session.flush()  # the query below is plain SQL: flush as an ORM query would
        standing = repository.registration_read(
            session,
            enterprise_id=enterprise_id,
            history_cap=cap,
            overdue_before=today - timedelta(days=OVERDUE_BLOCK_DAYS),
        )
        if standing is None:
            identity.get_organisation(session, enterprise_id)  # raises NotFound
            raise NotFound(
                message_en="Enterprise not found.", message_vi="Không tìm thấy doanh nghiệp."
            )
        if standing.overdue_debt:
            _refuse_for_debt(session, enterprise_id, today)
        inputs = _inputs_for(session, database, standing.inputs_key)
        policy = inputs.policy
        earlier = standing.earlier_decisions
        if earlier >= cap and history_cap(policy) > cap:  # the policy changed: count further
            earlier = repository.earlier_decisions(
                session, enterprise_id, limit=history_cap(policy)
            )
        currency = context.content.invoice_currency
        rate = self.vnd_rate(session, currency, today) if self.vnd_rate and currency else None
        facts = build_facts(
            context,
            importer_tax_code=standing.tax_code,
            declarant=context.declarant_username,
            new_trader=is_new_trader(earlier, policy),
            priority=priority_in_force(standing.priority, standing.priority_valid_until, today),
            vnd_rate=Decimal(1) if currency == "VND" else rate,
        )
        decision, model_version_id = decide(
            facts=facts, inputs=inputs, models_dir=self.models_dir, at=context.at
        )

        def record(batch: InsertBatch) -> tuple[Event, ...]:
            decision_id = store_decision(
                batch, facts, decision, model_version_id=model_version_id, at=context.at
            )
            if context.supersedes_id is not None:
                repository.close_pending(session, context.supersedes_id)
            return (
                Event(
                    topic="risk.channel_selected",
                    aggregate_type="risk_decision",
                    aggregate_id=decision_id,
                    payload={
                        "declaration_id": context.declaration_id,
                        "channel": str(decision.channel),
                        "office_code": facts.office_code,
                        "enterprise_id": facts.enterprise_id,
                        "model_version_id": model_version_id,
                        "randomly_selected": decision.randomly_selected,
                    },
                ),
            )

        return StepOutcome("risk", {"channel": str(decision.channel)}, record=record)


def close_inspection_of_cancelled(session: Session, declaration_id: int) -> None:
    """A cancelled declaration's goods are not released: its yellow or red check leaves the
    officers' worklists (the decision stays, closed, for the record)."""
    repository.close_pending(session, declaration_id)


@dataclass(frozen=True)
class SelectionInputs:
    """The policy, active rules and active model that every channel selection reads."""

    policy: SelectivityPolicy
    rules: tuple[RiskRule, ...]
    model: training.ActiveModel | None


# Per process, keyed by the database and a fingerprint of the three read in each
# transaction (with the enterprise's standing, one query), so a change committed by any
# process is used at once.
_inputs: dict[tuple[object, ...], SelectionInputs] = {}
_INPUTS_KEPT = 16
# The inputs last used per database: their policy says how far to count earlier decisions.
_latest_inputs: dict[str, SelectionInputs] = {}


def forget_selection_inputs() -> None:
    """Drop the kept inputs when a rule or the policy changes in this process.

    The fingerprint alone cannot tell a rolled-back change from a later one that reused its
    id at the same instant (SQLite reuses ids; a fixed clock repeats instants).
    """
    _inputs.clear()


def _database_of(session: Session) -> str:
    return database_key(session)


def _inputs_for(
    session: Session, database: str, fingerprint: tuple[object, ...]
) -> SelectionInputs:
    """The inputs of this fingerprint, read again only when it changes."""
    key = (database, *fingerprint)
    inputs = _inputs.get(key)
    if inputs is None:
        inputs = SelectionInputs(
            policy=current_policy(session),
            rules=tuple(rule_of(r) for r in repository.rules(session, active_only=True)),
            model=training.active_model(session),
        )
        if len(_inputs) >= _INPUTS_KEPT:
            _inputs.clear()
        _inputs[key] = inputs
    _latest_inputs[database] = inputs
    return inputs


def decide(
    *,
    facts: DeclarationFacts,
    inputs: SelectionInputs,
    models_dir: Path,
    at: datetime,
) -> tuple[ChannelDecision, int | None]:
    """Score the facts with the rules in force and the active model: the decision, and the
    model version that scored it.

    The model's explanation (its top features) is computed for yellow and red decisions,
    which officers check; a green one is explained when an officer opens it.
    """
    scoring = training.score_lazily(facts, version=inputs.model, models_dir=models_dir, at=at)
    decision = select_channel(
        facts,
        inputs.rules,
        policy=inputs.policy,
        model=None if scoring is None else scoring.score,
        on=customs_date(at),
    )
    if scoring is not None and decision.channel != Channel.GREEN:
        decision = decision.with_top_features(scoring.top_features())
    return decision, None if scoring is None else scoring.score.version_id


def store_decision(
    batch: InsertBatch,
    facts: DeclarationFacts,
    decision: ChannelDecision,
    *,
    model_version_id: int | None,
    at: datetime,
) -> int:
    """Add a channel decision to the batch that writes it; its id."""
    return repository.add_decision(
        batch,
        {
            "declaration_id": facts.declaration_id,
            "enterprise_id": facts.enterprise_id,
            "office_code": facts.office_code,
            "channel": str(decision.channel),
            "state": "closed" if decision.channel == Channel.GREEN else "pending",
            "score": decision.score,
            "rule_points": decision.rule_points,
            "model_points": decision.model_points,
            "profile_points": decision.profile_points,
            "model_version_id": model_version_id,
            "random_draw": decision.random_draw,
            "randomly_selected": decision.randomly_selected,
            "facts": facts_to_json(facts),
            "explanation": decision.explanation(),
            "decided_at": at,
        },
    )


# ---------------------------------------------------------------------------- reading decisions


def _visible_decision(session: Session, actor: Actor, declaration_id: int) -> RiskDecision:
    row = repository.decision_of(session, declaration_id)
    visible = row is not None and (
        actor.role == Role.ADMIN
        or (actor.is_customs and actor.office_code == row.office_code)
        or (actor.is_trade and actor.may_declare_for(row.enterprise_id))
    )
    if row is None or not visible:
        raise NotFound(
            message_en=f"No channel decision for declaration {declaration_id}.",
            message_vi=f"Tờ khai {declaration_id} chưa được phân luồng.",
        )
    return row


@dataclass(frozen=True)
class DecisionView:
    """A decision as the actor may see it: traders get the channel, officers the reasons."""

    declaration_id: int
    channel: str
    decided_at: datetime
    state: str
    full: bool
    score: float | None = None
    model_version_id: int | None = None
    randomly_selected: bool | None = None
    explanation: dict[str, Any] | None = None
    inspection: Inspection | None = None


def decision_for(
    session: Session, *, actor: Actor, declaration_id: int, models_dir: Path | None = None
) -> DecisionView:
    """The decision as the actor may see it.

    Given `models_dir`, a decision stored without its model explanation (a green one) is
    explained now, from its stored facts and its model version, as registration would have.
    """
    row = _visible_decision(session, actor, declaration_id)
    if not (actor.is_customs or actor.role == Role.ADMIN):
        return DecisionView(row.declaration_id, row.channel, row.decided_at, row.state, False)
    explanation = row.explanation
    if models_dir is not None:
        explanation = explained(session, row, models_dir=models_dir)
    return DecisionView(
        declaration_id=row.declaration_id,
        channel=row.channel,
        decided_at=row.decided_at,
        state=row.state,
        full=True,
        score=row.score,
        model_version_id=row.model_version_id,
        randomly_selected=row.randomly_selected,
        explanation=explanation,
        inspection=repository.inspection_of(session, declaration_id),
    )


def _unexplained_model_reason(explanation: dict[str, Any]) -> bool:
    return any(
        r.get("code") == "model"
        and isinstance(r.get("details"), dict)
        and "top_features" in r["details"]
        and r["details"]["top_features"] is None
        for r in explanation.get("reasons", [])
    )


def explained(session: Session, row: RiskDecision, *, models_dir: Path) -> dict[str, Any]:
    """The decision's explanation, its model's top features computed if they were not stored.

    Computed features are marked `"explained_on_view": true`; the stored row is not changed.
    When the model file is gone, the explanation is returned as stored (top features null).
    """
    stored = row.explanation
    if row.model_version_id is None or not _unexplained_model_reason(stored):
        return stored
    version = repository.model_version(session, row.model_version_id)
    if version is None:
        return stored
    scoring = training.score_lazily(
        facts_from_json(row.facts), version=version, models_dir=models_dir, at=row.decided_at
    )
    if scoring is None:
        return stored
    top = [[name, value] for name, value in scoring.top_features()]
    reasons = [
        {**r, "details": {**r["details"], "top_features": top, "explained_on_view": True}}
        if r.get("code") == "model" and isinstance(r.get("details"), dict)
        else r
        for r in stored.get("reasons", [])
    ]
    return {**stored, "reasons": reasons}


def find_decision(
    session: Session, *, actor: Actor, declaration_id: int, models_dir: Path | None = None
) -> DecisionView | None:
    """Like decision_for, but None when there is none to show (for the declaration page)."""
    try:
        return decision_for(
            session, actor=actor, declaration_id=declaration_id, models_dir=models_dir
        )
    except NotFound:
        return None


# ---------------------------------------------------------------------------- worklists


@dataclass(frozen=True)
class WorklistEntry:
    decision: RiskDecision
    number: str | None
    status: str
    type_code: str | None
    invoice_amount: Decimal | None
    invoice_currency: str | None
    registered_at: datetime | None
    enterprise_name: str | None = None


def worklist(
    session: Session, *, actor: Actor, channel: Channel, request: PageRequest
) -> Page[WorklistEntry]:
    """Yellow or red declarations of the officer's office still awaiting their check."""
    if not actor.is_customs or actor.office_code is None:
        raise PermissionDenied(
            message_en="Only customs officers have an office worklist.",
            message_vi="Chỉ công chức hải quan mới có danh sách công việc của chi cục.",
        )
    if channel == Channel.GREEN:
        raise ValidationFailed(
            message_en="Worklists exist for the yellow and red channels only.",
            message_vi="Chỉ có danh sách công việc cho luồng vàng và luồng đỏ.",
        )
    found = repository.worklist(
        session, office_code=actor.office_code, channel=str(channel), request=request
    )
    names = identity.organisation_names(session, (row.enterprise_id for row in found.items))
    entries = []
    for row in found.items:
        d = declarations.get_declaration(session, actor=actor, declaration_id=row.declaration_id)
        entries.append(
            WorklistEntry(
                row,
                d.number,
                d.status,
                d.type_code,
                d.invoice_amount,
                d.invoice_currency,
                d.registered_at,
                names.get(row.enterprise_id),
            )
        )
    return Page(entries, found.total, found.page, found.size)


# ---------------------------------------------------------------------------- inspections


@dataclass(frozen=True)
class InspectionInput:
    kind: InspectionKind
    findings: bool
    corrected_hs_code: str | None = None
    corrected_value: Decimal | None = None
    corrected_origin: str | None = None
    revenue_adjustment_vnd: Decimal | None = None
    violation: str | None = None
    note: str = ""


def _check_inspection(data: InspectionInput) -> list[FieldError]:
    errors = []
    corrections = (
        data.corrected_hs_code,
        data.corrected_value,
        data.corrected_origin,
        data.revenue_adjustment_vnd,
        data.violation,
    )
    if not data.findings and any(v not in (None, "") for v in corrections):
        errors.append(
            FieldError(
                "findings",
                "clean_with_corrections",
                "An inspection without findings cannot correct the declaration or record a "
                "violation.",
                "Kết quả kiểm tra không có sai phạm thì không thể điều chỉnh tờ khai hay ghi "
                "nhận vi phạm.",
            )
        )
    hs = data.corrected_hs_code
    if hs and not (len(hs) == 8 and hs.isdigit()):
        errors.append(
            FieldError(
                "corrected_hs_code",
                "hs_not_national",
                "The HS code must be a national 8-digit line.",
                "Mã số HS phải là mã 8 chữ số của Việt Nam.",
            )
        )
    origin = data.corrected_origin
    if origin and not (len(origin) == 2 and origin.isalpha() and origin.isupper()):
        errors.append(
            FieldError(
                "corrected_origin",
                "bad_country",
                "The origin is a two-letter ISO country code.",
                "Xuất xứ là mã nước ISO gồm hai chữ cái.",
            )
        )
    if data.corrected_value is not None and data.corrected_value <= 0:
        errors.append(
            FieldError(
                "corrected_value",
                "not_positive",
                "The value must be greater than zero.",
                "Giá trị phải lớn hơn không.",
            )
        )
    adjustment = data.revenue_adjustment_vnd
    if adjustment is not None and adjustment != adjustment.to_integral_value():
        errors.append(
            FieldError(
                "revenue_adjustment_vnd",
                "not_whole_vnd",
                "The adjustment is a whole number of dong.",
                "Số tiền điều chỉnh phải là số đồng nguyên.",
            )
        )
    return errors


def record_inspection(
    session: Session,
    *,
    actor: Actor,
    declaration_id: int,
    data: InspectionInput,
    at: datetime,
) -> Inspection:
    """An officer of the declaration's office records the check its channel asked for."""
    if not actor.is_customs or actor.office_code is None:
        raise PermissionDenied(
            message_en="Only customs officers record inspection results.",
            message_vi="Chỉ công chức hải quan mới được ghi nhận kết quả kiểm tra.",
        )
    decision = _visible_decision(session, actor, declaration_id)
    declaration = declarations.get_declaration(session, actor=actor, declaration_id=declaration_id)
    # Only goods declared by a version in force are checked: not a cancelled or superseded one.
    declarations.check_action(declaration, Action.INSPECT)
    if decision.state != "pending":
        raise Conflict(
            message_en="This declaration is not awaiting an inspection.",
            message_vi="Tờ khai này không ở trạng thái chờ kiểm tra.",
        )
    errors = _check_inspection(data)
    if errors:
        raise ValidationFailed(
            message_en=f"The inspection result has {len(errors)} error(s).",
            message_vi=f"Kết quả kiểm tra có {len(errors)} lỗi.",
            errors=errors,
        )
    inspection = Inspection(
        declaration_id=declaration_id,
        decision_id=decision.id,
        enterprise_id=decision.enterprise_id,
        office_code=decision.office_code,
        kind=str(data.kind),
        officer_id=actor.user_id,
        findings=data.findings,
        corrected_hs_code=data.corrected_hs_code or None,
        corrected_value=data.corrected_value,
        corrected_origin=data.corrected_origin or None,
        revenue_adjustment_vnd=data.revenue_adjustment_vnd,
        violation=(data.violation or "").strip() or None,
        note=data.note.strip(),
        recorded_at=at,
    )
    session.add(inspection)
    decision.state = "done"
    session.flush()
    emit(
        session,
        topic="risk.inspection_recorded",
        aggregate_type="inspection",
        aggregate_id=inspection.id,
        payload={
            "declaration_id": declaration_id,
            "kind": str(data.kind),
            "findings": data.findings,
            "channel": decision.channel,
            "revenue_adjustment_vnd": None
            if data.revenue_adjustment_vnd is None
            else str(data.revenue_adjustment_vnd),
        },
        at=at,
    )
    session.flush()
    return inspection
