"""One item to be taxed, and the checks it must pass before any rate is looked up."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from smartcustoms.errors import FieldError
from smartcustoms.reference.rules import ReferenceCatalog
from smartcustoms.tariff.rules.errors import InvalidQuoteRequest, field_error
from smartcustoms.tariff.rules.schedule import COUNTRY_RE, CURRENCY_RE, ZERO

# Request figures above this are typing mistakes, not shipments; refusing them keeps every
# product exact within schedule.EXACT.
MAX_FIGURE = Decimal("1e15")


class Direction(StrEnum):
    IMPORT = "import"
    EXPORT = "export"


class Incoterm(StrEnum):
    EXW = "EXW"
    FCA = "FCA"
    FAS = "FAS"
    FOB = "FOB"
    CFR = "CFR"
    CPT = "CPT"
    CIF = "CIF"
    CIP = "CIP"
    DAP = "DAP"
    DPU = "DPU"
    DDP = "DDP"


# What the invoice price already includes: (main freight, insurance). E- and F-terms stop at
# the port of export, C-terms pay the main carriage (CIF/CIP also insurance), D-terms deliver.
PRICE_INCLUDES: dict[Incoterm, tuple[bool, bool]] = {
    Incoterm.EXW: (False, False),
    Incoterm.FCA: (False, False),
    Incoterm.FAS: (False, False),
    Incoterm.FOB: (False, False),
    Incoterm.CFR: (True, False),
    Incoterm.CPT: (True, False),
    Incoterm.CIF: (True, True),
    Incoterm.CIP: (True, True),
    Incoterm.DAP: (True, True),
    Incoterm.DPU: (True, True),
    Incoterm.DDP: (True, True),
}


@dataclass(frozen=True, slots=True)
class QuoteRequest:
    """One declaration item to be taxed.

    `value` is the invoice price in `currency` on the `incoterm`; freight and insurance are in
    the same currency. `proofs` are the proof-of-origin forms the declaration references.
    `mfn_treatment` is False for origins Vietnam does not grant MFN (normal rate applies).
    """

    hs8: str
    origin: str
    value: Decimal
    currency: str
    quantity: Decimal
    unit: str
    date: dt.date
    incoterm: Incoterm = Incoterm.CIF
    freight: Decimal = ZERO
    insurance: Decimal = ZERO
    proofs: frozenset[str] = frozenset()
    direction: Direction = Direction.IMPORT
    mfn_treatment: bool = True


def check_request(request: QuoteRequest, catalog: ReferenceCatalog | None = None) -> None:
    """Refuse figures out of range and codes that are no country or currency, all at once.

    With a reference catalogue, the origin must be one of its ISO 3166 countries and the
    currency one of its ISO 4217 currencies; without one, only their shape is checked.
    """
    for figure in (request.value, request.freight, request.insurance, request.quantity):
        if not (figure.is_finite() and ZERO <= figure <= MAX_FIGURE):
            break
    else:
        origin, currency = request.origin, request.currency
        if (
            COUNTRY_RE.match(origin)
            and CURRENCY_RE.match(currency)
            and (
                catalog is None or (origin in catalog.countries and currency in catalog.currencies)
            )
        ):
            return
    raise InvalidQuoteRequest.of(list(_problems(request, catalog)))


def _problems(request: QuoteRequest, catalog: ReferenceCatalog | None) -> Iterator[FieldError]:
    """Every field at fault; reached only when one is."""
    figures = {
        "value": request.value,
        "freight": request.freight,
        "insurance": request.insurance,
        "quantity": request.quantity,
    }
    for path, figure in figures.items():
        if not (figure.is_finite() and ZERO <= figure <= MAX_FIGURE):
            yield field_error(path, "out_of_range", path=path, maximum=MAX_FIGURE)
    origin, currency = request.origin, request.currency
    if not COUNTRY_RE.match(origin):
        yield field_error("origin", "bad_country", origin=origin)
    elif catalog is not None and origin not in catalog.countries:
        yield field_error("origin", "unknown_country", origin=origin)
    if not CURRENCY_RE.match(currency):
        yield field_error("currency", "bad_currency", currency=currency)
    elif catalog is not None and currency not in catalog.currencies:
        yield field_error("currency", "unknown_currency", currency=currency)
