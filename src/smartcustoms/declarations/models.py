"""Declaration tables: one row per version; history is the chain of versions."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Date,
    ForeignKey,
    Index,
    Integer,
    Sequence,
    String,
    UniqueConstraint,
    func,
    literal_column,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from smartcustoms.db import Base, ExactDecimal, UtcDateTime

Amount = ExactDecimal(18, 4)
Quantity = ExactDecimal(18, 4)


class Declaration(Base):
    __tablename__ = "declarations"
    __table_args__ = (
        UniqueConstraint("number", "version", name="uq_declarations_number_version"),
        Index("ix_declarations_office_status", "office_code", "status"),
        Index("ix_declarations_enterprise_status", "enterprise_id", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Looked up through uq_declarations_number_version, whose first column it is.
    number: Mapped[str | None] = mapped_column(String(12))
    version: Mapped[int] = mapped_column(Integer, default=1)
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("declarations.id"))
    status: Mapped[str] = mapped_column(String(12), index=True)
    status_reasons: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    cancel_reason: Mapped[str | None] = mapped_column(String(1000))
    direction: Mapped[str | None] = mapped_column(String(6))
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    submitted_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    registered_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    type_code: Mapped[str | None] = mapped_column(String(3))
    office_code: Mapped[str | None] = mapped_column(String(8))
    foreign_party_name: Mapped[str | None] = mapped_column(String(300))
    foreign_party_address: Mapped[str | None] = mapped_column(String(500))
    foreign_party_country: Mapped[str | None] = mapped_column(String(2))
    country_of_export: Mapped[str | None] = mapped_column(String(2))
    country_of_origin: Mapped[str | None] = mapped_column(String(2))
    country_of_destination: Mapped[str | None] = mapped_column(String(2))
    transport_mode: Mapped[str | None] = mapped_column(String(2))
    transport_means: Mapped[str | None] = mapped_column(String(100))
    transport_document: Mapped[str | None] = mapped_column(String(50))
    port_of_loading: Mapped[str | None] = mapped_column(String(5))
    port_of_discharge: Mapped[str | None] = mapped_column(String(5))
    arrival_date: Mapped[date | None] = mapped_column(Date)
    departure_date: Mapped[date | None] = mapped_column(Date)
    invoice_number: Mapped[str | None] = mapped_column(String(50))
    invoice_date: Mapped[date | None] = mapped_column(Date)
    invoice_currency: Mapped[str | None] = mapped_column(String(3))
    invoice_amount: Mapped[Decimal | None] = mapped_column(Amount)
    incoterms: Mapped[str | None] = mapped_column(String(3))
    freight: Mapped[Decimal | None] = mapped_column(Amount)
    insurance: Mapped[Decimal | None] = mapped_column(Amount)
    packages: Mapped[int | None] = mapped_column(Integer)
    gross_weight: Mapped[Decimal | None] = mapped_column(Quantity)
    contract_number: Mapped[str | None] = mapped_column(String(50))

    items: Mapped[list[DeclarationItem]] = relationship(
        lazy="raise",
        order_by="DeclarationItem.line_no",
        cascade="all, delete-orphan",
    )


def transport_document_key(column: Any) -> Any:
    """A transport document number as the border's late link compares it: upper case,
    without spaces. Its constants are written inline, never bound parameters, so the query's
    expression is the index's text exactly, whatever plan the database makes (PostgreSQL's
    generic plans would not match `replace(x, $1, $2)` against the index)."""
    return func.upper(func.replace(column, literal_column("' '"), literal_column("''")))


# Covers registered_by_transport_documents (every manifest filing looks its bills up there);
# migration 0029_transport_document_index creates the same expression.
Index(
    "ix_declarations_transport_document_key",
    transport_document_key(Declaration.transport_document),
)


class DeclarationItem(Base):
    __tablename__ = "declaration_items"
    # Also the index of items by declaration (its first column).
    __table_args__ = (UniqueConstraint("declaration_id", "line_no"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    declaration_id: Mapped[int] = mapped_column(ForeignKey("declarations.id", ondelete="CASCADE"))
    line_no: Mapped[int] = mapped_column(Integer)
    hs_code: Mapped[str | None] = mapped_column(String(8), index=True)
    description: Mapped[str | None] = mapped_column(String(500))
    origin_country: Mapped[str | None] = mapped_column(String(2))
    quantity: Mapped[Decimal | None] = mapped_column(Quantity)
    unit: Mapped[str | None] = mapped_column(String(3))
    unit_price: Mapped[Decimal | None] = mapped_column(Amount)
    invoice_value: Mapped[Decimal | None] = mapped_column(Amount)
    net_weight: Mapped[Decimal | None] = mapped_column(Quantity)
    origin_proof: Mapped[str | None] = mapped_column(String(30))


class DeclarationDocument(Base):
    """A dossier document attached by reference (never uploaded twice)."""

    __tablename__ = "declaration_documents"
    # Also the index of a dossier by declaration (its first column).
    __table_args__ = (UniqueConstraint("declaration_id", "document_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    declaration_id: Mapped[int] = mapped_column(ForeignKey("declarations.id", ondelete="CASCADE"))
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"))


class StatusChange(Base):
    """Each status step with its time: the raw material of the Time Release Study."""

    __tablename__ = "declaration_status_changes"

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    declaration_id: Mapped[int] = mapped_column(
        ForeignKey("declarations.id", ondelete="CASCADE"), index=True
    )
    from_status: Mapped[str | None] = mapped_column(String(12))
    to_status: Mapped[str] = mapped_column(String(12))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    note: Mapped[str | None] = mapped_column(String(1000))


class NumberSequence(Base):
    """Counters for declaration numbers on SQLite (PostgreSQL uses NUMBER_SEQUENCES)."""

    __tablename__ = "number_sequences"

    name: Mapped[str] = mapped_column(String(50), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger)


# PostgreSQL: one sequence per direction. A sequence never waits for another transaction (a
# counter row stays locked until its transaction commits, which serialised registrations);
# the price is that a registration failing after taking its number leaves a gap.
NUMBER_SEQUENCES = {
    direction: Sequence(
        f"declaration_number_{direction}",
        metadata=Base.metadata,
        minvalue=1,
        maxvalue=9_999_999_999,
    )
    for direction in ("import", "export")
}
