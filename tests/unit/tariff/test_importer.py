"""The importer checks every row, reports every bad one with file:line, and loads nothing then."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path

import pytest

from smartcustoms.tariff.importer import (
    AGREEMENTS,
    EXCHANGE_RATES,
    FILES,
    FTA_RATES,
    HEADERS,
    NOMENCLATURE,
    RATES,
    TariffImportFailed,
    import_schedule,
    parse_schedule,
)
from smartcustoms.tariff.rules import RateKind, Tax, TaxRate

GOOD = {
    NOMENCLATURE: """hs8,description_vi,description_en,unit
61091010,"Áo phông bằng bông, dệt kim",T-shirts of cotton,H87
27101224,Xăng RON 95,"Motor spirit, RON 95",LTR
""",
    AGREEMENTS: """agreement,name,members,proofs
ATIGA,ASEAN Trade in Goods Agreement,BN KH ID LA MY MM PH SG TH,D
EVFTA,EU-Viet Nam Free Trade Agreement,DE FR,EUR.1 REX
""",
    RATES: """hs8,tax,kind,rate,amount,unit,valid_from,valid_to
61091010,import_mfn,ad_valorem,20,,,2022-01-01,
61091010,vat,ad_valorem,10,,,2022-01-01,2023-06-30
61091010,vat,ad_valorem,8,,,2023-07-01,
27101224,environment,specific,,2000,LTR,2022-01-01,
27101224,import_mfn,mixed,10,500,LTR,2022-01-01,
""",
    FTA_RATES: """agreement,hs8,year,rate
EVFTA,61091010,2025,5.7
ATIGA,61091010,2025,0
""",
    EXCHANGE_RATES: """currency,date,rate_vnd
