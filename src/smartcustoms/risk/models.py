"""Risk tables: rules and their history, decisions, profiles, tax debts, inspections, models."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from smartcustoms.db import Base, ExactDecimal, UtcDateTime

Vnd = ExactDecimal(18, 0)


class RiskRuleRow(Base):
    """An officer-managed risk criterion; its current state (history in risk_rule_versions)."""

    __tablename__ = "risk_rules"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    description: Mapped[str] = mapped_column(String(1000), default="")
    criteria: Mapped[dict[str, Any]] = mapped_column(JSON)
    score: Mapped[float] = mapped_column(Float, default=0.0)
    forced_channel: Mapped[str | None] = mapped_column(String(6))
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    active: Mapped[bool] = mapped_column(Boolean, default=False)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class RiskRuleVersion(Base):
    """Each change of a rule: who, when, and the whole rule as it then stood."""

    __tablename__ = "risk_rule_versions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    rule_id: Mapped[int] = mapped_column(ForeignKey("risk_rules.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(20))
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(UtcDateTime)


class SelectivityPolicyRow(Base):
    """Policy settings in force from `at`; the latest row applies, earlier ones are history."""

    __tablename__ = "risk_policies"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    values: Mapped[dict[str, Any]] = mapped_column(JSON)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(UtcDateTime)


class ModelVersion(Base):
    """A trained fraud model: its window, parameters, evaluation and file (SHA-256 checked)."""

    __tablename__ = "risk_model_versions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    training_from: Mapped[date] = mapped_column(Date)
    training_to: Mapped[date] = mapped_column(Date)
    training_rows: Mapped[int] = mapped_column(Integer)
    platform_labels: Mapped[int] = mapped_column(Integer, default=0)
    parameters: Mapped[dict[str, Any]] = mapped_column(JSON)
    evaluation: Mapped[dict[str, Any]] = mapped_column(JSON)
    score_quantiles: Mapped[list[float]] = mapped_column(JSON)
    feature_schema: Mapped[str] = mapped_column(String(40))
    file_name: Mapped[str] = mapped_column(String(200))
    sha256: Mapped[str] = mapped_column(String(64))
    active: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    activated_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    activated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class RiskDecision(Base):
    """The channel chosen at registration, with the facts it saw and its explanation."""

    __tablename__ = "risk_decisions"
    __table_args__ = (
        Index("ix_risk_decisions_office_worklist", "office_code", "channel", "state"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    declaration_id: Mapped[int] = mapped_column(
        ForeignKey("declarations.id", ondelete="CASCADE"), unique=True
    )
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    office_code: Mapped[str] = mapped_column(String(8))
    channel: Mapped[str] = mapped_column(String(6))
    # pending: awaiting the check its channel asks for; done: inspected; closed: none needed.
    state: Mapped[str] = mapped_column(String(10))
    score: Mapped[float] = mapped_column(Float)
    rule_points: Mapped[float] = mapped_column(Float)
    model_points: Mapped[float | None] = mapped_column(Float)
    profile_points: Mapped[float] = mapped_column(Float)
    model_version_id: Mapped[int | None] = mapped_column(ForeignKey("risk_model_versions.id"))
    random_draw: Mapped[float] = mapped_column(Float)
    randomly_selected: Mapped[bool] = mapped_column(Boolean)
    facts: Mapped[dict[str, Any]] = mapped_column(JSON)
    explanation: Mapped[dict[str, Any]] = mapped_column(JSON)
    decided_at: Mapped[datetime] = mapped_column(UtcDateTime)


class TraderProfile(Base):
    """Standing an officer sets: priority enterprise (AEO) status and a note."""

    __tablename__ = "trader_profiles"

    enterprise_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), primary_key=True)
    priority: Mapped[bool] = mapped_column(Boolean, default=False)
    priority_valid_until: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(String(1000), default="")
    updated_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class TaxDebt(Base):
    """Tax owed by an enterprise; unsettled debt overdue beyond 90 days blocks declaring."""

    __tablename__ = "tax_debts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    amount_vnd: Mapped[Decimal] = mapped_column(Vnd)
    due_date: Mapped[date] = mapped_column(Date)
    reference: Mapped[str] = mapped_column(String(100), default="")
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime)
    settled_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # Who marked it settled (a supervisor); None when payments settled it by a payment.
    settled_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class Inspection(Base):
    """A document check or physical inspection result; it labels the next training run."""

    __tablename__ = "inspections"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    declaration_id: Mapped[int] = mapped_column(
        ForeignKey("declarations.id", ondelete="CASCADE"), unique=True
    )
    decision_id: Mapped[int] = mapped_column(ForeignKey("risk_decisions.id"))
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    office_code: Mapped[str] = mapped_column(String(8))
    kind: Mapped[str] = mapped_column(String(20))
    officer_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    findings: Mapped[bool] = mapped_column(Boolean)
    corrected_hs_code: Mapped[str | None] = mapped_column(String(8))
    corrected_value: Mapped[Decimal | None] = mapped_column(ExactDecimal(18, 4))
    corrected_origin: Mapped[str | None] = mapped_column(String(2))
    revenue_adjustment_vnd: Mapped[Decimal | None] = mapped_column(Vnd)
    violation: Mapped[str | None] = mapped_column(String(1000))
    note: Mapped[str] = mapped_column(String(2000), default="")
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)


class RiskReassessment(Base):
    """Facts that reached risk after its decision (a manifest linked late, an ACDD matched
    late) and what they did: raised the channel, flagged released goods for post-clearance
    audit, or nothing. Once per declaration, source and set of facts (idempotent)."""

    __tablename__ = "risk_reassessments"
    __table_args__ = (
        UniqueConstraint("declaration_id", "source", "facts_key", name="uq_risk_reassessment"),
        Index("ix_risk_reassessments_office_outcome", "office_code", "outcome"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    declaration_id: Mapped[int] = mapped_column(
        ForeignKey("declarations.id", ondelete="CASCADE"), index=True
    )
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    office_code: Mapped[str] = mapped_column(String(8))
    source: Mapped[str] = mapped_column(String(10))  # manifest | acdd
    reference: Mapped[str | None] = mapped_column(String(60))
    discrepancies: Mapped[list[str]] = mapped_column(JSON)
    facts_key: Mapped[str] = mapped_column(String(200))
    # raised: the channel was raised; flagged: released goods, for post-clearance audit;
    # unchanged: no stricter channel (or a declaration no longer in force).
    outcome: Mapped[str] = mapped_column(String(10))
    channel_before: Mapped[str] = mapped_column(String(6))
    channel_after: Mapped[str] = mapped_column(String(6))  # what the late facts select
    status: Mapped[str] = mapped_column(String(12))  # the declaration's, when reassessed
    at: Mapped[datetime] = mapped_column(UtcDateTime)
