"""Risk queries."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from smartcustoms.kit.pagination import Page, PageRequest
from smartcustoms.risk.models import (
    Inspection,
    ModelVersion,
    RiskDecision,
    RiskRuleRow,
    RiskRuleVersion,
    SelectivityPolicyRow,
    TaxDebt,
    TraderProfile,
)

# ---------------------------------------------------------------------------- rules


def rule(session: Session, rule_id: int) -> RiskRuleRow | None:
    return session.get(RiskRuleRow, rule_id)


def rule_by_code(session: Session, code: str) -> RiskRuleRow | None:
    return session.scalars(select(RiskRuleRow).where(RiskRuleRow.code == code)).first()


def rules(session: Session, *, active_only: bool = False) -> list[RiskRuleRow]:
    query = select(RiskRuleRow).order_by(RiskRuleRow.code)
    if active_only:
        query = query.where(RiskRuleRow.active.is_(True))
    return list(session.scalars(query))


def rule_versions(session: Session, rule_id: int) -> list[RiskRuleVersion]:
    query = (
        select(RiskRuleVersion)
        .where(RiskRuleVersion.rule_id == rule_id)
        .order_by(RiskRuleVersion.version, RiskRuleVersion.id)
    )
    return list(session.scalars(query))


def latest_policy(session: Session) -> SelectivityPolicyRow | None:
    query = select(SelectivityPolicyRow).order_by(
        SelectivityPolicyRow.at.desc(), SelectivityPolicyRow.id.desc()
    )
    return session.scalars(query.limit(1)).first()


def selection_inputs_key(session: Session) -> tuple[object, ...]:
    """One row that changes whenever a policy is set, a rule changes or a model is activated.

    Counts and maxima of ids, versions and times: a key reused after a rolled-back write
    would need the same id at the same microsecond.
    """
    policies = SelectivityPolicyRow
    active = (
        select(ModelVersion.id, ModelVersion.sha256, ModelVersion.activated_at)
        .where(ModelVersion.active.is_(True))
        .order_by(ModelVersion.id)
        .limit(1)
        .subquery()
    )
    row = session.execute(
        select(
            select(func.count()).select_from(policies).scalar_subquery(),
            select(func.max(policies.id)).scalar_subquery(),
            select(func.max(policies.at)).scalar_subquery(),
            select(func.count()).select_from(RiskRuleRow).scalar_subquery(),
            select(func.max(RiskRuleRow.id)).scalar_subquery(),
            select(func.sum(RiskRuleRow.version)).scalar_subquery(),
            select(func.max(RiskRuleRow.updated_at)).scalar_subquery(),
            select(active.c.id).scalar_subquery(),
            select(active.c.sha256).scalar_subquery(),
            select(active.c.activated_at).scalar_subquery(),
        )
    ).one()
    return tuple(row)


# ---------------------------------------------------------------------------- decisions


def decision_of(session: Session, declaration_id: int) -> RiskDecision | None:
    query = select(RiskDecision).where(RiskDecision.declaration_id == declaration_id)
    return session.scalars(query).first()


def close_pending(session: Session, declaration_id: int) -> None:
    session.execute(
        update(RiskDecision)
        .where(RiskDecision.declaration_id == declaration_id, RiskDecision.state == "pending")
        .values(state="closed")
    )


def worklist(
    session: Session, *, office_code: str, channel: str, request: PageRequest
) -> Page[RiskDecision]:
    where = (
        RiskDecision.office_code == office_code,
        RiskDecision.channel == channel,
        RiskDecision.state == "pending",
    )
    total = session.scalar(select(func.count()).select_from(RiskDecision).where(*where)) or 0
    rows = session.scalars(
        select(RiskDecision)
        .where(*where)
        .order_by(RiskDecision.score.desc(), RiskDecision.id)
        .offset(request.offset)
        .limit(request.size)
    )
    return Page(list(rows), total, request.page, request.size)


@dataclass(frozen=True)
class HistoryRow:
    facts: dict[str, object]
    findings: bool | None


def decision_history(
    session: Session, *, since: datetime | None, until: datetime | None, limit: int
) -> list[HistoryRow]:
    """Past decisions' facts, each with its inspection outcome (None: not inspected)."""
    query = select(RiskDecision.facts, Inspection.findings).outerjoin(
        Inspection, Inspection.decision_id == RiskDecision.id
    )
    if since is not None:
        query = query.where(RiskDecision.decided_at >= since)
    if until is not None:
        query = query.where(RiskDecision.decided_at < until)
    query = query.order_by(RiskDecision.decided_at.desc(), RiskDecision.id.desc()).limit(limit)
    return [HistoryRow(facts, findings) for facts, findings in session.execute(query)]


