"""Fixtures of the tariff tests: small hand-written schedules and the SAMPLE schedule."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from textwrap import dedent
from typing import Any

import pytest

import smartcustoms
from smartcustoms.reference.rules import ReferenceCatalog
from smartcustoms.tariff.importer import (
    AGREEMENTS,
    EXCHANGE_RATES,
    FTA_RATES,
    HEADERS,
    NOMENCLATURE,
    RATES,
    SAMPLE_DIR,
    import_schedule,
    load_hs6_codes,
    parse_schedule,
)
from smartcustoms.tariff.rules import QuoteRequest, TariffBook, TariffSchedule

REFERENCE_DATA = Path(smartcustoms.__file__).parent / "reference" / "data"

# Lines the hand-written schedules use; each test states the rates it relies on.
LINES = """
61091010,"Áo phông bằng bông, dệt kim, cho nam","T-shirts of cotton, knitted, for men",H87
87032367,"Ô tô con trên 1.800 cc đến 2.000 cc","Passenger cars over 1,800 cc to 2,000 cc",H87
87032199,Ô tô con đã qua sử dụng không quá 1.000 cc,"Used passenger cars, not over 1,000 cc",H87
87032392,Ô tô con đã qua sử dụng trên 2.500 cc,"Used passenger cars, over 2,500 cc",H87
27101224,Xăng RON 95,"Motor spirit, RON 95",LTR
39232119,Túi nhựa polyme etylen,Bags of polymers of ethylene,KGM
26011110,Quặng hematit,Haematite ores,TNE
22030090,Bia khác,Other beer,LTR
"""
AGREEMENT_ROWS = """
ATIGA,ASEAN Trade in Goods Agreement,BN KH ID LA MY MM PH SG TH,D
ACFTA,ASEAN-China Free Trade Area,BN KH ID LA MY MM PH SG TH CN,E
CPTPP,Comprehensive and Progressive Trans-Pacific Partnership,AU BN CA CL JP MX MY NZ PE SG,CPTPP
VJEPA,Viet Nam-Japan Economic Partnership Agreement,JP,VJ
EVFTA,EU-Viet Nam Free Trade Agreement,DE FR IT NL,EUR.1 REX
RCEP,Regional Comprehensive Economic Partnership,AU CN JP KR NZ SG TH,RCEP
"""
FX_ROWS = """
USD,2025-01-01,25000
USD,2025-01-08,25100
EUR,2025-01-01,27000
"""


def csv_text(name: str, body: str) -> str:
    return ",".join(HEADERS[name]) + "\n" + dedent(body).strip() + "\n"


@pytest.fixture(scope="session")
def hs6_codes() -> frozenset[str]:
    return load_hs6_codes(REFERENCE_DATA / "hs2022.csv")


@pytest.fixture(scope="session")
def unit_codes() -> frozenset[str]:
    with (REFERENCE_DATA / "units.csv").open(encoding="utf-8") as handle:
        return frozenset(line.split(",")[0] for line in handle)


def _codes(name: str) -> frozenset[str]:
    """The first column of a reference data file: its codes."""
    with (REFERENCE_DATA / name).open(encoding="utf-8") as handle:
        return frozenset(line.split(",")[0] for line in list(handle)[1:])


@pytest.fixture(scope="session")
def reference_catalog() -> ReferenceCatalog:
    """The ISO 3166 countries and ISO 4217 currencies the reference domain ships."""
    return ReferenceCatalog(countries=_codes("countries.csv"), currencies=_codes("currencies.csv"))


@pytest.fixture
def schedule_texts() -> Callable[..., dict[str, str | None]]:
    """The five files from CSV bodies (no header); lines, agreements and FX have defaults."""

    def make(
        *,
        rates: str = "",
        fta_rates: str = "",
        lines: str = LINES,
        agreements: str = AGREEMENT_ROWS,
        exchange_rates: str = FX_ROWS,
    ) -> dict[str, str | None]:
        return {
            NOMENCLATURE: csv_text(NOMENCLATURE, lines),
            AGREEMENTS: csv_text(AGREEMENTS, agreements),
            RATES: csv_text(RATES, rates),
            FTA_RATES: csv_text(FTA_RATES, fta_rates),
            EXCHANGE_RATES: csv_text(EXCHANGE_RATES, exchange_rates),
        }

    return make


@pytest.fixture
def make_schedule(
    hs6_codes: frozenset[str], schedule_texts: Callable[..., dict[str, str | None]]
) -> Callable[..., TariffSchedule]:
    """Build a schedule from CSV bodies (no header); lines, agreements and FX have defaults."""

    def make(**bodies: str) -> TariffSchedule:
        return parse_schedule(schedule_texts(**bodies), hs6_codes=hs6_codes)

    return make


@pytest.fixture
def make_book(make_schedule: Callable[..., TariffSchedule]) -> Callable[..., TariffBook]:
    def make(**bodies: str) -> TariffBook:
        return TariffBook(make_schedule(**bodies))

    return make


@pytest.fixture
def item() -> Callable[..., QuoteRequest]:
    """A declaration item: one T-shirt lot from Germany, CIF, paid in VND, unless overridden."""

    def make(**overrides: Any) -> QuoteRequest:
        fields: dict[str, Any] = {
            "hs8": "61091010",
            "origin": "DE",
            "value": Decimal(1_000_000),
            "currency": "VND",
            "quantity": Decimal(100),
            "unit": "H87",
            "date": dt.date(2025, 3, 1),
        }
        fields.update(overrides)
        return QuoteRequest(**fields)

    return make


@pytest.fixture(scope="session")
def sample_schedule(hs6_codes: frozenset[str], unit_codes: frozenset[str]) -> TariffSchedule:
    return import_schedule(SAMPLE_DIR, hs6_codes=hs6_codes, units=unit_codes)


@pytest.fixture(scope="session")
def sample_book(sample_schedule: TariffSchedule) -> TariffBook:
    return TariffBook(sample_schedule)