USD,2025-01-01,25000
EUR,2025-01-01,27000.5
""",
}


def with_rows(name: str, rows: str) -> dict[str, str | None]:
    texts: dict[str, str | None] = dict(GOOD)
    texts[name] = GOOD[name] + rows
    return texts


def failures(texts: Mapping[str, str | None], hs6: frozenset[str]) -> list[tuple[str, str]]:
    with pytest.raises(TariffImportFailed) as caught:
        parse_schedule(texts, hs6_codes=hs6)
    return [(error.path, error.code) for error in caught.value.errors]


def test_a_good_schedule_loads_every_row_with_its_source(hs6_codes: frozenset[str]) -> None:
    schedule = parse_schedule(GOOD, hs6_codes=hs6_codes)

    assert [line.hs8 for line in schedule.lines] == ["61091010", "27101224"]
    assert schedule.rates[3] == TaxRate(
        hs8="27101224",
        tax=Tax.ENVIRONMENT,
        kind=RateKind.SPECIFIC,
        valid_from=dt.date(2022, 1, 1),
        amount=Decimal(2000),
        unit="LTR",
        source="rates.csv:5",
    )
    assert schedule.rates[1].valid_to == dt.date(2023, 6, 30)
    assert schedule.agreements[1].proofs == frozenset({"EUR.1", "REX"})
    assert schedule.fta_rates[0].source == "fta_rates.csv:2"
    assert schedule.exchange_rates[1].rate_vnd == Decimal("27000.5")


def test_every_bad_row_of_every_file_is_reported_and_nothing_is_loaded(
    hs6_codes: frozenset[str],
) -> None:
    texts = {
        NOMENCLATURE: GOOD[NOMENCLATURE]
        + "6109101,Áo,Shirts,H87\n"  # line 4
        + "99999910,Không có,Nowhere,H87\n"  # line 5
        + "61091010,Trùng,Duplicate,H87\n"  # line 6
        + "87032367,Ô tô,Cars,piece\n",  # line 7
        AGREEMENTS: GOOD[AGREEMENTS] + "UKVFTA,UK-Viet Nam,GBR,EUR.1\n",  # line 4
        RATES: GOOD[RATES]
        + "61091010,import_mfm,ad_valorem,20,,,2022-01-01,\n"  # 7
        + "61091010,excise,ad_valorem,10%,,,2022-01-01,\n"  # 8
        + "61091010,export,ad_valorem,10,,,2022-13-01,\n"  # 9
        + "61091010,excise,ad_valorem,10,,,2023-01-01,2022-01-01\n"  # 10
        + "62034290,vat,ad_valorem,10,,,2022-01-01,\n"  # 11
        + "61091010,import_mfn,ad_valorem,15,,,2024-01-01,\n"  # 12
        + "61091010,environment,ad_valorem,5,,,2022-01-01,\n"  # 13
        + "61091010,import_normal,specific,,1000,KGM,2022-01-01,\n"  # 14
        + "61091010,import_normal,ad_valorem,30,5,,2022-01-01,\n"  # 15
        + "61091010,vat,ad_valorem,10\n",  # 16
        FTA_RATES: GOOD[FTA_RATES]
        + "XFTA,61091010,2025,0\n"  # 4
        + "ATIGA,61091010,25,0\n"  # 5
        + "ATIGA,61091010,2025,0\n",  # 6
        EXCHANGE_RATES: GOOD[EXCHANGE_RATES]
        + "usd,2025-02-01,25000\n"  # 4
        + "EUR,2025-02-01,0\n"  # 5
        + "USD,2025-01-01,25100\n"  # 6
        + "VND,2025-01-01,1\n",  # 7
    }

    assert failures(texts, hs6_codes) == [
        ("nomenclature.csv:4", "bad_hs8"),
        ("nomenclature.csv:5", "unknown_hs6"),
        ("nomenclature.csv:6", "duplicate"),
        ("nomenclature.csv:7", "bad_unit"),
        ("agreements.csv:4", "bad_members"),
        ("rates.csv:7", "bad_tax"),
        ("rates.csv:8", "bad_decimal"),
        ("rates.csv:9", "bad_date"),
        ("rates.csv:10", "bad_period"),
        ("rates.csv:11", "unknown_line"),
        ("rates.csv:12", "overlap"),
        ("rates.csv:13", "kind_not_allowed"),
        ("rates.csv:14", "unit_mismatch"),
        ("rates.csv:15", "not_allowed"),
        ("rates.csv:16", "column_count"),
        ("fta_rates.csv:4", "unknown_agreement"),
        ("fta_rates.csv:5", "bad_year"),
        ("fta_rates.csv:6", "duplicate"),
        ("exchange_rates.csv:4", "bad_currency"),
        ("exchange_rates.csv:5", "out_of_range"),
        ("exchange_rates.csv:6", "duplicate"),
        ("exchange_rates.csv:7", "not_allowed"),
    ]


def test_each_error_names_file_line_and_cause_in_both_languages(
    hs6_codes: frozenset[str],
) -> None:
    texts = with_rows(RATES, "61091010,vat,ad_valorem,ten,,,2022-01-01,\n")

    with pytest.raises(TariffImportFailed) as caught:
        parse_schedule(texts, hs6_codes=hs6_codes)

    (error,) = caught.value.errors
    assert error.path == "rates.csv:7"
    assert error.message_en.startswith("rates.csv:7: rate 'ten' is not a decimal")
    assert error.message_vi.startswith("rates.csv:7: cột rate 'ten' không phải số thập phân")
    assert caught.value.message_en == (
        "The tariff schedule was not loaded: 1 problem(s) in 1 row(s)."
    )


def test_overlapping_periods_for_the_same_line_and_tax_are_refused(
    hs6_codes: frozenset[str],
) -> None:
    texts = with_rows(RATES, "61091010,vat,ad_valorem,5,,,2023-06-30,2023-06-30\n")

    with pytest.raises(TariffImportFailed) as caught:
        parse_schedule(texts, hs6_codes=hs6_codes)

    (error,) = caught.value.errors
    assert error.code == "overlap"
    assert "overlaps rates.csv:3 (2022-01-01..2023-06-30)" in error.message_en


def test_a_wrong_header_stops_that_file_but_the_others_are_still_checked(
    hs6_codes: frozenset[str],
) -> None:
    texts: dict[str, str | None] = dict(GOOD)
    texts[RATES] = GOOD[RATES].replace("valid_to", "until", 1)
    texts[FTA_RATES] = GOOD[FTA_RATES] + "ATIGA,61091010,2025,abc\n"

    assert failures(texts, hs6_codes) == [
        ("rates.csv:1", "bad_header"),
        ("fta_rates.csv:4", "bad_decimal"),
    ]


def test_a_missing_file_is_reported(hs6_codes: frozenset[str]) -> None:
    texts: dict[str, str | None] = dict(GOOD)
    texts[EXCHANGE_RATES] = None

    assert failures(texts, hs6_codes) == [("exchange_rates.csv", "missing_file")]


def test_references_to_an_unreadable_file_are_not_reported_twice(
    hs6_codes: frozenset[str],
) -> None:
    texts: dict[str, str | None] = dict(GOOD)
    texts[NOMENCLATURE] = "code,vi,en,unit\n61091010,a,b,H87\n"

    assert failures(texts, hs6_codes) == [("nomenclature.csv:1", "bad_header")]


def test_a_spreadsheet_byte_order_mark_and_blank_lines_are_tolerated(
    tmp_path: Path, hs6_codes: frozenset[str]
) -> None:
    for name in FILES:
        text = GOOD[name]
        (tmp_path / name).write_bytes(("\ufeff" + text + "\n").encode())

    schedule = import_schedule(tmp_path, hs6_codes=hs6_codes)

    assert schedule == parse_schedule(GOOD, hs6_codes=hs6_codes)


def test_a_file_that_is_not_utf8_is_reported(tmp_path: Path, hs6_codes: frozenset[str]) -> None:
    for name in FILES:
        (tmp_path / name).write_text(GOOD[name], encoding="utf-8")
    (tmp_path / NOMENCLATURE).write_bytes(GOOD[NOMENCLATURE].encode("cp1258", errors="replace"))

    with pytest.raises(TariffImportFailed) as caught:
        import_schedule(tmp_path, hs6_codes=hs6_codes)

    assert [e.code for e in caught.value.errors] == ["bad_encoding"]


def test_importing_the_same_files_twice_gives_equal_schedules(
    tmp_path: Path, hs6_codes: frozenset[str]
) -> None:
    for name in FILES:
        (tmp_path / name).write_text(GOOD[name], encoding="utf-8")

    first = import_schedule(tmp_path, hs6_codes=hs6_codes)
    second = import_schedule(tmp_path, hs6_codes=hs6_codes)

    assert first == second
    assert hash(first) == hash(second)


def test_units_can_be_checked_against_the_reference_catalog(hs6_codes: frozenset[str]) -> None:
    with pytest.raises(TariffImportFailed) as caught:
        parse_schedule(GOOD, hs6_codes=hs6_codes, units={"KGM", "LTR"})

    assert [(e.path, e.code) for e in caught.value.errors] == [
        ("nomenclature.csv:2", "unknown_unit")
    ]


def test_headers_are_the_documented_ones() -> None:
    assert HEADERS[RATES] == (
        "hs8",
        "tax",
        "kind",
        "rate",
        "amount",
        "unit",
        "valid_from",
        "valid_to",
    )
    assert FILES == (NOMENCLATURE, AGREEMENTS, RATES, FTA_RATES, EXCHANGE_RATES)
