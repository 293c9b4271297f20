"""Border tables: gates, cargo reports (manifests) with their bills and containers,
declarations' links to bills, gate events and passes, slot bookings."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from smartcustoms.db import Base, ExactDecimal, UtcDateTime


class Gate(Base):
    """A gate of a seaport, airport or land border, with the machine account that speaks
    for its cameras and RFID readers."""

    __tablename__ = "border_gates"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    office_code: Mapped[str] = mapped_column(String(8))
    kind: Mapped[str] = mapped_column(String(4))  # sea, air, land
    lanes: Mapped[int] = mapped_column(Integer)
    slot_minutes: Mapped[int] = mapped_column(Integer)
    capacity: Mapped[int] = mapped_column(Integer)  # trucks per lane per slot
    machine_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class Manifest(Base):
    __tablename__ = "border_manifests"
    __table_args__ = (Index("ix_border_manifests_transport_open", "transport_key", "closed_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    carrier_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    filed_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    mode: Mapped[str] = mapped_column(String(4))
    transport_id: Mapped[str] = mapped_column(String(50))
    transport_key: Mapped[str] = mapped_column(String(50))
    voyage: Mapped[str] = mapped_column(String(35))
    office_code: Mapped[str] = mapped_column(String(8), index=True)
    port_of_loading: Mapped[str | None] = mapped_column(String(5))
    port_of_discharge: Mapped[str | None] = mapped_column(String(5))
    departure_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    arrival_at: Mapped[datetime] = mapped_column(UtcDateTime)
    deadline_at: Mapped[datetime] = mapped_column(UtcDateTime)
    filed_at: Mapped[datetime] = mapped_column(UtcDateTime)
    late: Mapped[bool] = mapped_column(Boolean)
    source: Mapped[str] = mapped_column(String(6))  # json, cuscar
    arrived_at: Mapped[datetime | None] = mapped_column(UtcDateTime)  # a road vehicle's gate-in
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)  # a road vehicle's gate-out


class ManifestLine(Base):
    """A bill of lading or air waybill; its number is reported once, ever."""

    __tablename__ = "border_manifest_lines"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    manifest_id: Mapped[int] = mapped_column(
        ForeignKey("border_manifests.id", ondelete="CASCADE"), index=True
    )
    line_no: Mapped[int] = mapped_column(Integer)
    document_number: Mapped[str] = mapped_column(String(35), unique=True)
    consignee_name: Mapped[str] = mapped_column(String(200))
    consignee_tax_code: Mapped[str | None] = mapped_column(String(14))
    description: Mapped[str] = mapped_column(String(500))
    hs_code: Mapped[str | None] = mapped_column(String(8))
    origin_country: Mapped[str | None] = mapped_column(String(2))
    packages: Mapped[int] = mapped_column(Integer)
    gross_weight: Mapped[Decimal] = mapped_column(ExactDecimal(18, 3))
    # Pre-arrival risk: the channel the rules in force would select, before arrival.
    risk_channel: Mapped[str | None] = mapped_column(String(6))
    risk_score: Mapped[float | None] = mapped_column()
    risk_reasons: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)


class ManifestContainer(Base):
    __tablename__ = "border_containers"
    __table_args__ = (
        Index("ix_border_containers_number_open", "container_number", "gated_out_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    line_id: Mapped[int] = mapped_column(
        ForeignKey("border_manifest_lines.id", ondelete="CASCADE"), index=True
    )
    container_number: Mapped[str] = mapped_column(String(11))
    seal_number: Mapped[str | None] = mapped_column(String(35))
    gated_in_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    gated_out_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class DeclarationLink(Base):
    """A declaration (a version) covering a bill, with what it states differently."""

    __tablename__ = "border_declaration_links"
    __table_args__ = (UniqueConstraint("line_id", "declaration_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    line_id: Mapped[int] = mapped_column(ForeignKey("border_manifest_lines.id"))
    declaration_id: Mapped[int] = mapped_column(ForeignKey("declarations.id"), index=True)
    discrepancies: Mapped[list[str]] = mapped_column(JSON, default=list)
    linked_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # Linked when the manifest was filed, after the declaration registered: its discrepancies
    # did not reach risk's decision, officers see them on the link instead.
    late: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class GateEvent(Base):
    """A gate-in or an allowed gate-out, as a gate system reported it."""

    __tablename__ = "border_gate_events"
    __table_args__ = (Index("ix_border_gate_events_gate_at", "gate_id", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    gate_id: Mapped[int] = mapped_column(ForeignKey("border_gates.id"))
    direction: Mapped[str] = mapped_column(String(3))  # in, out
    container_number: Mapped[str | None] = mapped_column(String(11), index=True)
    plate: Mapped[str | None] = mapped_column(String(12), index=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    reported_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    arrival: Mapped[str | None] = mapped_column(String(8))  # against the slot booking
    pass_code: Mapped[str | None] = mapped_column(String(24), unique=True)


class SlotBooking(Base):
    __tablename__ = "border_slot_bookings"
    __table_args__ = (
        UniqueConstraint("gate_id", "slot_start", "plate"),
        Index("ix_border_slot_bookings_slot", "gate_id", "slot_start", "lane"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    gate_id: Mapped[int] = mapped_column(ForeignKey("border_gates.id"))
    lane: Mapped[int] = mapped_column(Integer)
    slot_start: Mapped[datetime] = mapped_column(UtcDateTime)
    plate: Mapped[str] = mapped_column(String(12))
    carrier_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    booked_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    booked_at: Mapped[datetime] = mapped_column(UtcDateTime)
    arrived_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