def earlier_decisions(session: Session, enterprise_id: int) -> int:
    query = select(func.count()).where(RiskDecision.enterprise_id == enterprise_id)
    return int(session.scalar(query) or 0)


@dataclass(frozen=True)
class Counts:
    declarations: int
    yellow: int
    red: int
    inspections: int
    findings: int
    violations: int


def compliance_counts(session: Session, enterprise_id: int) -> Counts:
    by_channel = dict(
        session.execute(
            select(RiskDecision.channel, func.count())
            .where(RiskDecision.enterprise_id == enterprise_id)
            .group_by(RiskDecision.channel)
        ).all()
    )
    inspected = session.execute(
        select(
            func.count(),
            func.count().filter(Inspection.findings.is_(True)),
            func.count().filter(Inspection.violation.is_not(None)),
        ).where(Inspection.enterprise_id == enterprise_id)
    ).one()
    return Counts(
        declarations=int(sum(by_channel.values())),
        yellow=int(by_channel.get("yellow", 0)),
        red=int(by_channel.get("red", 0)),
        inspections=int(inspected[0]),
        findings=int(inspected[1]),
        violations=int(inspected[2]),
    )


# ---------------------------------------------------------------------------- profiles, debts


def profile(session: Session, enterprise_id: int) -> TraderProfile | None:
    return session.get(TraderProfile, enterprise_id)


def debts(session: Session, enterprise_id: int, *, unsettled_only: bool = False) -> list[TaxDebt]:
    query = select(TaxDebt).where(TaxDebt.enterprise_id == enterprise_id)
    if unsettled_only:
        query = query.where(TaxDebt.settled_at.is_(None))
    return list(session.scalars(query.order_by(TaxDebt.due_date, TaxDebt.id)))


def debt(session: Session, debt_id: int) -> TaxDebt | None:
    return session.get(TaxDebt, debt_id)


def unsettled_due_before(session: Session, enterprise_id: int, before: date) -> list[TaxDebt]:
    query = select(TaxDebt).where(
        TaxDebt.enterprise_id == enterprise_id,
        TaxDebt.settled_at.is_(None),
        TaxDebt.due_date < before,
    )
    return list(session.scalars(query.order_by(TaxDebt.due_date)))


# ---------------------------------------------------------------------------- inspections


def inspection_of(session: Session, declaration_id: int) -> Inspection | None:
    query = select(Inspection).where(Inspection.declaration_id == declaration_id)
    return session.scalars(query).first()


@dataclass(frozen=True)
class LabelRow:
    facts: dict[str, object]
    findings: bool
    recorded_at: datetime
    decided_at: datetime


def labelled_decisions(session: Session, *, until: datetime | None = None) -> list[LabelRow]:
    """Every inspected decision with its outcome: the platform's own training labels."""
    query = select(
        RiskDecision.facts, Inspection.findings, Inspection.recorded_at, RiskDecision.decided_at
    ).join(Inspection, Inspection.decision_id == RiskDecision.id)
    if until is not None:
        query = query.where(Inspection.recorded_at <= until)
    query = query.order_by(RiskDecision.decided_at, RiskDecision.id)
    return [LabelRow(f, bool(x), r, d) for f, x, r, d in session.execute(query)]


# ---------------------------------------------------------------------------- models


def model_version(session: Session, version_id: int) -> ModelVersion | None:
    return session.get(ModelVersion, version_id)


def active_model(session: Session) -> ModelVersion | None:
    query = select(ModelVersion).where(ModelVersion.active.is_(True)).order_by(ModelVersion.id)
    return session.scalars(query.limit(1)).first()


def model_versions(session: Session) -> list[ModelVersion]:
    return list(session.scalars(select(ModelVersion).order_by(ModelVersion.id.desc())))


def deactivate_models(session: Session, *, except_id: int | None = None) -> None:
    query = update(ModelVersion).where(ModelVersion.active.is_(True))
    if except_id is not None:
        query = query.where(ModelVersion.id != except_id)
    session.execute(query.values(active=False))


def ids_with_decisions(session: Session, declaration_ids: Collection[int]) -> set[int]:
    query = select(RiskDecision.declaration_id).where(
        RiskDecision.declaration_id.in_(declaration_ids)
    )
    return set(session.scalars(query))
