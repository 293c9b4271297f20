"""Any request, however odd, ends in a quote or a typed error; never a crash."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from smartcustoms.errors import DomainError
from smartcustoms.tariff.rules import (
    Direction,
    Incoterm,
    InvalidQuoteRequest,
    Quote,
    QuoteRequest,
    TariffBook,
    quote,
)

SAMPLE_LINES = {
    "02071410": "KGM",
    "10063099": "KGM",
    "22030090": "LTR",
    "22083000": "LTR",
    "26011110": "TNE",
    "27101224": "LTR",
    "39232119": "KGM",
    "44034990": "MTQ",
    "61091010": "H87",
    "64041190": "PR",
    "85171300": "H87",
    "87032199": "H87",
    "87032367": "H87",
    "87032392": "H87",
    "87038099": "H87",
}
ORIGINS = ["DE", "JP", "CN", "TH", "KR", "GB", "SG", "US", "VN", "AU", "FR", "MY"]
CURRENCIES = ["USD", "EUR", "JPY", "CNY", "KRW", "GBP", "THB", "SGD", "VND"]
PROOFS = ["D", "E", "AK", "AJ", "VJ", "VK", "CPTPP", "EUR.1", "REX", "RCEP", "AANZ"]
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def plausible_requests(draw: st.DrawFn) -> QuoteRequest:
    """Items as a declarant would enter them, against the sample's lines and dates."""
    hs8 = draw(st.sampled_from(sorted(SAMPLE_LINES)))
    value = draw(st.decimals(min_value=1, max_value=10**9, places=2))
    return QuoteRequest(
        hs8=hs8,
        origin=draw(st.sampled_from(ORIGINS)),
        value=value,
        currency=draw(st.sampled_from(CURRENCIES)),
        quantity=draw(st.decimals(min_value=0, max_value=10**6, places=3)),
        unit=SAMPLE_LINES[hs8],
        date=draw(st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2026, 12, 31))),
        incoterm=draw(st.sampled_from(Incoterm)),
        freight=draw(st.decimals(min_value=0, max_value=value / 4, places=2)),
        insurance=draw(st.decimals(min_value=0, max_value=value / 4, places=2)),
        proofs=draw(st.frozensets(st.sampled_from(PROOFS), max_size=2)),
        direction=draw(st.sampled_from(Direction)),
        mfn_treatment=draw(st.booleans()),
    )


def any_decimal() -> st.SearchStrategy[Decimal]:
    return st.decimals(allow_nan=True, allow_infinity=True)


arbitrary_requests = st.builds(
    QuoteRequest,
    hs8=st.one_of(st.sampled_from(sorted(SAMPLE_LINES)), st.text(max_size=9)),
    origin=st.one_of(st.sampled_from(ORIGINS), st.text(max_size=3)),
    value=any_decimal(),
    currency=st.one_of(st.sampled_from(CURRENCIES), st.text(max_size=4)),
    quantity=any_decimal(),
    unit=st.text(max_size=4),
    date=st.dates(),
    incoterm=st.sampled_from(Incoterm),
    freight=any_decimal(),
    insurance=any_decimal(),
    proofs=st.frozensets(st.text(max_size=6), max_size=3),
    direction=st.sampled_from(Direction),
    mfn_treatment=st.booleans(),
)


def check_quote(book: TariffBook, request: QuoteRequest) -> DomainError | None:
    """Quote and check the invariants; return the typed error if the item was refused."""
    try:
        result = quote(book, request)
    except DomainError as error:
        event(type(error).__name__)
        refused = error
    else:
        event("quoted")
        check_invariants(result)
        return None
    assert refused.message_en
    assert refused.message_vi
    return refused


def check_invariants(result: Quote) -> None:
    assert result.total_vnd == sum(line.amount_vnd for line in result.taxes)
    assert all(line.amount_vnd >= 0 and line.base_vnd >= 0 for line in result.taxes)
    assert result.customs_value_vnd >= 0
    json.dumps(result.as_dict(), ensure_ascii=False)
    # What registration stores is exactly the JSON of the dict the API shows.
    assert result.as_json() == json.dumps(result.as_dict())


@SETTINGS
@given(request=plausible_requests())
def test_plausible_requests_are_quoted_or_refused_for_a_named_cause(
    sample_book: TariffBook, request: QuoteRequest
) -> None:
    error = check_quote(sample_book, request)

    assert not isinstance(error, InvalidQuoteRequest)


@SETTINGS
@given(request=arbitrary_requests)
def test_arbitrary_requests_never_crash_quote(
    sample_book: TariffBook, request: QuoteRequest
) -> None:
    check_quote(sample_book, request)
