"""What a published tariff schedule holds: lines, rates over time, agreements, exchange rates."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Context, Decimal, DivisionByZero, InvalidOperation, Overflow
from enum import StrEnum
from typing import Any, Literal

from smartcustoms.tariff.messages import TAX_BASES, TAX_NAMES, Both, capitalized, texts
from smartcustoms.tariff.rules.jsontext import encoded_once

ZERO = Decimal(0)
HUNDRED = Decimal(100)
# Wide enough that no realistic product (value x rate x percent) is ever rounded before the
# explicit whole-dong rounding of each tax line.
EXACT = Context(
    prec=60, rounding=ROUND_HALF_EVEN, traps=[InvalidOperation, DivisionByZero, Overflow]
)

HS8_RE = re.compile(r"^[0-9]{8}$")
COUNTRY_RE = re.compile(r"^[A-Z]{2}$")
CURRENCY_RE = re.compile(r"^[A-Z]{3}$")


class Tax(StrEnum):
    """A rate table of rates.csv."""

    IMPORT_MFN = "import_mfn"
    IMPORT_NORMAL = "import_normal"
    EXPORT = "export"
    EXCISE = "excise"
    ENVIRONMENT = "environment"
    VAT = "vat"


class RateKind(StrEnum):
    AD_VALOREM = "ad_valorem"
    SPECIFIC = "specific"
    MIXED = "mixed"


TaxName = Literal["import", "excise", "environment", "vat", "export"]

# The tax line each rate table produces.
LINE_NAMES: dict[Tax, TaxName] = {
    Tax.IMPORT_MFN: "import",
    Tax.IMPORT_NORMAL: "import",
    Tax.EXPORT: "export",
    Tax.EXCISE: "excise",
    Tax.ENVIRONMENT: "environment",
    Tax.VAT: "vat",
}


def format_decimal(value: Decimal) -> str:
    """Plain notation without trailing zeros: 8.00 -> '8', 1E+3 -> '1000'."""
    return f"{value.normalize(EXACT):f}"


@dataclass(frozen=True, slots=True)
class NomenclatureLine:
    """An 8-digit national line under an HS 2022 six-digit code."""

    hs8: str
    description_vi: str
    description_en: str
    unit: str
    source: str = ""

    @property
    def hs6(self) -> str:
        return self.hs8[:6]


@dataclass(frozen=True, slots=True)
class TaxRate:
    """One rate of one tax on one line over a validity period (valid_to inclusive, None = open).

    `rate` is the ad valorem part in percent, `amount` the specific part in VND per `unit`;
    the kind says which parts apply.
    """

    hs8: str
    tax: Tax
    kind: RateKind
    valid_from: dt.date
    valid_to: dt.date | None = None
    rate: Decimal = ZERO
    amount: Decimal = ZERO
    unit: str = ""
    source: str = ""
    label: str = field(init=False, repr=False, compare=False)
    _reason: Both | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        has_rate = self.kind is not RateKind.SPECIFIC
        has_amount = self.kind is not RateKind.AD_VALOREM
        if has_amount and not self.unit:
            raise ValueError(f"{self.source}: a {self.kind} rate needs a unit")
        if (not has_rate and self.rate) or (not has_amount and (self.amount or self.unit)):
            raise ValueError(f"{self.source}: fields do not match kind {self.kind}")
        # Labels are shown on every tax line; building them once keeps quote() fast.
        object.__setattr__(self, "label", _rate_label(self.kind, self.rate, self.amount, self.unit))

    def in_force(self, on: dt.date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)

    @property
    def reason(self) -> Both:
        """Why a tax line has this rate when nothing else decided it: the rate on its base.

        Written on first use and kept: a schedule has tens of thousands of rates, a quote
        uses a few, and each is used again by every quote of its line.
        """
        reason = self._reason
        if reason is None:
            reason = _default_reason(self.tax, self.label)
            object.__setattr__(self, "_reason", reason)
        return reason

    @property
    def period(self) -> str:
        end = self.valid_to.isoformat() if self.valid_to else "open"
        return f"{self.valid_from.isoformat()}..{end}"


def _rate_label(kind: RateKind, rate: Decimal, amount: Decimal, unit: str) -> str:
    percent = f"{format_decimal(rate)}%"
    specific = f"{format_decimal(amount)} VND/{unit}"
    if kind is RateKind.AD_VALOREM:
        return percent
    if kind is RateKind.SPECIFIC:
        return specific
    return f"{percent} + {specific}"


def _default_reason(tax: Tax, label: str) -> Both:
    return texts(
        "reason.default",
        tax=capitalized(TAX_NAMES[tax]),
        rate=label,
        base=TAX_BASES[LINE_NAMES[tax]],
    )


@dataclass(frozen=True, slots=True)
class Agreement:
    """A free trade agreement: partner origins (ISO alpha-2) and accepted proofs of origin."""

    code: str
    name: str
    members: frozenset[str]
    proofs: frozenset[str]
    source: str = ""


@dataclass(frozen=True, slots=True)
class FtaRate:
    """The preferential ad valorem rate (percent) of a line for one calendar year."""

    agreement: str
    hs8: str
    year: int
    rate: Decimal
    source: str = ""


@dataclass(frozen=True, slots=True)
class ExchangeRate:
    """VND per unit of currency, published for a date."""

    currency: str
    date: dt.date
    rate_vnd: Decimal
    source: str = ""
    _json: str | None = field(default=None, init=False, repr=False, compare=False)

    def as_dict(self) -> dict[str, Any]:
        return {
            "currency": self.currency,
            "date": self.date.isoformat(),
            "rate_vnd": format_decimal(self.rate_vnd),
            "source": self.source,
        }

    def as_json(self) -> str:
        """json.dumps(self.as_dict()), encoded once: a book's rates serve many quotes."""
        return encoded_once(self)


@dataclass(frozen=True, slots=True)
class TariffSchedule:
    """Everything one import of the five CSV files holds."""

    lines: tuple[NomenclatureLine, ...] = ()
    rates: tuple[TaxRate, ...] = ()
    agreements: tuple[Agreement, ...] = ()
    fta_rates: tuple[FtaRate, ...] = ()
    exchange_rates: tuple[ExchangeRate, ...] = ()
