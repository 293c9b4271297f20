"""Customs value: CIF (import) or FOB (export) by the Incoterm, converted at the date's rate."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pytest

from smartcustoms.tariff.rules import (
    Direction,
    Incoterm,
    InvalidQuoteRequest,
    NoExchangeRate,
    QuoteRequest,
    TariffBook,
    cif_value,
    fob_value,
    quote,
)

Book = Callable[..., TariffBook]
Item = Callable[..., QuoteRequest]

RATES = """
61091010,import_mfn,ad_valorem,0,,,2022-01-01,
61091010,vat,ad_valorem,10,,,2022-01-01,
"""
PRICE, FREIGHT, INSURANCE = Decimal(1000), Decimal(100), Decimal(10)


@pytest.mark.parametrize(
    ("incoterm", "cif"),
    [
        # E- and F-terms: the buyer pays the main carriage and insurance; both are added.
        (Incoterm.EXW, Decimal(1110)),
        (Incoterm.FCA, Decimal(1110)),
        (Incoterm.FAS, Decimal(1110)),
        (Incoterm.FOB, Decimal(1110)),
        # CFR/CPT: freight is in the price; insurance is added.
        (Incoterm.CFR, Decimal(1010)),
        (Incoterm.CPT, Decimal(1010)),
        # CIF/CIP and D-terms: both are in the price already.
        (Incoterm.CIF, Decimal(1000)),
        (Incoterm.CIP, Decimal(1000)),
        (Incoterm.DAP, Decimal(1000)),
        (Incoterm.DPU, Decimal(1000)),
        (Incoterm.DDP, Decimal(1000)),
    ],
)
def test_import_value_is_adjusted_to_cif_by_incoterm(
    item: Item, incoterm: Incoterm, cif: Decimal
) -> None:
    request = item(value=PRICE, freight=FREIGHT, insurance=INSURANCE, incoterm=incoterm)

    assert cif_value(request) == cif


@pytest.mark.parametrize(
    ("incoterm", "fob"),
    [
        (Incoterm.EXW, Decimal(1000)),
        (Incoterm.FOB, Decimal(1000)),
        (Incoterm.CFR, Decimal(900)),
        (Incoterm.CPT, Decimal(900)),
        (Incoterm.CIF, Decimal(890)),
        (Incoterm.DAP, Decimal(890)),
        (Incoterm.DDP, Decimal(890)),
    ],
)
def test_export_value_is_reduced_to_fob_by_incoterm(
    item: Item, incoterm: Incoterm, fob: Decimal
) -> None:
    request = item(
        value=PRICE,
        freight=FREIGHT,
        insurance=INSURANCE,
        incoterm=incoterm,
        direction=Direction.EXPORT,
    )

    assert fob_value(request) == fob


def test_freight_above_the_export_price_is_refused(item: Item) -> None:
    request = item(
        value=Decimal(50), freight=FREIGHT, incoterm=Incoterm.CFR, direction=Direction.EXPORT
    )

    with pytest.raises(InvalidQuoteRequest) as caught:
        fob_value(request)

    assert caught.value.errors[0].code == "exceeds_price"


def test_fob_import_in_usd_is_converted_at_the_rate_of_the_declaration_date(
    make_book: Book, item: Item
) -> None:
    book = make_book(rates=RATES)
    request = item(
        value=PRICE,
        currency="USD",
        freight=FREIGHT,
        insurance=INSURANCE,
        incoterm=Incoterm.FOB,
        date=dt.date(2025, 1, 8),
    )

    result = quote(book, request)

    assert result.value == Decimal(1110)
    assert result.exchange_rate.rate_vnd == Decimal(25100)
    assert result.customs_value_vnd == 1110 * 25100
    assert result.value_note == "CIF = FOB price 1000 + freight 100 + insurance 10 USD"


@pytest.mark.parametrize(
    ("day", "rate_date"),
    [
        (dt.date(2025, 1, 1), dt.date(2025, 1, 1)),
        (dt.date(2025, 1, 7), dt.date(2025, 1, 1)),
        (dt.date(2025, 1, 8), dt.date(2025, 1, 8)),
        (dt.date(2026, 6, 30), dt.date(2025, 1, 8)),
    ],
)
def test_exchange_rate_of_the_date_or_else_the_latest_earlier_one(
    make_book: Book, day: dt.date, rate_date: dt.date
) -> None:
    book = make_book(rates=RATES)

    assert book.exchange_rate("USD", day).date == rate_date


def test_no_exchange_rate_before_the_first_published_one(make_book: Book, item: Item) -> None:
    book = make_book(rates=RATES)

    with pytest.raises(NoExchangeRate) as caught:
        quote(book, item(currency="USD", date=dt.date(2024, 12, 31)))

    assert caught.value.details == {"currency": "USD", "date": "2024-12-31"}


def test_a_currency_without_any_rate_is_refused(make_book: Book, item: Item) -> None:
    book = make_book(rates=RATES)

    with pytest.raises(NoExchangeRate, match="No exchange rate for JPY"):
        quote(book, item(currency="JPY"))


def test_vnd_needs_no_exchange_rate(make_book: Book, item: Item) -> None:
    book = make_book(rates=RATES, exchange_rates="")

    result = quote(book, item(currency="VND", value=Decimal(5000)))

    assert result.customs_value_vnd == 5000
