"""Worked examples: each tax and each rate kind, in whole dong."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from decimal import Decimal

import pytest

from smartcustoms.tariff.rules import (
    Direction,
    Incoterm,
    Quote,
    QuoteRequest,
    RateKind,
    TariffBook,
    UnitMismatch,
    quote,
)

Book = Callable[..., TariffBook]
Item = Callable[..., QuoteRequest]

TSHIRT_RATES = """
61091010,import_mfn,ad_valorem,20,,,2022-01-01,
61091010,import_normal,ad_valorem,30,,,2022-01-01,
61091010,vat,ad_valorem,10,,,2022-01-01,
"""


def amounts(result: Quote) -> dict[str, int]:
    return {line.tax: line.amount_vnd for line in result.taxes}


def test_ad_valorem_import_duty_then_vat_on_value_plus_duty(make_book: Book, item: Item) -> None:
    book = make_book(rates=TSHIRT_RATES)

    result = quote(book, item(origin="US", value=Decimal(1_000_000)))

    assert result.customs_value_vnd == 1_000_000
    assert [(t.tax, t.base_vnd, t.rate, t.amount_vnd) for t in result.taxes] == [
        ("import", 1_000_000, "20%", 200_000),
        ("vat", 1_200_000, "10%", 120_000),
    ]
    assert result.total_vnd == 320_000
    assert result.taxes[0].source == "rates.csv:2"
    assert result.taxes[1].source == "rates.csv:4"


def test_specific_import_duty_is_quantity_times_amount(make_book: Book, item: Item) -> None:
    book = make_book(
        rates="""
        87032199,import_mfn,specific,,87500000,H87,2022-01-01,
        87032199,excise,ad_valorem,35,,,2022-01-01,
        87032199,vat,ad_valorem,10,,,2022-01-01,
        """
    )

    result = quote(
        book, item(hs8="87032199", value=Decimal(300_000_000), quantity=Decimal(2), unit="H87")
    )

    duty, excise, vat = result.taxes
    assert (duty.kind, duty.rate, duty.quantity, duty.unit) == (
        RateKind.SPECIFIC,
        "87500000 VND/H87",
        Decimal(2),
        "H87",
    )
    assert duty.amount_vnd == 175_000_000
    # Excise on customs value + import duty: (300,000,000 + 175,000,000) x 35%.
    assert (excise.base_vnd, excise.amount_vnd) == (475_000_000, 166_250_000)
    assert (vat.base_vnd, vat.amount_vnd) == (641_250_000, 64_125_000)
    assert result.total_vnd == 405_375_000


def test_mixed_import_duty_adds_the_percentage_and_the_amount_per_unit(
    make_book: Book, item: Item
) -> None:
    book = make_book(
        rates="""
        87032392,import_mfn,mixed,64,375000000,H87,2022-01-01,
        87032392,vat,ad_valorem,10,,,2022-01-01,
        """
    )

    result = quote(
        book, item(hs8="87032392", value=Decimal(1_000_000_000), quantity=Decimal(1), unit="H87")
    )

    duty = result.taxes[0]
    assert duty.rate == "64% + 375000000 VND/H87"
    assert duty.kind is RateKind.MIXED
    assert duty.amount_vnd == 640_000_000 + 375_000_000


def test_excise_base_is_customs_value_plus_import_duty(make_book: Book, item: Item) -> None:
    book = make_book(
        rates="""
        22030090,import_mfn,ad_valorem,35,,,2022-01-01,
        22030090,excise,ad_valorem,65,,,2022-01-01,
        22030090,vat,ad_valorem,10,,,2022-01-01,
        """
    )

    result = quote(book, item(hs8="22030090", value=Decimal(10_000_000), unit="LTR"))

    assert [(t.tax, t.base_vnd, t.amount_vnd) for t in result.taxes] == [
        ("import", 10_000_000, 3_500_000),
        ("excise", 13_500_000, 8_775_000),
        ("vat", 22_275_000, 2_227_500),
    ]
    assert result.total_vnd == 14_502_500


def test_environmental_tax_is_quantity_times_amount_and_enters_the_vat_base(
    make_book: Book, item: Item
) -> None:
    book = make_book(
        rates="""
        27101224,import_mfn,ad_valorem,10,,,2022-01-01,
        27101224,excise,ad_valorem,10,,,2022-01-01,
        27101224,environment,specific,,2000,LTR,2022-01-01,
        27101224,vat,ad_valorem,10,,,2022-01-01,
        """
    )

    result = quote(
        book,
        item(hs8="27101224", value=Decimal(20_000_000), quantity=Decimal(1000), unit="LTR"),
    )

    environment = result.taxes[2]
    assert (environment.tax, environment.base_vnd, environment.rate) == (
        "environment",
        0,
        "2000 VND/LTR",
    )
    assert environment.amount_vnd == 2_000_000
    # VAT base: 20,000,000 + 2,000,000 import + 2,200,000 excise + 2,000,000 environment.
    assert (result.taxes[3].base_vnd, result.taxes[3].amount_vnd) == (26_200_000, 2_620_000)
    assert result.total_vnd == 8_820_000


def test_environmental_tax_on_plastic_bags_per_kilogram(make_book: Book, item: Item) -> None:
    book = make_book(
        rates="""
        39232119,import_mfn,ad_valorem,15,,,2022-01-01,
        39232119,environment,specific,,50000,KGM,2022-01-01,
        39232119,vat,ad_valorem,10,,,2022-01-01,
        """
    )

    result = quote(book, item(hs8="39232119", quantity=Decimal("12.5"), unit="KGM"))

    assert amounts(result)["environment"] == 625_000


def test_export_duty_is_on_the_fob_value(make_book: Book, item: Item) -> None:
    book = make_book(
        rates="""
        26011110,import_mfn,ad_valorem,0,,,2022-01-01,
        26011110,export,ad_valorem,40,,,2022-01-01,
        26011110,vat,ad_valorem,10,,,2022-01-01,
        """
    )
    request = item(
        hs8="26011110",
        origin="VN",
        direction=Direction.EXPORT,
        value=Decimal(1000),
        currency="USD",
        incoterm=Incoterm.CIF,
        freight=Decimal(100),
        insurance=Decimal(10),
        quantity=Decimal(5),
        unit="TNE",
        date=dt.date(2025, 1, 5),
    )

    result = quote(book, request)

    # FOB 890 USD x 25,000 VND = 22,250,000; export duty 40%; no VAT on exports.
    assert result.value_basis == "FOB"
    assert result.customs_value_vnd == 22_250_000
    assert [(t.tax, t.base_vnd, t.amount_vnd) for t in result.taxes] == [
        ("export", 22_250_000, 8_900_000)
    ]
    assert result.total_vnd == 8_900_000


def test_goods_outside_the_export_tariff_bear_no_export_duty(make_book: Book, item: Item) -> None:
    book = make_book(rates=TSHIRT_RATES)

    result = quote(book, item(origin="VN", direction=Direction.EXPORT))

    assert result.taxes == ()
    assert result.total_vnd == 0


def test_origin_without_mfn_treatment_pays_the_normal_rate(make_book: Book, item: Item) -> None:
    book = make_book(rates=TSHIRT_RATES)

    result = quote(book, item(origin="US", mfn_treatment=False))

    duty = result.taxes[0]
    assert (duty.schedule, duty.rate, duty.amount_vnd) == ("import_normal", "30%", 300_000)
    assert "no MFN treatment" in duty.reason_en


def test_half_a_dong_rounds_up_on_each_tax_line(make_book: Book, item: Item) -> None:
    book = make_book(
        rates="""
        61091010,import_mfn,ad_valorem,5,,,2022-01-01,
        61091010,vat,ad_valorem,10,,,2022-01-01,
        """
    )

    result = quote(book, item(origin="US", value=Decimal(1010)))

    # 1,010 x 5% = 50.5 -> 51; VAT on 1,061 x 10% = 106.1 -> 106.
    assert amounts(result) == {"import": 51, "vat": 106}
    assert result.total_vnd == 157


def test_customs_value_is_rounded_to_whole_dong_before_the_taxes(
    make_book: Book, item: Item
) -> None:
    book = make_book(rates=TSHIRT_RATES, exchange_rates="USD,2025-01-01,25001")

    result = quote(book, item(origin="US", value=Decimal("1.5"), currency="USD"))

    # 1.5 x 25,001 = 37,501.5 -> 37,502; duty 20% = 7,500.4 -> 7,500.
    assert result.customs_value_vnd == 37_502
    assert amounts(result)["import"] == 7_500


@pytest.mark.parametrize(
    ("day", "vat"),
    [
        (dt.date(2023, 6, 30), "10%"),
        (dt.date(2023, 7, 1), "8%"),
        (dt.date(2024, 12, 31), "8%"),
        (dt.date(2025, 1, 1), "10%"),
    ],
)
def test_time_bound_vat_cut_applies_only_inside_its_period(
    make_book: Book, item: Item, day: dt.date, vat: str
) -> None:
    book = make_book(
        rates="""
        61091010,import_mfn,ad_valorem,20,,,2022-01-01,
        61091010,vat,ad_valorem,10,,,2022-01-01,2023-06-30
        61091010,vat,ad_valorem,8,,,2023-07-01,2024-12-31
        61091010,vat,ad_valorem,10,,,2025-01-01,
        """
    )

    result = quote(book, item(origin="US", date=day))

    assert result.taxes[-1].rate == vat


def test_a_specific_rate_needs_the_quantity_in_its_unit(make_book: Book, item: Item) -> None:
    book = make_book(
        rates="""
        87032199,import_mfn,specific,,87500000,H87,2022-01-01,
        87032199,vat,ad_valorem,10,,,2022-01-01,
        """
    )

    with pytest.raises(UnitMismatch) as caught:
        quote(book, item(hs8="87032199", unit="KGM"))

    assert "per H87" in caught.value.message_en
    assert "KGM" in caught.value.message_vi


def test_quote_summary_is_the_cli_json_and_the_record_keeps_explanations(
    make_book: Book, item: Item
) -> None:
    book = make_book(rates=TSHIRT_RATES)

    result = quote(book, item(origin="US"))
    summary = json.loads(json.dumps(result.summary()))
    record = json.loads(json.dumps(result.as_dict(), ensure_ascii=False))

    assert set(summary) == {"customs_value_vnd", "taxes", "total_vnd"}
    assert summary["taxes"][0] == {
        "tax": "import",
        "base_vnd": 1_000_000,
        "rate": "20%",
        "amount_vnd": 200_000,
        "source": "rates.csv:2",
    }
    assert {"agreement", "year", "proof", "reason_en", "reason_vi"} <= set(record["taxes"][0])
    assert record["value_note"] == "CIF = CIF price 1000000 VND"
