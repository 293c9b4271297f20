"""The quote of an item: its customs value and every duty and tax, each figure explained."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from decimal import localcontext as _localcontext
from typing import Any

from smartcustoms.kit.money import round_vnd
from smartcustoms.reference.rules import ReferenceCatalog
from smartcustoms.tariff.rules.book import TariffBook
from smartcustoms.tariff.rules.errors import InvalidQuoteRequest, field_error
from smartcustoms.tariff.rules.jsontext import json_str
from smartcustoms.tariff.rules.preferences import PreferenceCheck, import_duty
from smartcustoms.tariff.rules.request import (
    PRICE_INCLUDES,
    Direction,
    QuoteRequest,
    check_request,
)
from smartcustoms.tariff.rules.schedule import EXACT, ExchangeRate, Tax, format_decimal
from smartcustoms.tariff.rules.taxes import TaxLine, tax_line


@dataclass(frozen=True, slots=True)
class Quote:
    """Duties and taxes of one item, each figure explained.

    `value` is the CIF (import) or FOB (export) value in the invoice currency, derived from
    the request's price, freight and insurance by its Incoterm.
    """

    request: QuoteRequest
    value: Decimal
    exchange_rate: ExchangeRate
    customs_value_vnd: int
    taxes: tuple[TaxLine, ...]
    total_vnd: int
    preferences: tuple[PreferenceCheck, ...] = ()

    @property
    def value_basis(self) -> str:
        return "FOB" if self.request.direction is Direction.EXPORT else "CIF"

    @property
    def value_note(self) -> str:
        """How the value was derived, e.g. 'CIF = FOB price 100 + freight 5 + insurance 1 USD'."""
        request = self.request
        has_freight, has_insurance = PRICE_INCLUDES[request.incoterm]
        exporting = request.direction is Direction.EXPORT
        sign = "-" if exporting else "+"
        parts = [f"{self.value_basis} = {request.incoterm.value} price"]
        parts.append(format_decimal(request.value))
        # Import adds what the price leaves out; export takes out what the price put in.
        if has_freight is exporting:
            parts.append(f"{sign} freight {format_decimal(request.freight)}")
        if has_insurance is exporting:
            parts.append(f"{sign} insurance {format_decimal(request.insurance)}")
        parts.append(request.currency)
        return " ".join(parts)

    def summary(self) -> dict[str, Any]:
        """The JSON the CLI prints."""
        return {
            "customs_value_vnd": self.customs_value_vnd,
            "taxes": [line.summary() for line in self.taxes],
            "total_vnd": self.total_vnd,
        }

    def as_dict(self) -> dict[str, Any]:
        """The summary plus every explanation the registration record keeps."""
        request = self.request
        return {
            "hs8": request.hs8,
            "origin": request.origin,
            "direction": request.direction.value,
            "date": request.date.isoformat(),
            "proofs": sorted(request.proofs),
            "value_basis": self.value_basis,
            "value": format_decimal(self.value),
            "currency": request.currency,
            "value_note": self.value_note,
            "exchange_rate": self.exchange_rate.as_dict(),
            "customs_value_vnd": self.customs_value_vnd,
            "taxes": [line.as_dict() for line in self.taxes],
            "total_vnd": self.total_vnd,
            "preferences": [check.as_dict() for check in self.preferences],
        }

    def as_json(self) -> str:
        """Exactly json.dumps(self.as_dict()), built from the parts' JSON.

        The registration record stores this text; the exchange rate's and the preference
        checks' JSON are shared with every other quote of the same book.
        """
        request = self.request
        proofs = ", ".join([json_str(proof) for proof in sorted(request.proofs)])
        taxes = ", ".join([line.as_json() for line in self.taxes])
        preferences = ", ".join([check.as_json() for check in self.preferences])
        return (
            f'{{"hs8": {json_str(request.hs8)}, "origin": {json_str(request.origin)}, '
            f'"direction": {json_str(request.direction)}, '
            f'"date": {json_str(request.date.isoformat())}, "proofs": [{proofs}], '
            f'"value_basis": {json_str(self.value_basis)}, '
            f'"value": {json_str(format_decimal(self.value))}, '
            f'"currency": {json_str(request.currency)}, '
            f'"value_note": {json_str(self.value_note)}, '
            f'"exchange_rate": {self.exchange_rate.as_json()}, '
            f'"customs_value_vnd": {int.__repr__(self.customs_value_vnd)}, "taxes": [{taxes}], '
            f'"total_vnd": {int.__repr__(self.total_vnd)}, "preferences": [{preferences}]}}'
        )


# ---------------------------------------------------------------- valuation


def cif_value(request: QuoteRequest) -> Decimal:
    """The CIF value in the invoice currency: add what the Incoterm leaves out."""
    has_freight, has_insurance = PRICE_INCLUDES[request.incoterm]
    value = request.value
    if not has_freight:
        value += request.freight
    if not has_insurance:
        value += request.insurance
    return value


def fob_value(request: QuoteRequest) -> Decimal:
    """The FOB value in the invoice currency: take out what the Incoterm put in."""
    has_freight, has_insurance = PRICE_INCLUDES[request.incoterm]
    value = request.value
    if has_freight:
        value -= request.freight
    if has_insurance:
        value -= request.insurance
    if value < 0:
        raise InvalidQuoteRequest.of([field_error("freight", "exceeds_price")])
    return value


# ---------------------------------------------------------------- the quote


def quote(
    book: TariffBook, request: QuoteRequest, catalog: ReferenceCatalog | None = None
) -> Quote:
    """Compute every duty and tax of one item from the schedule in force on its date.

    With the reference catalogue, the origin and currency must be codes it lists (ISO 3166,
    ISO 4217); without it (callers that checked them already), only their shape is checked.
    """
    check_request(request, catalog)
    book.line(request.hs8)
    fx = book.exchange_rate(request.currency, request.date)
    with _localcontext(EXACT):
        if request.direction is Direction.EXPORT:
            return _quote_export(book, request, fx)
        return _quote_import(book, request, fx)


def _quote_import(book: TariffBook, request: QuoteRequest, fx: ExchangeRate) -> Quote:
    cif = cif_value(request)
    customs_value = round_vnd(cif * fx.rate_vnd)
    duty, checks = import_duty(book, request, customs_value)
    taxes = [duty]
    base = customs_value + duty.amount_vnd
    excise = book.rate_in_force(request.hs8, Tax.EXCISE, request.date)
    if excise is not None:
        taxes.append(tax_line(excise, base, request))
        base += taxes[-1].amount_vnd
    environment = book.rate_in_force(request.hs8, Tax.ENVIRONMENT, request.date)
    if environment is not None:
        # The environmental tax is an amount per unit: it has no value base.
        taxes.append(tax_line(environment, 0, request))
        base += taxes[-1].amount_vnd
    vat = book.required_rate(request.hs8, Tax.VAT, request.date)
    taxes.append(tax_line(vat, base, request))
    return _quote(request, cif, fx, customs_value, tuple(taxes), checks)


def _quote_export(book: TariffBook, request: QuoteRequest, fx: ExchangeRate) -> Quote:
    fob = fob_value(request)
    customs_value = round_vnd(fob * fx.rate_vnd)
    # Goods absent from the export tariff bear no export duty; that is the law, not a guess.
    rate = book.rate_in_force(request.hs8, Tax.EXPORT, request.date)
    taxes = () if rate is None else (tax_line(rate, customs_value, request),)
    return _quote(request, fob, fx, customs_value, taxes, ())


def _quote(
    request: QuoteRequest,
    value: Decimal,
    fx: ExchangeRate,
    customs_value: int,
    taxes: tuple[TaxLine, ...],
    checks: tuple[PreferenceCheck, ...],
) -> Quote:
    return Quote(
        request=request,
        value=value,
        exchange_rate=fx,
        customs_value_vnd=customs_value,
        taxes=taxes,
        total_vnd=sum(line.amount_vnd for line in taxes),
        preferences=checks,
    )
