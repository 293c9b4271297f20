"""The SAMPLE schedule loads cleanly and covers the common cases."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from smartcustoms.tariff.importer import SAMPLE_DIR
from smartcustoms.tariff.rules import (
    Direction,
    Incoterm,
    QuoteRequest,
    RateKind,
    TariffBook,
    TariffSchedule,
    Tax,
    quote,
)


def rates_of(schedule: TariffSchedule, hs8: str, tax: Tax) -> list[str]:
    return [r.label for r in schedule.rates if r.hs8 == hs8 and r.tax is tax]


def test_sample_is_loudly_marked_as_not_law() -> None:
    readme = (SAMPLE_DIR / "README.md").read_text(encoding="utf-8")

    assert "SAMPLE" in readme.splitlines()[0]
    assert "NOT official Vietnamese law" in readme


def test_sample_covers_at_least_ten_chapters_and_forty_lines(
    sample_schedule: TariffSchedule,
) -> None:
    chapters = {line.hs8[:2] for line in sample_schedule.lines}

    assert len(sample_schedule.lines) >= 40
    assert len(chapters) >= 10
    assert min(r.valid_from for r in sample_schedule.rates) == dt.date(2022, 1, 1)


def test_every_sample_line_can_be_imported_from_2022_on(sample_book: TariffBook) -> None:
    for line in sample_book.schedule.lines:
        for day in (dt.date(2022, 1, 1), dt.date(2026, 12, 31), dt.date(2030, 1, 1)):
            assert sample_book.required_rate(line.hs8, Tax.IMPORT_MFN, day)
            assert sample_book.required_rate(line.hs8, Tax.IMPORT_NORMAL, day)
            assert sample_book.required_rate(line.hs8, Tax.VAT, day)


def test_sample_has_the_common_cases(sample_schedule: TariffSchedule) -> None:
    s = sample_schedule
    assert rates_of(s, "87032367", Tax.EXCISE) == ["40%"]  # car with excise by engine size
    assert rates_of(s, "22030090", Tax.EXCISE) == ["65%", "70%"]  # beer, with a step in 2027
    assert rates_of(s, "22083000", Tax.EXCISE) == ["65%"]  # spirits
    assert "2000 VND/LTR" in rates_of(s, "27101224", Tax.ENVIRONMENT)  # petrol per litre
    assert rates_of(s, "39232119", Tax.ENVIRONMENT) == ["50000 VND/KGM"]  # plastic bags per kg
    assert rates_of(s, "85171300", Tax.IMPORT_MFN) == ["0%"]  # smartphones
    assert rates_of(s, "26011110", Tax.EXPORT) == ["40%"]  # iron ore export duty
    assert rates_of(s, "61091010", Tax.VAT) == ["10%", "8%", "10%", "8%", "10%"]  # VAT cut
    assert rates_of(s, "10063099", Tax.VAT) == ["5%"]
    kinds = {r.kind for r in s.rates if r.tax is Tax.IMPORT_MFN}
    assert kinds == {RateKind.AD_VALOREM, RateKind.SPECIFIC, RateKind.MIXED}
    textile_roadmaps = {(f.agreement, f.year) for f in s.fta_rates if f.hs8 == "61091010"}
    assert {("EVFTA", year) for year in range(2022, 2031)} <= textile_roadmaps
    assert {("CPTPP", year) for year in range(2022, 2031)} <= textile_roadmaps


def test_a_thai_car_with_form_d_pays_no_import_duty_but_excise_and_vat(
    sample_book: TariffBook,
) -> None:
    request = QuoteRequest(
        hs8="87032367",
        origin="TH",
        value=Decimal(20_000),
        currency="USD",
        quantity=Decimal(1),
        unit="H87",
        date=dt.date(2025, 5, 20),
        incoterm=Incoterm.FOB,
        freight=Decimal(800),
        insurance=Decimal(60),
        proofs=frozenset({"D"}),
    )

    result = quote(sample_book, request)

    duty, excise, vat = result.taxes
    assert (duty.agreement, duty.rate, duty.amount_vnd) == ("ATIGA", "0%", 0)
    assert excise.rate == "40%"
    assert excise.base_vnd == result.customs_value_vnd
    assert vat.base_vnd == result.customs_value_vnd + excise.amount_vnd


def test_exporting_tropical_logs_pays_export_duty(sample_book: TariffBook) -> None:
    request = QuoteRequest(
        hs8="44034990",
        origin="VN",
        value=Decimal(50_000),
        currency="USD",
        quantity=Decimal(100),
        unit="MTQ",
        date=dt.date(2026, 2, 10),
        incoterm=Incoterm.CIF,
        freight=Decimal(3000),
        insurance=Decimal(200),
        direction=Direction.EXPORT,
    )

    result = quote(sample_book, request)

    assert [line.tax for line in result.taxes] == ["export"]
    assert result.taxes[0].rate == "25%"
    assert result.value == Decimal(46_800)
