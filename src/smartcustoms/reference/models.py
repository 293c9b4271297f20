"""Reference tables, loaded from public code lists (and marked samples where ours)."""

from __future__ import annotations

from sqlalchemy import Boolean, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from smartcustoms.db import Base


class HsCode(Base):
    """An HS 2022 chapter (2 digits), heading (4) or subheading (6)."""

    __tablename__ = "ref_hs_codes"

    code: Mapped[str] = mapped_column(String(6), primary_key=True)
    level: Mapped[int] = mapped_column(Integer, index=True)
    parent: Mapped[str | None] = mapped_column(String(6))
    section: Mapped[str] = mapped_column(String(5))
    description: Mapped[str] = mapped_column(String(1000))
    description_vi: Mapped[str] = mapped_column(String(1000), default="")  # SAMPLE texts
    search_text: Mapped[str] = mapped_column(Text, default="")


class Country(Base):
    __tablename__ = "ref_countries"

    code: Mapped[str] = mapped_column(String(2), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    name_vi: Mapped[str] = mapped_column(String(200), default="")  # SAMPLE names
    search_text: Mapped[str] = mapped_column(Text, default="")


class Currency(Base):
    __tablename__ = "ref_currencies"

    code: Mapped[str] = mapped_column(String(3), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    name_vi: Mapped[str] = mapped_column(String(200), default="")  # SAMPLE names
    minor_units: Mapped[int | None] = mapped_column(Integer)
    search_text: Mapped[str] = mapped_column(Text, default="")


class Location(Base):
    """A UN/LOCODE location: port, airport, inland border point …"""

    __tablename__ = "ref_locations"

    code: Mapped[str] = mapped_column(String(5), primary_key=True)
    country: Mapped[str] = mapped_column(String(2), index=True)
    name: Mapped[str] = mapped_column(String(200))
    name_vi: Mapped[str] = mapped_column(String(200), default="")  # SAMPLE names
    function: Mapped[str] = mapped_column(String(8), default="")
    subdivision: Mapped[str] = mapped_column(String(3), default="")
    search_text: Mapped[str] = mapped_column(Text, default="")


class Unit(Base):
    """A UN/ECE Recommendation 20 unit of measure."""

    __tablename__ = "ref_units"

    code: Mapped[str] = mapped_column(String(3), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    name_vi: Mapped[str] = mapped_column(String(200), default="")  # SAMPLE names
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    search_text: Mapped[str] = mapped_column(Text, default="")


class Incoterm(Base):
    __tablename__ = "ref_incoterms"

    code: Mapped[str] = mapped_column(String(3), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    name_vi: Mapped[str] = mapped_column(String(200), default="")  # SAMPLE names
    search_text: Mapped[str] = mapped_column(Text, default="")


class TransportMode(Base):
    __tablename__ = "ref_transport_modes"

    code: Mapped[str] = mapped_column(String(2), primary_key=True)
    name_en: Mapped[str] = mapped_column(String(100))
    name_vi: Mapped[str] = mapped_column(String(100))
    search_text: Mapped[str] = mapped_column(Text, default="")


class CustomsOffice(Base):
    """A customs branch (chi cục hải quan); our list is a sample, not the official one."""

    __tablename__ = "ref_customs_offices"

    code: Mapped[str] = mapped_column(String(8), primary_key=True)
    name_vi: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    location_code: Mapped[str | None] = mapped_column(String(5))
    sample: Mapped[bool] = mapped_column(Boolean, default=True)


class DeclarationType(Base):
    """A declaration type code (mã loại hình) such as A11; sample list."""

    __tablename__ = "ref_declaration_types"

    code: Mapped[str] = mapped_column(String(3), primary_key=True)
    direction: Mapped[str] = mapped_column(String(6))  # import | export
    name_vi: Mapped[str] = mapped_column(String(300))
    name_en: Mapped[str] = mapped_column(String(300))
    required_fields: Mapped[str] = mapped_column(String(500), default="")  # space separated
    sample: Mapped[bool] = mapped_column(Boolean, default=True)
