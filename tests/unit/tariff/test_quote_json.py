"""Quote.as_json(): the text registration stores is json.dumps(quote.as_dict()), byte for byte."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from decimal import Decimal

from smartcustoms.errors import DomainError
from smartcustoms.tariff.rules import (
    Direction,
    Incoterm,
    PreferenceCheck,
    Quote,
    QuoteRequest,
    TariffBook,
    quote,
)

ORIGINS = ("CN", "DE", "JP", "KR", "SG", "US", "VN")
PROOF_SETS = (
    frozenset(),
    frozenset({"E"}),
    frozenset({"EUR.1"}),
    frozenset({"CPTPP", "VJ"}),
    frozenset({"RCEP", "AK"}),
    frozenset({"D"}),
)
DATES = (dt.date(2024, 2, 29), dt.date(2025, 7, 1), dt.date(2026, 12, 31))


def _quotes(book: TariffBook) -> list[Quote]:
    quotes = []
    for line, origin, proofs, on in itertools.product(
        book.schedule.lines, ORIGINS, PROOF_SETS, DATES
    ):
        exporting = origin == "VN"
        request = QuoteRequest(
            hs8=line.hs8,
            origin=origin,
            value=Decimal("12345.678"),
            currency="VND" if origin == "US" else "USD",
            quantity=Decimal("3.50"),
            unit=line.unit,
            date=on,
            incoterm=Incoterm.FOB if exporting else Incoterm.CFR,
            freight=Decimal("12.5"),
            insurance=Decimal("0.10"),
            proofs=proofs,
            direction=Direction.EXPORT if exporting else Direction.IMPORT,
            mfn_treatment=origin != "KR",
        )
        try:
            quotes.append(quote(book, request))
        except DomainError:
            continue
    return quotes


def test_every_sample_quote_writes_the_json_of_its_dict(sample_book: TariffBook) -> None:
    quotes = _quotes(sample_book)
    for result in quotes:
        expected = json.dumps(result.as_dict())
        assert result.as_json() == expected
        assert result.as_json() == expected  # again, from the parts remembered
        for line in result.taxes:
            assert line.as_json() == json.dumps(line.as_dict())
    # The sample exercises every shape of line the JSON holds.
    lines = [line for result in quotes for line in result.taxes]
    assert {line.tax for line in lines} == {"import", "excise", "environment", "vat", "export"}
    assert any(line.quantity is not None for line in lines)
    assert any(line.agreement is not None and line.proof is not None for line in lines)
    assert any(result.preferences for result in quotes)
    assert any(result.request.proofs for result in quotes)
    assert any(result.exchange_rate.currency == "VND" for result in quotes)


def test_the_remembered_json_is_not_part_of_a_checks_identity(sample_book: TariffBook) -> None:
    check = next(c for result in _quotes(sample_book) for c in result.preferences)
    fresh = PreferenceCheck(
        check.agreement, check.year, check.status, check.origin, check.hs8, check.fta, check.proof
    )
    assert check.as_json() == fresh.as_json() == json.dumps(check.as_dict())
    assert check == fresh
    assert hash(check) == hash(fresh)
    assert "_json" not in repr(check)
