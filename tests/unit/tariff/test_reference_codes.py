"""An origin must be an ISO 3166 country and a currency an ISO 4217 one, not just look like one."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from smartcustoms.errors import FieldError
from smartcustoms.reference.rules import ReferenceCatalog
from smartcustoms.tariff.importer import (
    AGREEMENTS,
    EXCHANGE_RATES,
    SAMPLE_DIR,
    TariffImportFailed,
    import_schedule,
    parse_schedule,
)
from smartcustoms.tariff.rules import InvalidQuoteRequest, QuoteRequest, TariffBook, quote

Book = Callable[..., TariffBook]
Item = Callable[..., QuoteRequest]
Texts = Callable[..., dict[str, str | None]]

RATES = """
61091010,import_mfn,ad_valorem,20,,,2022-01-01,
61091010,vat,ad_valorem,10,,,2022-01-01,
"""


def refused(book: TariffBook, request: QuoteRequest, catalog: ReferenceCatalog) -> list[FieldError]:
    with pytest.raises(InvalidQuoteRequest) as caught:
        quote(book, request, catalog)
    assert caught.value.message_en == "The item cannot be taxed as declared."
    return caught.value.errors


def test_an_origin_of_two_letters_that_is_no_country_is_refused(
    make_book: Book, item: Item, reference_catalog: ReferenceCatalog
) -> None:
    (error,) = refused(make_book(rates=RATES), item(origin="XX"), reference_catalog)

    assert (error.path, error.code) == ("origin", "unknown_country")
    assert error.message_en == "Origin 'XX' is not a country of ISO 3166."
    assert error.message_vi == "Xuất xứ 'XX' không có trong danh mục mã nước ISO 3166."


def test_a_currency_of_three_letters_that_is_no_currency_is_refused(
    make_book: Book, item: Item, reference_catalog: ReferenceCatalog
) -> None:
    (error,) = refused(make_book(rates=RATES), item(currency="ABC"), reference_catalog)

    assert (error.path, error.code) == ("currency", "unknown_currency")
    assert error.message_en == "Currency 'ABC' is not a currency of ISO 4217."
    assert error.message_vi == "Đồng tiền 'ABC' không có trong danh mục mã tiền tệ ISO 4217."


def test_every_field_at_fault_is_named_at_once(
    make_book: Book, item: Item, reference_catalog: ReferenceCatalog
) -> None:
    errors = refused(make_book(rates=RATES), item(origin="XX", currency="abc"), reference_catalog)

    assert [(e.path, e.code) for e in errors] == [
        ("origin", "unknown_country"),
        ("currency", "bad_currency"),
    ]


def test_known_codes_are_quoted(
    make_book: Book, item: Item, reference_catalog: ReferenceCatalog
) -> None:
    result = quote(make_book(rates=RATES), item(origin="DE", currency="VND"), reference_catalog)

    assert result.total_vnd == 320_000


def test_without_a_catalogue_only_the_shape_of_a_code_is_checked(
    make_book: Book, item: Item
) -> None:
    # Registration quotes without it: the declaration's own validation has checked the codes.
    result = quote(make_book(rates=RATES), item(origin="XX"))

    assert result.request.origin == "XX"


def test_an_import_refuses_agreement_members_that_are_no_countries(
    schedule_texts: Texts, reference_catalog: ReferenceCatalog, hs6_codes: frozenset[str]
) -> None:
    agreements = "EVFTA,EU-Viet Nam Free Trade Agreement,DE XX FR QQ,EUR.1 REX"
    with pytest.raises(TariffImportFailed) as caught:
        parse_schedule(
            schedule_texts(agreements=agreements),
            hs6_codes=hs6_codes,
            countries=reference_catalog.countries,
        )

    (error,) = caught.value.errors
    assert (error.path, error.code) == (f"{AGREEMENTS}:2", "unknown_country")
    assert error.message_en == f"{AGREEMENTS}:2: members QQ XX not in the ISO 3166 country list"
    assert error.message_vi == (
        f"{AGREEMENTS}:2: cột members QQ XX không có trong danh mục mã nước ISO 3166"
    )


def test_an_import_refuses_exchange_rates_of_no_currency(
    schedule_texts: Texts, reference_catalog: ReferenceCatalog, hs6_codes: frozenset[str]
) -> None:
    with pytest.raises(TariffImportFailed) as caught:
        parse_schedule(
            schedule_texts(exchange_rates="USD,2025-01-01,25000\nABC,2025-01-01,1000"),
            hs6_codes=hs6_codes,
            currencies=reference_catalog.currencies,
        )

    (error,) = caught.value.errors
    assert (error.path, error.code) == (f"{EXCHANGE_RATES}:3", "unknown_currency")
    assert error.message_en == (
        f"{EXCHANGE_RATES}:3: currency ABC is not in the ISO 4217 currency list"
    )


def test_the_sample_schedule_uses_only_known_countries_and_currencies(
    reference_catalog: ReferenceCatalog, hs6_codes: frozenset[str]
) -> None:
    schedule = import_schedule(
        SAMPLE_DIR,
        hs6_codes=hs6_codes,
        countries=reference_catalog.countries,
        currencies=reference_catalog.currencies,
    )

    assert schedule.agreements
