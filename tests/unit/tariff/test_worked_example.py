"""The worked example of docs/tariff-format.md, figure by figure."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from smartcustoms.tariff.rules import Incoterm, QuoteRequest, TariffBook, quote


def test_german_cars_under_evfta_with_excise_and_vat(make_book: Callable[..., TariffBook]) -> None:
    book = make_book(
        rates="""
        87032367,import_mfn,ad_valorem,64,,,2022-01-01,
        87032367,import_normal,ad_valorem,96,,,2022-01-01,
        87032367,excise,ad_valorem,40,,,2022-01-01,
        87032367,vat,ad_valorem,10,,,2022-01-01,
        """,
        fta_rates="""
        EVFTA,87032367,2025,34.3
        EVFTA,87032367,2026,25.7
        """,
        exchange_rates="""
        EUR,2025-03-03,27000
        EUR,2025-03-17,27200
        """,
    )
    request = QuoteRequest(
        hs8="87032367",
        origin="DE",
        value=Decimal(40_000),
        currency="EUR",
        quantity=Decimal(2),
        unit="H87",
        date=dt.date(2025, 3, 10),
        incoterm=Incoterm.FOB,
        freight=Decimal(2_000),
        insurance=Decimal(250),
        proofs=frozenset({"EUR.1"}),
    )

    result = quote(book, request)

    assert result.summary() == {
        "customs_value_vnd": 1_140_750_000,
        "taxes": [
            {
                "tax": "import",
                "base_vnd": 1_140_750_000,
                "rate": "34.3%",
                "amount_vnd": 391_277_250,
                "source": "fta_rates.csv:2",
            },
            {
                "tax": "excise",
                "base_vnd": 1_532_027_250,
                "rate": "40%",
                "amount_vnd": 612_810_900,
                "source": "rates.csv:4",
            },
            {
                "tax": "vat",
                "base_vnd": 2_144_838_150,
                "rate": "10%",
                "amount_vnd": 214_483_815,
                "source": "rates.csv:5",
            },
        ],
        "total_vnd": 1_218_571_965,
    }
    assert result.exchange_rate.date == dt.date(2025, 3, 3)
    assert result.taxes[0].reason_en == (
        "EVFTA 2025 rate 34.3% applies: origin DE is a member and proof EUR.1 is accepted. "
        "Lowest eligible rate, below the MFN rate 64% (rates.csv:2)."
    )
