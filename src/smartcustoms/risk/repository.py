"""Risk queries."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import (
    Boolean,
    Date,
    Integer,
    Table,
    bindparam,
    column,
    func,
    select,
    text,
    update,
)
from sqlalchemy.orm import Session

from smartcustoms.db import first_row
from smartcustoms.db.inserts import InsertBatch
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


# One round trip per registration: everything the risk step reads about the enterprise,
# and the fingerprint of the selection inputs (policy, rules, active model). Plain SQL
# built once, so no statement is rebuilt or re-keyed per call; it runs on both databases.
# Risk tables only: the enterprise's tax code is identity's, passed in by registration. The
# one-row base gives a row for an enterprise risk knows nothing of yet.
_REGISTRATION_READ = (
    text(
        """
SELECT p.priority AS priority,
       p.priority_valid_until AS priority_valid_until,
       (SELECT count(*) FROM (
            SELECT 1 FROM risk_decisions
            WHERE enterprise_id = :enterprise_id LIMIT :history_cap) AS earlier
       ) AS earlier_decisions,
       EXISTS (SELECT 1 FROM tax_debts
               WHERE enterprise_id = :enterprise_id AND settled_at IS NULL
                 AND due_date < :overdue_before) AS overdue_debt,
       (SELECT count(*) FROM risk_policies) AS policies,
       (SELECT max(id) FROM risk_policies) AS policy_max_id,
       (SELECT max(at) FROM risk_policies) AS policy_max_at,
       (SELECT count(*) FROM risk_rules) AS rules,
       (SELECT max(id) FROM risk_rules) AS rule_max_id,
       (SELECT sum(version) FROM risk_rules) AS rule_versions,
       (SELECT max(updated_at) FROM risk_rules) AS rule_max_updated_at,
       m.id AS model_id,
       m.sha256 AS model_sha256,
       m.activated_at AS model_activated_at
FROM (SELECT 1 AS one) AS base
LEFT JOIN trader_profiles AS p ON p.enterprise_id = :enterprise_id
LEFT JOIN (SELECT id, sha256, activated_at FROM risk_model_versions
           WHERE active ORDER BY id LIMIT 1) AS m ON 1 = 1
"""
    )
    .bindparams(
        bindparam("enterprise_id", type_=Integer),
        bindparam("history_cap", type_=Integer),
        bindparam("overdue_before", type_=Date),
    )
    # Every column, in order: positional matching lets SQLAlchemy keep the result's
    # metadata with the compiled statement instead of matching names at each execution.
    .columns(
        column("priority", Boolean),
        column("priority_valid_until", Date),
        column("earlier_decisions", Integer),
        column("overdue_debt", Boolean),
        *(
            column(name)
            for name in (
                "policies",
                "policy_max_id",
                "policy_max_at",
                "rules",
                "rule_max_id",
                "rule_versions",
                "rule_max_updated_at",
                "model_id",
                "model_sha256",
                "model_activated_at",
            )
        ),
    )
)


@dataclass(frozen=True)
class RegistrationRead:
    """What channel selection reads in one query (see `registration_read`)."""

    priority: bool
    priority_valid_until: date | None
    earlier_decisions: int  # at most the history cap asked for
    overdue_debt: bool  # some unsettled debt is due before the cutoff
    inputs_key: tuple[object, ...]  # changes whenever the policy, a rule or the model does


def registration_read(
    session: Session, *, enterprise_id: int, history_cap: int, overdue_before: date
) -> RegistrationRead:
    """The enterprise's standing and the selection inputs' fingerprint.

    `earlier_decisions` counts the enterprise's decisions up to `history_cap` (enough to
    tell a new trader), so an enterprise with a long history costs no more than a new one.
    The fingerprint holds counts and maxima of ids, versions and times: a key reused after
    a rolled-back write would need the same id at the same microsecond. Plain SQL does not
    flush the session: callers flush first when pending changes must be seen.
    """
    row = first_row(
        session,
        _REGISTRATION_READ,
        {
            "enterprise_id": enterprise_id,
            "history_cap": history_cap,
            "overdue_before": overdue_before,
        },
    )
    if row is None:  # the one-row base always gives one
        raise LookupError("the registration read returned no row")
    return RegistrationRead(
        priority=bool(row[0]),
        priority_valid_until=row[1],
        earlier_decisions=int(row[2]),
        overdue_debt=bool(row[3]),
        inputs_key=tuple(row[4:]),
    )


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


def earlier_decisions(session: Session, enterprise_id: int, *, limit: int | None = None) -> int:
    """How many decisions the enterprise has, counting at most `limit` when given."""
    if limit is None:
        query = select(func.count()).where(RiskDecision.enterprise_id == enterprise_id)
        return int(session.scalar(query) or 0)
    capped = (
        select(RiskDecision.id)
        .where(RiskDecision.enterprise_id == enterprise_id)
        .limit(max(limit, 0))
        .subquery()
    )
    return int(session.scalar(select(func.count()).select_from(capped)) or 0)


_DECISIONS = cast(Table, RiskDecision.__table__)
_DEBTS = cast(Table, TaxDebt.__table__)


def add_debt(batch: InsertBatch, values: Mapping[str, Any]) -> int:
    """Add a tax-debt row (every column but id) to the batch that writes it; its id."""
    debt_id = batch.new_id(_DEBTS)
    batch.add(_DEBTS, [{**values, "id": debt_id}])
    return debt_id


def add_decision(batch: InsertBatch, values: Mapping[str, Any]) -> int:
    """Add a decision row (every column but id) to the batch that writes it; its id."""
    decision_id = batch.new_id(_DECISIONS)
    batch.add(_DECISIONS, [{**values, "id": decision_id}])
    return decision_id


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


def inspection_times(
    session: Session, declaration_ids: Collection[int]
) -> list[tuple[int, datetime, datetime]]:
    """(declaration, channel decided, inspection recorded) of the inspected declarations."""
    if not declaration_ids:
        return []
    query = (
        select(Inspection.declaration_id, RiskDecision.decided_at, Inspection.recorded_at)
        .join(RiskDecision, RiskDecision.id == Inspection.decision_id)
        .where(Inspection.declaration_id.in_(declaration_ids))
    )
    return [(row[0], row[1], row[2]) for row in session.execute(query)]


def decisions_of(session: Session, declaration_ids: Collection[int]) -> list[RiskDecision]:
    if not declaration_ids:
        return []
    query = select(RiskDecision).where(RiskDecision.declaration_id.in_(declaration_ids))
    return list(session.scalars(query))
