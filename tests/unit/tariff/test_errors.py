"""Bad input is a typed error naming its cause, in English and Vietnamese; never a guess."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pytest

from smartcustoms.errors import DomainError, NotFound, RuleViolated, ValidationFailed
from smartcustoms.tariff.importer import TariffImportFailed
from smartcustoms.tariff.rules import (
    InvalidQuoteRequest,
    NoExchangeRate,
    NoRateInForce,
    ProofNotAccepted,
    QuoteRequest,
    TariffBook,
    UnitMismatch,
    UnknownTariffLine,
    quote,
)

Book = Callable[..., TariffBook]
Item = Callable[..., QuoteRequest]

RATES = """
61091010,import_mfn,ad_valorem,20,,,2022-01-01,2024-12-31
61091010,import_mfn,ad_valorem,15,,,2025-06-01,
61091010,vat,ad_valorem,10,,,2022-01-01,
27101224,import_mfn,ad_valorem,10,,,2022-01-01,
27101224,environment,specific,,2000,LTR,2023-01-01,2026-12-31
27101224,vat,ad_valorem,10,,,2022-01-01,
22030090,import_mfn,ad_valorem,35,,,2022-01-01,
"""


@pytest.mark.parametrize(
    ("error", "parent", "code", "status"),
    [
        (UnknownTariffLine, NotFound, "unknown_tariff_line", 404),
        (NoRateInForce, RuleViolated, "no_rate_in_force", 422),
        (NoExchangeRate, RuleViolated, "no_exchange_rate", 422),
        (ProofNotAccepted, RuleViolated, "proof_not_accepted", 422),
        (UnitMismatch, RuleViolated, "unit_mismatch", 422),
        (InvalidQuoteRequest, ValidationFailed, "invalid_quote_request", 422),
        (TariffImportFailed, ValidationFailed, "tariff_import_failed", 422),
    ],
)
def test_every_tariff_error_is_a_typed_domain_error(
    error: type[DomainError], parent: type[DomainError], code: str, status: int
) -> None:
    assert issubclass(error, parent)
    assert (error.code, error.status) == (code, status)


def test_an_unknown_line_is_named(make_book: Book, item: Item) -> None:
    with pytest.raises(UnknownTariffLine) as caught:
        quote(make_book(rates=RATES), item(hs8="61091099"))

    assert caught.value.message_en == "Tariff line 61091099 is not in the national nomenclature."
    assert "61091099" in caught.value.message_vi


def test_a_date_before_the_schedule_has_no_rate_in_force(make_book: Book, item: Item) -> None:
    with pytest.raises(NoRateInForce) as caught:
        quote(make_book(rates=RATES), item(date=dt.date(2021, 12, 31)))

    error = caught.value
    assert error.details == {"hs8": "61091010", "tax": "import_mfn", "date": "2021-12-31"}
    assert "No MFN import duty rate for line 61091010 is in force on 2021-12-31" in error.message_en
    assert "2022-01-01..2024-12-31, 2025-06-01..open" in error.message_en
    assert "thuế nhập khẩu ưu đãi" in error.message_vi


def test_a_gap_between_two_periods_has_no_rate_in_force(make_book: Book, item: Item) -> None:
    with pytest.raises(NoRateInForce):
        quote(make_book(rates=RATES), item(origin="US", date=dt.date(2025, 3, 1)))


def test_a_line_subject_to_a_tax_outside_its_periods_is_not_silently_exempt(
    make_book: Book, item: Item
) -> None:
    request = item(hs8="27101224", unit="LTR", date=dt.date(2027, 1, 1))

    with pytest.raises(NoRateInForce, match="environmental protection tax"):
        quote(make_book(rates=RATES), request)


def test_a_line_without_any_vat_rate_cannot_be_quoted(make_book: Book, item: Item) -> None:
    with pytest.raises(NoRateInForce, match="No value added tax rate for line 22030090"):
        quote(make_book(rates=RATES), item(hs8="22030090", unit="LTR"))


def test_a_currency_without_a_rate_is_named(make_book: Book, item: Item) -> None:
    with pytest.raises(NoExchangeRate) as caught:
        quote(make_book(rates=RATES), item(currency="CHF"))

    assert "CHF" in caught.value.message_en
    assert "tỷ giá CHF" in caught.value.message_vi


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("value", Decimal(-1)),
        ("value", Decimal("NaN")),
        ("freight", Decimal("Infinity")),
        ("insurance", Decimal(-5)),
        ("quantity", Decimal("1e16")),
    ],
)
def test_figures_out_of_range_are_refused(
    make_book: Book, item: Item, field: str, value: Decimal
) -> None:
    with pytest.raises(InvalidQuoteRequest) as caught:
        quote(make_book(rates=RATES), item(**{field: value}))

    (error,) = caught.value.errors
    assert (error.path, error.code) == (field, "out_of_range")


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [("origin", "Germany", "bad_country"), ("currency", "usd", "bad_currency")],
)
def test_codes_of_the_wrong_shape_are_refused(
    make_book: Book, item: Item, field: str, value: str, code: str
) -> None:
    with pytest.raises(InvalidQuoteRequest) as caught:
        quote(make_book(rates=RATES), item(**{field: value}))

    assert caught.value.errors[0].code == code
