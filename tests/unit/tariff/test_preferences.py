"""FTA rates: membership, an accepted proof and a rate for the year; the lowest eligible wins."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pytest

from smartcustoms.tariff.rules import (
    PreferenceStatus,
    ProofNotAccepted,
    QuoteRequest,
    TariffBook,
    quote,
)

Book = Callable[..., TariffBook]
Item = Callable[..., QuoteRequest]

RATES = """
61091010,import_mfn,ad_valorem,20,,,2022-01-01,
61091010,vat,ad_valorem,10,,,2022-01-01,
"""
ROADMAP = """
EVFTA,61091010,2025,5.7
EVFTA,61091010,2026,2.8
CPTPP,61091010,2025,3
VJEPA,61091010,2025,4
RCEP,61091010,2025,10
"""


@pytest.fixture
def book(make_book: Book) -> TariffBook:
    return make_book(rates=RATES, fta_rates=ROADMAP)


def test_lowest_eligible_preferential_rate_wins_and_the_reason_is_recorded(
    book: TariffBook, item: Item
) -> None:
    request = item(origin="JP", proofs=frozenset({"CPTPP", "VJ", "RCEP"}))

    result = quote(book, request)

    duty = result.taxes[0]
    assert (duty.schedule, duty.agreement, duty.year, duty.proof) == ("fta", "CPTPP", 2025, "CPTPP")
    assert (duty.rate, duty.amount_vnd, duty.source) == ("3%", 30_000, "fta_rates.csv:4")
    assert "origin JP is a member and proof CPTPP is accepted" in duty.reason_en
    assert "Lowest eligible rate, below the MFN rate 20% (rates.csv:2)" in duty.reason_en
    assert "thấp nhất" in duty.reason_vi
    assert {(c.agreement.code, c.status) for c in result.preferences} == {
        ("CPTPP", PreferenceStatus.ELIGIBLE),
        ("VJEPA", PreferenceStatus.ELIGIBLE),
        ("RCEP", PreferenceStatus.ELIGIBLE),
    }


def test_only_an_agreement_whose_proof_is_referenced_is_eligible(
    book: TariffBook, item: Item
) -> None:
    result = quote(book, item(origin="JP", proofs=frozenset({"VJ"})))

    duty = result.taxes[0]
    assert (duty.agreement, duty.rate) == ("VJEPA", "4%")
    statuses = {c.agreement.code: c.status for c in result.preferences}
    assert statuses["CPTPP"] is PreferenceStatus.NO_PROOF


def test_without_a_proof_of_origin_the_fta_rate_falls_back_to_mfn(
    book: TariffBook, item: Item
) -> None:
    result = quote(book, item(origin="DE"))

    duty = result.taxes[0]
    assert (duty.schedule, duty.rate, duty.amount_vnd) == ("import_mfn", "20%", 200_000)
    assert duty.agreement is None
    assert "EVFTA: no accepted proof of origin referenced" in duty.reason_en
    (check,) = result.preferences
    assert check.status is PreferenceStatus.NO_PROOF
    assert "accepts EUR.1 REX" in check.reason_en


def test_a_proof_the_origins_agreements_do_not_accept_is_an_error(
    book: TariffBook, item: Item
) -> None:
    with pytest.raises(ProofNotAccepted) as caught:
        quote(book, item(origin="DE", proofs=frozenset({"E"})))

    error = caught.value
    assert error.code == "proof_not_accepted"
    assert "Proof of origin E is not accepted for goods originating in DE" in error.message_en
    assert "EVFTA: EUR.1 REX" in error.message_en
    assert "Chứng từ chứng nhận xuất xứ E" in error.message_vi
    assert error.details == {"proof": "E", "origin": "DE"}


def test_a_proof_for_an_origin_outside_every_agreement_is_an_error(
    book: TariffBook, item: Item
) -> None:
    with pytest.raises(ProofNotAccepted, match="it is in no agreement"):
        quote(book, item(origin="US", proofs=frozenset({"D"})))


@pytest.mark.parametrize(
    ("day", "rate", "source"),
    [
        (dt.date(2025, 12, 31), "5.7%", "fta_rates.csv:2"),
        (dt.date(2026, 1, 1), "2.8%", "fta_rates.csv:3"),
    ],
)
def test_roadmap_year_changes_at_midnight_on_new_year(
    book: TariffBook, item: Item, day: dt.date, rate: str, source: str
) -> None:
    result = quote(book, item(origin="DE", proofs=frozenset({"EUR.1"}), date=day))

    duty = result.taxes[0]
    assert (duty.agreement, duty.year, duty.rate, duty.source) == ("EVFTA", day.year, rate, source)


def test_a_roadmap_without_a_rate_for_the_year_falls_back_to_mfn(
    book: TariffBook, item: Item
) -> None:
    result = quote(book, item(origin="DE", proofs=frozenset({"REX"}), date=dt.date(2027, 3, 1)))

    duty = result.taxes[0]
    assert (duty.schedule, duty.rate) == ("import_mfn", "20%")
    (check,) = result.preferences
    assert (check.status, check.proof, check.year) == (PreferenceStatus.NO_RATE, "REX", 2027)
    assert "EVFTA has no rate for line 61091010 in 2027" in check.reason_en


def test_mfn_stays_when_it_is_lower_than_the_eligible_preferential_rate(
    make_book: Book, item: Item
) -> None:
    book = make_book(
        rates="""
        61091010,import_mfn,ad_valorem,3,,,2022-01-01,
        61091010,vat,ad_valorem,10,,,2022-01-01,
        """,
        fta_rates="ACFTA,61091010,2025,5",
    )

    result = quote(book, item(origin="CN", proofs=frozenset({"E"})))

    duty = result.taxes[0]
    assert (duty.schedule, duty.rate) == ("import_mfn", "3%")
    assert "no eligible preferential rate is lower" in duty.reason_en


def test_an_equal_preferential_rate_keeps_the_mfn_line(make_book: Book, item: Item) -> None:
    book = make_book(rates=RATES, fta_rates="ACFTA,61091010,2025,20")

    result = quote(book, item(origin="CN", proofs=frozenset({"E"})))

    assert result.taxes[0].schedule == "import_mfn"


def test_preferential_rate_is_compared_with_a_specific_mfn_duty_by_amount(
    make_book: Book, item: Item
) -> None:
    book = make_book(
        rates="""
        87032199,import_mfn,specific,,87500000,H87,2022-01-01,
        87032199,vat,ad_valorem,10,,,2022-01-01,
        """,
        fta_rates="ATIGA,87032199,2025,50",
    )
    request = item(
        hs8="87032199",
        origin="TH",
        proofs=frozenset({"D"}),
        value=Decimal(150_000_000),
        quantity=Decimal(1),
        unit="H87",
    )

    result = quote(book, request)

    # 50% of 150,000,000 = 75,000,000 is below 87,500,000 for one car.
    duty = result.taxes[0]
    assert (duty.agreement, duty.amount_vnd) == ("ATIGA", 75_000_000)


def test_the_excise_and_vat_bases_use_the_preferential_duty(make_book: Book, item: Item) -> None:
    book = make_book(
        rates="""
        22030090,import_mfn,ad_valorem,35,,,2022-01-01,
        22030090,excise,ad_valorem,65,,,2022-01-01,
        22030090,vat,ad_valorem,10,,,2022-01-01,
        """,
        fta_rates="ATIGA,22030090,2025,0",
    )

    result = quote(book, item(hs8="22030090", origin="TH", proofs=frozenset({"D"}), unit="LTR"))

    assert [(t.tax, t.base_vnd, t.amount_vnd) for t in result.taxes] == [
        ("import", 1_000_000, 0),
        ("excise", 1_000_000, 650_000),
        ("vat", 1_650_000, 165_000),
    ]


def test_remembered_checks_give_the_same_answer_and_still_refuse_bad_proofs(
    book: TariffBook, item: Item
) -> None:
    request = item(origin="JP", proofs=frozenset({"VJ"}))

    first, second = quote(book, request), quote(book, request)

    assert first == second
    assert first.preferences is second.preferences
    for _ in range(2):
        with pytest.raises(ProofNotAccepted):
            quote(book, item(origin="JP", proofs=frozenset({"D"})))


def test_a_remembered_reason_is_only_given_where_the_same_rates_decided(
    make_book: Book, item: Item
) -> None:
    book = make_book(
        rates="""
        61091010,import_mfn,ad_valorem,20,,,2022-01-01,2025-06-30
        61091010,import_mfn,ad_valorem,18,,,2025-07-01,
        61091010,import_normal,ad_valorem,30,,,2022-01-01,
        61091010,vat,ad_valorem,10,,,2022-01-01,
        """,
        fta_rates=ROADMAP,
    )
    march, august = dt.date(2025, 3, 1), dt.date(2025, 8, 1)

    reasons = [
        quote(book, request).taxes[0].reason_en
        for request in (
            item(origin="US", date=march),
            item(origin="US", date=march),
            item(origin="US", date=august),
            item(origin="US", date=march, mfn_treatment=False),
            item(origin="JP", date=march, proofs=frozenset({"VJ"})),
            item(origin="JP", date=august, proofs=frozenset({"VJ"})),
        )
    ]

    assert reasons[0] == reasons[1]
    assert "MFN rate 20% applied" in reasons[0]
    assert "MFN rate 18% applied" in reasons[2]
    assert "Normal rate 30% applied" in reasons[3]
    assert "below the MFN rate 20% (rates.csv:2)" in reasons[4]
    assert "below the MFN rate 18% (rates.csv:3)" in reasons[5]
