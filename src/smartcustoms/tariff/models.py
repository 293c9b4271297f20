"""Tariff tables: the loaded schedule, and each declaration version's assessed taxes."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from smartcustoms.db import Base, ExactDecimal, UtcDateTime

Percent = ExactDecimal(9, 4)


class TariffImport(Base):
    """One load of a published schedule; its id versions every in-process cache."""

    __tablename__ = "tariff_imports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    imported_at: Mapped[datetime] = mapped_column(UtcDateTime)
    source: Mapped[str] = mapped_column(String(500))
    counts: Mapped[dict[str, int]] = mapped_column(JSON)


class TariffLine(Base):
    """A national 8-digit line (AHTN-style) under an HS 2022 subheading."""

    __tablename__ = "tariff_lines"

    hs8: Mapped[str] = mapped_column(String(8), primary_key=True)
    description_vi: Mapped[str] = mapped_column(String(1000))
    description_en: Mapped[str] = mapped_column(String(1000))
    unit: Mapped[str] = mapped_column(String(3))
    source: Mapped[str] = mapped_column(String(100), default="")
    # Both texts folded (kit.search.search_text), written when the schedule loads.
    search_text: Mapped[str] = mapped_column(Text, default="")


class TariffRate(Base):
    __tablename__ = "tariff_rates"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hs8: Mapped[str] = mapped_column(String(8), index=True)
    tax: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(12))
    rate: Mapped[Decimal] = mapped_column(Percent)
    amount: Mapped[Decimal] = mapped_column(ExactDecimal(18, 4))
    unit: Mapped[str] = mapped_column(String(3), default="")
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(100), default="")


class TradeAgreement(Base):
    __tablename__ = "trade_agreements"

    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    members: Mapped[str] = mapped_column(String(1000))  # ISO alpha-2, space separated
    proofs: Mapped[str] = mapped_column(String(300))  # accepted proof forms, space separated
    source: Mapped[str] = mapped_column(String(100), default="")


class FtaRate(Base):
    __tablename__ = "fta_rates"
    __table_args__ = (UniqueConstraint("agreement", "hs8", "year"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agreement: Mapped[str] = mapped_column(String(16))
    hs8: Mapped[str] = mapped_column(String(8), index=True)
    year: Mapped[int] = mapped_column(Integer)
    rate: Mapped[Decimal] = mapped_column(Percent)
    source: Mapped[str] = mapped_column(String(100), default="")


class ExchangeRate(Base):
    __tablename__ = "exchange_rates"
    __table_args__ = (UniqueConstraint("currency", "on_date"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    currency: Mapped[str] = mapped_column(String(3))
    on_date: Mapped[date] = mapped_column(Date)
    rate_vnd: Mapped[Decimal] = mapped_column(ExactDecimal(18, 6))
    source: Mapped[str] = mapped_column(String(100), default="")


class TaxAssessment(Base):
    """The duties and taxes of one registered declaration version, with every explanation."""

    __tablename__ = "tax_assessments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    declaration_id: Mapped[int] = mapped_column(
        ForeignKey("declarations.id", ondelete="CASCADE"), unique=True
    )
    tariff_import_id: Mapped[int | None] = mapped_column(ForeignKey("tariff_imports.id"))
    assessed_at: Mapped[datetime] = mapped_column(UtcDateTime)
    tax_date: Mapped[date] = mapped_column(Date)
    customs_value_vnd: Mapped[int] = mapped_column(BigInteger)
    total_vnd: Mapped[int] = mapped_column(BigInteger)
    items: Mapped[list[dict[str, Any]]] = mapped_column(JSON)  # Quote.as_dict() per item


class TaxAssessmentLine(Base):
    """One tax of one item, kept as a row so totals by tax can be queried."""

    __tablename__ = "tax_assessment_lines"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("tax_assessments.id", ondelete="CASCADE"), index=True
    )
    item_no: Mapped[int] = mapped_column(Integer)
    tax: Mapped[str] = mapped_column(String(12))
    base_vnd: Mapped[int] = mapped_column(BigInteger)
    rate: Mapped[str] = mapped_column(String(60))
    amount_vnd: Mapped[int] = mapped_column(BigInteger)
    source: Mapped[str] = mapped_column(String(100))
    agreement: Mapped[str | None] = mapped_column(String(16))
    year: Mapped[int | None] = mapped_column(Integer)
    proof: Mapped[str | None] = mapped_column(String(30))
