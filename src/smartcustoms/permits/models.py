"""Single-window tables: agencies, procedures, the control registry, applications and their
steps, agency messages applied, licence draw-downs and what declarations wait for."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from smartcustoms.db import Base, ExactDecimal, UtcDateTime


class Agency(Base):
    """A ministry's inspection body; its officers and systems are identity users with an
    agency role in its organisation."""

    __tablename__ = "permit_agencies"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name_en: Mapped[str] = mapped_column(String(300))
    name_vi: Mapped[str] = mapped_column(String(300))
    ministry: Mapped[str] = mapped_column(String(300), default="")
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class ProcedureDefinition(Base):
    """A procedure as loaded from its file (`definition`: the parsed YAML entry)."""

    __tablename__ = "permit_procedures"

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("permit_agencies.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    release_for_storage: Mapped[bool] = mapped_column(Boolean)
    definition: Mapped[dict[str, Any]] = mapped_column(JSON)
    loaded_at: Mapped[datetime] = mapped_column(UtcDateTime)


class Control(Base):
    """A control registry entry (rules.ControlEntry)."""

    __tablename__ = "permit_controls"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(40), unique=True)
    hs_prefix: Mapped[str] = mapped_column(String(8), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    procedure_code: Mapped[str] = mapped_column(ForeignKey("permit_procedures.code"))
    agency_id: Mapped[int] = mapped_column(ForeignKey("permit_agencies.id"))
    direction: Mapped[str | None] = mapped_column(String(10))
    type_codes: Mapped[str] = mapped_column(String(200), default="")
    origins: Mapped[str] = mapped_column(String(500), default="")
    base_sampling_percent: Mapped[int] = mapped_column(Integer)
    floor_sampling_percent: Mapped[int] = mapped_column(Integer)
    priority_exempt: Mapped[bool] = mapped_column(Boolean)
    source: Mapped[str] = mapped_column(String(200))  # the file it came from
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class RegistryVersion(Base):
    """One row: the control registry's version, raised by every change to it (a load, an
    entry added), so each process knows whether the registry it keeps is still the one in
    force by reading one number."""

    __tablename__ = "permit_registry_version"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger)
    changed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class Application(Base):
    """A trader's application for a licence or an inspection result, and once granted the
    licence itself (its validity and the quantity left)."""

    __tablename__ = "permit_applications"
    __table_args__ = (
        CheckConstraint("balance_e4 >= 0", name="balance_not_negative"),
        Index("ix_permit_applications_enterprise_hs", "enterprise_id", "hs_code"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    procedure_code: Mapped[str] = mapped_column(ForeignKey("permit_procedures.code"))
    agency_id: Mapped[int] = mapped_column(ForeignKey("permit_agencies.id"), index=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    applicant_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    hs_code: Mapped[str] = mapped_column(String(8))
    goods: Mapped[str] = mapped_column(String(500))
    origin_country: Mapped[str] = mapped_column(String(2))
    quantity: Mapped[Decimal] = mapped_column(ExactDecimal)
    unit: Mapped[str] = mapped_column(String(10))
    # What is left to clear, in ten-thousandths of the unit: an integer, so the draw-down's
    # conditional UPDATE compares numbers on SQLite too (ExactDecimal is text there).
    balance_e4: Mapped[int] = mapped_column(BigInteger)
    # Dossier documents (documents domain) the application carries: never uploaded twice.
    document_ids: Mapped[list[int]] = mapped_column(JSON)
    certificate_country: Mapped[str | None] = mapped_column(String(2))
    state: Mapped[str] = mapped_column(String(30), index=True)
    state_since: Mapped[datetime] = mapped_column(UtcDateTime)
    deadline_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    sampled: Mapped[bool] = mapped_column(Boolean, default=False)
    sampling_reason: Mapped[str] = mapped_column(String(30))
    sampling_rate: Mapped[Decimal] = mapped_column(ExactDecimal)
    lab_passed: Mapped[bool | None] = mapped_column(Boolean)
    conditions: Mapped[str] = mapped_column(String(1000), default="")
    note: Mapped[str] = mapped_column(String(1000), default="")
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # Whether every step so far was done within its legal deadline.
    within_deadline: Mapped[bool] = mapped_column(Boolean, default=True)


class ApplicationStep(Base):
    """One step an application went through: the clock of each, for both sides."""

    __tablename__ = "permit_steps"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("permit_applications.id"), index=True)
    state: Mapped[str] = mapped_column(String(30))
    holder: Mapped[str | None] = mapped_column(String(10))  # agency | trader | None: decided
    started_at: Mapped[datetime] = mapped_column(UtcDateTime)
    deadline_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    note: Mapped[str] = mapped_column(String(1000), default="")


class AgencyMessage(Base):
    """A decision or step an agency's system sent, by its message id: applied once."""

    __tablename__ = "permit_agency_messages"
    __table_args__ = (UniqueConstraint("agency_id", "message_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("permit_agencies.id"))
    message_id: Mapped[str] = mapped_column(String(100))
    application_id: Mapped[int] = mapped_column(ForeignKey("permit_applications.id"))
    action: Mapped[str] = mapped_column(String(30))
    state_after: Mapped[str] = mapped_column(String(30))
    received_at: Mapped[datetime] = mapped_column(UtcDateTime)


class Drawdown(Base):
    """Quantity a declaration's goods line drew from a licence."""

    __tablename__ = "permit_drawdowns"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("permit_applications.id"), index=True)
    declaration_id: Mapped[int] = mapped_column(ForeignKey("declarations.id"), index=True)
    line: Mapped[int] = mapped_column(Integer)
    quantity: Mapped[Decimal] = mapped_column(ExactDecimal)
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    returned_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class Wait(Base):
    """A registered declaration's goods line waiting for a pending licence or result (its
    goods released for storage meanwhile): what clearance waits for, from whom, since when."""

    __tablename__ = "permit_waits"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    declaration_id: Mapped[int] = mapped_column(ForeignKey("declarations.id"), index=True)
    line: Mapped[int] = mapped_column(Integer)
    application_id: Mapped[int] = mapped_column(ForeignKey("permit_applications.id"), index=True)
    quantity: Mapped[Decimal] = mapped_column(ExactDecimal)
    since: Mapped[datetime] = mapped_column(UtcDateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    outcome: Mapped[str | None] = mapped_column(String(30))
