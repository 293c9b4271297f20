"""Readers of the packaged reference files (see data/SOURCES.md), yielding plain rows; no DB."""

from __future__ import annotations

import csv
import gzip
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

DATA_DIR = Path(__file__).parent / "data"


@dataclass(frozen=True, slots=True)
class HsRow:
    code: str
    level: int
    parent: str | None
    section: str
    description: str


@dataclass(frozen=True, slots=True)
class CountryRow:
    code: str
    name: str


@dataclass(frozen=True, slots=True)
class CurrencyRow:
    code: str
    name: str
    minor_units: int | None


@dataclass(frozen=True, slots=True)
class LocationRow:
    code: str
    name: str
    function: str
    subdivision: str

    @property
    def country(self) -> str:
        return self.code[:2]


@dataclass(frozen=True, slots=True)
class UnitRow:
    code: str
    name: str
    active: bool


@dataclass(frozen=True, slots=True)
class IncotermRow:
    code: str
    name: str


@dataclass(frozen=True, slots=True)
class TransportModeRow:
    code: str
    name_en: str
    name_vi: str


@dataclass(frozen=True, slots=True)
class CustomsOfficeRow:
    code: str
    name_vi: str
    name_en: str
    location_code: str | None
    sample: bool


@dataclass(frozen=True, slots=True)
class DeclarationTypeRow:
    code: str
    direction: str
    name_vi: str
    name_en: str
    required_fields: tuple[str, ...]
    sample: bool


def _open_text(path: Path) -> TextIO:
    """A UTF-8 CSV, transparently gunzipped when it ends in `.gz`."""
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding="utf-8", newline="")
    return path.open(encoding="utf-8", newline="")


def _records(data_dir: Path | None, name: str) -> Iterator[dict[str, str]]:
    # The csv module keeps every value a string: "NA" (Namibia) is never a missing value.
    with _open_text((data_dir or DATA_DIR) / name) as fh:
        yield from csv.DictReader(fh)


def _flag(value: str) -> bool:
    return value.strip().lower() in ("1", "true", "yes")


def _optional(data_dir: Path | None, name: str) -> Iterator[dict[str, str]]:
    """A SAMPLE supplement: absent from a data directory of official lists, it adds nothing."""
    if ((data_dir or DATA_DIR) / name).exists():
        yield from _records(data_dir, name)


def read_hs_texts_vi(data_dir: Path | None = None) -> dict[str, str]:
    """Vietnamese HS texts by code: our SAMPLE translation of the lines the sample tariff uses."""
    return {r["code"]: r["description_vi"] for r in _optional(data_dir, "sample_hs2022_vi.csv")}


def read_country_names_vi(data_dir: Path | None = None) -> dict[str, str]:
    """Vietnamese country names by code: a SAMPLE list of the usual trade partners."""
    return {r["code"]: r["name_vi"] for r in _optional(data_dir, "sample_country_names_vi.csv")}


def read_names_vi(list_name: str, data_dir: Path | None = None) -> dict[str, str]:
    """Vietnamese names by code for one list ("currency", "unit", "incoterm", "location"): a
    SAMPLE list of the codes traders use most."""
    rows = _optional(data_dir, "sample_names_vi.csv")
    return {r["code"]: r["name_vi"] for r in rows if r["list"] == list_name}


def read_search_synonyms(data_dir: Path | None = None) -> list[tuple[str, str]]:
    """(term, what it means) pairs of common trade words, both languages: a SAMPLE list."""
    return [(r["term"], r["means"]) for r in _optional(data_dir, "sample_search_synonyms.csv")]


def read_hs_codes(data_dir: Path | None = None) -> Iterator[HsRow]:
    for r in _records(data_dir, "hs2022.csv"):
        yield HsRow(r["code"], int(r["level"]), r["parent"] or None, r["section"], r["description"])


def read_countries(data_dir: Path | None = None) -> Iterator[CountryRow]:
    for r in _records(data_dir, "countries.csv"):
        yield CountryRow(r["code"], r["name"])


def read_currencies(data_dir: Path | None = None) -> Iterator[CurrencyRow]:
    for r in _records(data_dir, "currencies.csv"):
        minor = int(r["minor_units"]) if r["minor_units"] else None
        yield CurrencyRow(r["code"], r["name"], minor)


def read_locations(data_dir: Path | None = None) -> Iterator[LocationRow]:
    for r in _records(data_dir, "locations.csv.gz"):
        yield LocationRow(r["code"], r["name"], r["function"], r["subdivision"])


def read_units(data_dir: Path | None = None) -> Iterator[UnitRow]:
    for r in _records(data_dir, "units.csv"):
        yield UnitRow(r["code"], r["name"], _flag(r["active"]))


def read_incoterms(data_dir: Path | None = None) -> Iterator[IncotermRow]:
    for r in _records(data_dir, "incoterms.csv"):
        yield IncotermRow(r["code"], r["name"])


def read_transport_modes(data_dir: Path | None = None) -> Iterator[TransportModeRow]:
    for r in _records(data_dir, "transport_modes.csv"):
        yield TransportModeRow(r["code"], r["name_en"], r["name_vi"])


def read_customs_offices(data_dir: Path | None = None) -> Iterator[CustomsOfficeRow]:
    """Our SAMPLE list; the official list loads through the same columns with sample=0."""
    for r in _records(data_dir, "sample_customs_offices.csv"):
        yield CustomsOfficeRow(
            r["code"], r["name_vi"], r["name_en"], r["location_code"] or None, _flag(r["sample"])
        )


def read_declaration_types(data_dir: Path | None = None) -> Iterator[DeclarationTypeRow]:
    """Our SAMPLE list of mã loại hình with the header fields each type requires."""
    for r in _records(data_dir, "sample_declaration_types.csv"):
        yield DeclarationTypeRow(
            code=r["code"],
            direction=r["direction"],
            name_vi=r["name_vi"],
            name_en=r["name_en"],
            required_fields=tuple(r["required_fields"].split()),
            sample=_flag(r["sample"]),
        )
