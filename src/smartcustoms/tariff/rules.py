"""Pure tariff rules: schedule records, the indexed TariffBook and the quote of duties and taxes.

No I/O here: schedules, exchange rates and the declaration date all come in as arguments.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Context, Decimal, DivisionByZero, InvalidOperation, Overflow
from decimal import localcontext as _localcontext
from enum import StrEnum
from typing import Any, Literal

from smartcustoms.errors import FieldError, NotFound, RuleViolated, ValidationFailed
from smartcustoms.kit.money import VND, round_vnd

ZERO = Decimal(0)
HUNDRED = Decimal(100)
# Wide enough that no realistic product (value x rate x percent) is ever rounded before the
# explicit whole-dong rounding of each tax line.
_CONTEXT = Context(
    prec=60, rounding=ROUND_HALF_EVEN, traps=[InvalidOperation, DivisionByZero, Overflow]
)
# Request figures above this are typing mistakes, not shipments; refusing them keeps every
# product exact within _CONTEXT.
MAX_FIGURE = Decimal("1e15")

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


TAX_NAMES: dict[Tax, tuple[str, str]] = {
    Tax.IMPORT_MFN: ("MFN import duty", "thuế nhập khẩu ưu đãi"),
    Tax.IMPORT_NORMAL: ("normal import duty", "thuế nhập khẩu thông thường"),
    Tax.EXPORT: ("export duty", "thuế xuất khẩu"),
    Tax.EXCISE: ("special consumption tax", "thuế tiêu thụ đặc biệt"),
    Tax.ENVIRONMENT: ("environmental protection tax", "thuế bảo vệ môi trường"),
    Tax.VAT: ("value added tax", "thuế giá trị gia tăng"),
}


class RateKind(StrEnum):
    AD_VALOREM = "ad_valorem"
    SPECIFIC = "specific"
    MIXED = "mixed"


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

TaxName = Literal["import", "excise", "environment", "vat", "export"]


def format_decimal(value: Decimal) -> str:
    """Plain notation without trailing zeros: 8.00 -> '8', 1E+3 -> '1000'."""
    return f"{value.normalize():f}"


# ---------------------------------------------------------------- errors


class UnknownTariffLine(NotFound):
    code = "unknown_tariff_line"

    @classmethod
    def of(cls, hs8: str) -> UnknownTariffLine:
        return cls(
            message_en=f"Tariff line {hs8} is not in the national nomenclature.",
            message_vi=f"Mã số {hs8} không có trong Danh mục hàng hóa xuất nhập khẩu.",
            details={"hs8": hs8},
        )


class NoRateInForce(RuleViolated):
    code = "no_rate_in_force"

    @classmethod
    def of(cls, hs8: str, tax: Tax, on: dt.date, known: Sequence[TaxRate]) -> NoRateInForce:
        name_en, name_vi = TAX_NAMES[tax]
        periods = ", ".join(r.period for r in known) or "none"
        return cls(
            message_en=(
                f"No {name_en} rate for line {hs8} is in force on {on.isoformat()} "
                f"(schedule periods: {periods})."
            ),
            message_vi=(
                f"Không có mức {name_vi} của mã số {hs8} có hiệu lực vào ngày "
                f"{on.isoformat()} (các giai đoạn trong biểu thuế: {periods})."
            ),
            details={"hs8": hs8, "tax": tax.value, "date": on.isoformat()},
        )


class NoExchangeRate(RuleViolated):
    code = "no_exchange_rate"

    @classmethod
    def of(cls, currency: str, on: dt.date) -> NoExchangeRate:
        return cls(
            message_en=(
                f"No exchange rate for {currency} on or before {on.isoformat()}; "
                "the customs value cannot be converted to VND."
            ),
            message_vi=(
                f"Không có tỷ giá {currency} vào ngày {on.isoformat()} hoặc trước đó; "
                "không thể quy đổi trị giá hải quan sang đồng Việt Nam."
            ),
            details={"currency": currency, "date": on.isoformat()},
        )


class ProofNotAccepted(RuleViolated):
    code = "proof_not_accepted"

    @classmethod
    def of(cls, proof: str, origin: str, memberships: Sequence[Agreement]) -> ProofNotAccepted:
        accepted = "; ".join(f"{a.code}: {' '.join(sorted(a.proofs))}" for a in memberships)
        where_en = f"its agreements accept {accepted}" if accepted else "it is in no agreement"
        where_vi = (
            f"các hiệp định của xuất xứ này chấp nhận {accepted}"
            if accepted
            else "xuất xứ này không thuộc hiệp định nào"
        )
        return cls(
            message_en=(
                f"Proof of origin {proof} is not accepted for goods originating in {origin}: "
                f"{where_en}."
            ),
            message_vi=(
                f"Chứng từ chứng nhận xuất xứ {proof} không được chấp nhận cho hàng hóa "
                f"xuất xứ {origin}: {where_vi}."
            ),
            details={"proof": proof, "origin": origin},
        )


class UnitMismatch(RuleViolated):
    code = "unit_mismatch"

    @classmethod
    def of(cls, rate: TaxRate, unit: str) -> UnitMismatch:
        name_en, name_vi = TAX_NAMES[rate.tax]
        return cls(
            message_en=(
                f"The {name_en} of line {rate.hs8} is set per {rate.unit} ({rate.source}) "
                f"but the quantity is declared in {unit or 'no unit'}."
            ),
            message_vi=(
                f"Mức {name_vi} của mã số {rate.hs8} tính theo đơn vị {rate.unit} "
                f"({rate.source}) nhưng số lượng khai theo đơn vị {unit or '(trống)'}."
            ),
            details={"hs8": rate.hs8, "expected_unit": rate.unit, "unit": unit},
        )


class InvalidQuoteRequest(ValidationFailed):
    code = "invalid_quote_request"


# ---------------------------------------------------------------- schedule records


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


@dataclass(frozen=True, slots=True)
class TariffSchedule:
    """Everything one import of the five CSV files holds."""

    lines: tuple[NomenclatureLine, ...] = ()
    rates: tuple[TaxRate, ...] = ()
    agreements: tuple[Agreement, ...] = ()
    fta_rates: tuple[FtaRate, ...] = ()
    exchange_rates: tuple[ExchangeRate, ...] = ()


# ---------------------------------------------------------------- the indexed book


class TariffBook:
    """An in-memory indexed view of a schedule: dict lookups and bisect on dates."""

    def __init__(self, schedule: TariffSchedule) -> None:
        self.schedule = schedule
        self._lines = {line.hs8: line for line in schedule.lines}
        self._rates = _timeline(schedule.rates)
        self._agreements = {a.code: a for a in schedule.agreements}
        self._by_member = _agreements_by_member(schedule.agreements)
        self._fta: dict[tuple[str, int], dict[str, FtaRate]] = {}
        for fta in schedule.fta_rates:
            self._fta.setdefault((fta.hs8, fta.year), {})[fta.agreement] = fta
        self._fx = _fx_index(schedule.exchange_rates)

    def line(self, hs8: str) -> NomenclatureLine:
        found = self._lines.get(hs8)
        if found is None:
            raise UnknownTariffLine.of(hs8)
        return found

    def rate_in_force(self, hs8: str, tax: Tax, on: dt.date) -> TaxRate | None:
        """The rate in force on the date; None if the line is never subject to this tax.

        A line that has rates for the tax but none covering the date is a gap in the
        schedule, reported as NoRateInForce rather than guessed.
        """
        timeline = self._rates.get((hs8, tax))
        if timeline is None:
            return None
        starts, rates = timeline
        index = bisect_right(starts, on) - 1
        if index >= 0:
            found = rates[index]
            if found.valid_to is None or on <= found.valid_to:
                return found
        raise NoRateInForce.of(hs8, tax, on, rates)

    def required_rate(self, hs8: str, tax: Tax, on: dt.date) -> TaxRate:
        found = self.rate_in_force(hs8, tax, on)
        if found is None:
            raise NoRateInForce.of(hs8, tax, on, ())
        return found

    def exchange_rate(self, currency: str, on: dt.date) -> ExchangeRate:
        """The rate published on the date, or else the latest earlier one."""
        if currency == VND:
            return ExchangeRate(VND, on, Decimal(1), "VND")
        series = self._fx.get(currency)
        if series is not None:
            dates, rates = series
            index = bisect_right(dates, on) - 1
            if index >= 0:
                return rates[index]
        raise NoExchangeRate.of(currency, on)

    def agreement(self, code: str) -> Agreement | None:
        return self._agreements.get(code)

    def agreements_of(self, origin: str) -> tuple[Agreement, ...]:
        return self._by_member.get(origin, ())

    def fta_rates(self, hs8: str, year: int) -> dict[str, FtaRate]:
        return self._fta.get((hs8, year), {})


def _timeline(
    rates: Iterable[TaxRate],
) -> dict[tuple[str, Tax], tuple[list[dt.date], list[TaxRate]]]:
    grouped: dict[tuple[str, Tax], list[TaxRate]] = {}
    for rate in rates:
        grouped.setdefault((rate.hs8, rate.tax), []).append(rate)
    index: dict[tuple[str, Tax], tuple[list[dt.date], list[TaxRate]]] = {}
    for key, group in grouped.items():
        group.sort(key=lambda r: r.valid_from)
        index[key] = ([r.valid_from for r in group], group)
    return index


def _agreements_by_member(agreements: Iterable[Agreement]) -> dict[str, tuple[Agreement, ...]]:
    by_member: dict[str, list[Agreement]] = {}
    for agreement in sorted(agreements, key=lambda a: a.code):
        for member in agreement.members:
            by_member.setdefault(member, []).append(agreement)
    return {member: tuple(found) for member, found in by_member.items()}


def _fx_index(
    rates: Iterable[ExchangeRate],
) -> dict[str, tuple[list[dt.date], list[ExchangeRate]]]:
    grouped: dict[str, list[ExchangeRate]] = {}
    for rate in rates:
        grouped.setdefault(rate.currency, []).append(rate)
    index: dict[str, tuple[list[dt.date], list[ExchangeRate]]] = {}
    for currency, group in grouped.items():
        group.sort(key=lambda r: r.date)
        index[currency] = ([r.date for r in group], group)
    return index


# ---------------------------------------------------------------- request and quote


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


@dataclass(frozen=True, slots=True)
class TaxLine:
    """One tax of one item, with the figures and the reason that produced it."""

    tax: TaxName
    base_vnd: int
    rate: str
    amount_vnd: int
    source: str
    kind: RateKind
    schedule: str
    reason_en: str
    reason_vi: str
    quantity: Decimal | None = None
    unit: str = ""
    agreement: str | None = None
    year: int | None = None
    proof: str | None = None

    def summary(self) -> dict[str, Any]:
        return {
            "tax": self.tax,
            "base_vnd": self.base_vnd,
            "rate": self.rate,
            "amount_vnd": self.amount_vnd,
            "source": self.source,
        }

    def as_dict(self) -> dict[str, Any]:
        return self.summary() | {
            "kind": self.kind.value,
            "schedule": self.schedule,
            "quantity": None if self.quantity is None else format_decimal(self.quantity),
            "unit": self.unit or None,
            "agreement": self.agreement,
            "year": self.year,
            "proof": self.proof,
            "reason_en": self.reason_en,
            "reason_vi": self.reason_vi,
        }


@dataclass(frozen=True, slots=True)
class PreferenceCheck:
    """Why one agreement's preferential rate was or was not eligible for the item."""

    agreement: str
    year: int
    rate: Decimal | None
    source: str
    eligible: bool
    proof: str | None
    reason_en: str
    reason_vi: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "agreement": self.agreement,
            "year": self.year,
            "rate": None if self.rate is None else f"{format_decimal(self.rate)}%",
            "source": self.source,
            "eligible": self.eligible,
            "proof": self.proof,
            "reason_en": self.reason_en,
            "reason_vi": self.reason_vi,
        }


@dataclass(frozen=True, slots=True)
class Quote:
    """Duties and taxes of one item, each figure explained."""

    hs8: str
    direction: Direction
    date: dt.date
    value_basis: str
    value: Decimal
    currency: str
    exchange_rate: ExchangeRate
    customs_value_vnd: int
    taxes: tuple[TaxLine, ...]
    total_vnd: int
    preferences: tuple[PreferenceCheck, ...] = ()
    value_note: str = ""

    def summary(self) -> dict[str, Any]:
        """The JSON the CLI prints."""
        return {
            "customs_value_vnd": self.customs_value_vnd,
            "taxes": [line.summary() for line in self.taxes],
            "total_vnd": self.total_vnd,
        }

    def as_dict(self) -> dict[str, Any]:
        """The summary plus every explanation the registration record keeps."""
        return {
            "hs8": self.hs8,
            "direction": self.direction.value,
            "date": self.date.isoformat(),
            "value_basis": self.value_basis,
            "value": format_decimal(self.value),
            "currency": self.currency,
            "value_note": self.value_note,
            "exchange_rate": {
                "currency": self.exchange_rate.currency,
                "date": self.exchange_rate.date.isoformat(),
                "rate_vnd": format_decimal(self.exchange_rate.rate_vnd),
                "source": self.exchange_rate.source,
            },
            "customs_value_vnd": self.customs_value_vnd,
            "taxes": [line.as_dict() for line in self.taxes],
            "total_vnd": self.total_vnd,
            "preferences": [check.as_dict() for check in self.preferences],
        }


# ---------------------------------------------------------------- valuation


def cif_value(request: QuoteRequest) -> tuple[Decimal, str]:
    """The CIF value in the invoice currency: add what the Incoterm leaves out."""
    has_freight, has_insurance = PRICE_INCLUDES[request.incoterm]
    value = request.value
    parts = [f"{request.incoterm.value} price {format_decimal(request.value)}"]
    if not has_freight:
        value += request.freight
        parts.append(f"+ freight {format_decimal(request.freight)}")
    if not has_insurance:
        value += request.insurance
        parts.append(f"+ insurance {format_decimal(request.insurance)}")
    return value, f"CIF = {' '.join(parts)} {request.currency}"


def fob_value(request: QuoteRequest) -> tuple[Decimal, str]:
    """The FOB value in the invoice currency: take out what the Incoterm put in."""
    has_freight, has_insurance = PRICE_INCLUDES[request.incoterm]
    value = request.value
    parts = [f"{request.incoterm.value} price {format_decimal(request.value)}"]
    if has_freight:
        value -= request.freight
        parts.append(f"- freight {format_decimal(request.freight)}")
    if has_insurance:
        value -= request.insurance
        parts.append(f"- insurance {format_decimal(request.insurance)}")
    if value < 0:
        raise _invalid(
            "freight",
            "exceeds_price",
            "Freight and insurance exceed the invoice price; the FOB value would be negative.",
            "Cước phí và bảo hiểm lớn hơn giá hóa đơn; trị giá FOB sẽ âm.",
        )
    return value, f"FOB = {' '.join(parts)} {request.currency}"


# ---------------------------------------------------------------- the quote


def quote(book: TariffBook, request: QuoteRequest) -> Quote:
    """Compute every duty and tax of one item from the schedule in force on its date."""
    _check_request(request)
    book.line(request.hs8)
    fx = book.exchange_rate(request.currency, request.date)
    with _localcontext(_CONTEXT):
        if request.direction is Direction.EXPORT:
            return _quote_export(book, request, fx)
        return _quote_import(book, request, fx)


def _quote_import(book: TariffBook, request: QuoteRequest, fx: ExchangeRate) -> Quote:
    cif, note = cif_value(request)
    customs_value = round_vnd(cif * fx.rate_vnd)
    duty, checks = _import_duty(book, request, customs_value)
    taxes = [duty]
    base = customs_value + duty.amount_vnd
    excise = _optional_line(book, request, Tax.EXCISE, "excise", base)
    if excise is not None:
        taxes.append(excise)
        base += excise.amount_vnd
    environment = _optional_line(book, request, Tax.ENVIRONMENT, "environment", 0)
    if environment is not None:
        taxes.append(environment)
        base += environment.amount_vnd
    vat_rate = book.required_rate(request.hs8, Tax.VAT, request.date)
    taxes.append(_line(vat_rate, "vat", base, request))
    return Quote(
        hs8=request.hs8,
        direction=request.direction,
        date=request.date,
        value_basis="CIF",
        value=cif,
        currency=request.currency,
        exchange_rate=fx,
        customs_value_vnd=customs_value,
        taxes=tuple(taxes),
        total_vnd=sum(line.amount_vnd for line in taxes),
        preferences=checks,
        value_note=note,
    )


def _quote_export(book: TariffBook, request: QuoteRequest, fx: ExchangeRate) -> Quote:
    fob, note = fob_value(request)
    customs_value = round_vnd(fob * fx.rate_vnd)
    # Goods absent from the export tariff bear no export duty; that is the law, not a guess.
    duty = _optional_line(book, request, Tax.EXPORT, "export", customs_value)
    taxes = () if duty is None else (duty,)
    return Quote(
        hs8=request.hs8,
        direction=request.direction,
        date=request.date,
        value_basis="FOB",
        value=fob,
        currency=request.currency,
        exchange_rate=fx,
        customs_value_vnd=customs_value,
        taxes=taxes,
        total_vnd=sum(line.amount_vnd for line in taxes),
        value_note=note,
    )


_BASE_TEXT: dict[TaxName, tuple[str, str]] = {
    "import": ("customs value", "trị giá hải quan"),
    "excise": ("customs value + import duty", "trị giá hải quan + thuế nhập khẩu"),
    "environment": ("declared quantity", "số lượng khai báo"),
    "vat": (
        "customs value + import duty + excise + environmental tax",
        "trị giá hải quan + thuế nhập khẩu + thuế TTĐB + thuế BVMT",
    ),
    "export": ("FOB value", "trị giá FOB"),
}


def _line(
    rate: TaxRate,
    name: TaxName,
    base: int,
    request: QuoteRequest,
    reason: tuple[str, str] | None = None,
) -> TaxLine:
    amount = assess(rate, base, request.quantity, request.unit)
    if reason is None:
        tax_en, tax_vi = TAX_NAMES[rate.tax]
        base_en, base_vi = _BASE_TEXT[name]
        reason = (
            f"{tax_en.capitalize()} {rate.label} on {base_en}.",
            f"{tax_vi.capitalize()} {rate.label} trên {base_vi}.",
        )
    specific = rate.kind is not RateKind.AD_VALOREM
    return TaxLine(
        tax=name,
        base_vnd=base,
        rate=rate.label,
        amount_vnd=round_vnd(amount),
        source=rate.source,
        kind=rate.kind,
        schedule=rate.tax.value,
        reason_en=reason[0],
        reason_vi=reason[1],
        quantity=request.quantity if specific else None,
        unit=rate.unit,
    )


def _optional_line(
    book: TariffBook, request: QuoteRequest, tax: Tax, name: TaxName, base: int
) -> TaxLine | None:
    rate = book.rate_in_force(request.hs8, tax, request.date)
    return None if rate is None else _line(rate, name, base, request)


def assess(rate: TaxRate, base: int | Decimal, quantity: Decimal, unit: str) -> Decimal:
    """The unrounded tax: base x rate %, quantity x amount, or both for a mixed rate."""
    kind = rate.kind
    if kind is RateKind.AD_VALOREM:
        return base * rate.rate / HUNDRED
    if unit != rate.unit:
        raise UnitMismatch.of(rate, unit)
    specific = quantity * rate.amount
    if kind is RateKind.SPECIFIC:
        return specific
    return base * rate.rate / HUNDRED + specific


# ---------------------------------------------------------------- import duty and preferences


def _import_duty(
    book: TariffBook, request: QuoteRequest, customs_value: int
) -> tuple[TaxLine, tuple[PreferenceCheck, ...]]:
    """The lowest of the MFN (or normal) duty and every eligible preferential duty."""
    tax = Tax.IMPORT_MFN if request.mfn_treatment else Tax.IMPORT_NORMAL
    base_rate = book.required_rate(request.hs8, tax, request.date)
    base_amount = assess(base_rate, customs_value, request.quantity, request.unit)
    checks = preference_checks(book, request)
    best: PreferenceCheck | None = None
    best_amount = base_amount
    for check in checks:
        # Equal amounts keep the MFN line: it needs no proof to be verified later.
        if check.eligible and check.rate is not None:
            amount = customs_value * check.rate / HUNDRED
            if amount < best_amount:
                best, best_amount = check, amount
    if best is None:
        reason = _base_reason(base_rate, request, checks)
        return _line(base_rate, "import", customs_value, request, reason), checks
    return _fta_line(best, base_rate, customs_value, best_amount), checks


def _fta_line(
    check: PreferenceCheck, base_rate: TaxRate, customs_value: int, amount: Decimal
) -> TaxLine:
    label = f"{format_decimal(check.rate or ZERO)}%"
    base_name = "MFN" if base_rate.tax is Tax.IMPORT_MFN else "normal"
    return TaxLine(
        tax="import",
        base_vnd=customs_value,
        rate=label,
        amount_vnd=round_vnd(amount),
        source=check.source,
        kind=RateKind.AD_VALOREM,
        schedule="fta",
        reason_en=(
            f"{check.reason_en} Lowest eligible rate, below the {base_name} rate "
            f"{base_rate.label} ({base_rate.source})."
        ),
        reason_vi=(
            f"{check.reason_vi} Là mức thấp nhất đủ điều kiện, thấp hơn "
            f"{TAX_NAMES[base_rate.tax][1]} {base_rate.label} ({base_rate.source})."
        ),
        agreement=check.agreement,
        year=check.year,
        proof=check.proof,
    )


def _base_reason(
    rate: TaxRate, request: QuoteRequest, checks: Sequence[PreferenceCheck]
) -> tuple[str, str]:
    if rate.tax is Tax.IMPORT_NORMAL:
        return (
            f"Normal rate {rate.label} applied: origin {request.origin} has no MFN treatment.",
            f"Áp dụng thuế suất thông thường {rate.label}: xuất xứ {request.origin} không "
            "được hưởng đối xử tối huệ quốc.",
        )
    if any(check.eligible for check in checks):
        return (
            f"MFN rate {rate.label} applied: no eligible preferential rate is lower.",
            f"Áp dụng thuế suất ưu đãi (MFN) {rate.label}: không có thuế suất ưu đãi đặc "
            "biệt đủ điều kiện nào thấp hơn.",
        )
    if checks:
        return (
            f"MFN rate {rate.label} applied: no preferential rate is eligible "
            f"({'; '.join(check.reason_en for check in checks)})",
            f"Áp dụng thuế suất ưu đãi (MFN) {rate.label}: không có thuế suất ưu đãi đặc "
            f"biệt đủ điều kiện ({'; '.join(check.reason_vi for check in checks)})",
        )
    return (
        f"MFN rate {rate.label} applied: no agreement of origin {request.origin} claimed.",
        f"Áp dụng thuế suất ưu đãi (MFN) {rate.label}: không có hiệp định nào được "
        f"áp dụng cho xuất xứ {request.origin}.",
    )


def preference_checks(book: TariffBook, request: QuoteRequest) -> tuple[PreferenceCheck, ...]:
    """Check every agreement the origin belongs to; refuse proofs none of them accepts."""
    memberships = book.agreements_of(request.origin)
    for proof in sorted(request.proofs):
        if not any(proof in agreement.proofs for agreement in memberships):
            raise ProofNotAccepted.of(proof, request.origin, memberships)
    if not memberships:
        return ()
    year = request.date.year
    offered = book.fta_rates(request.hs8, year)
    checks = []
    for agreement in memberships:
        fta = offered.get(agreement.code)
        proofs = sorted(request.proofs & agreement.proofs)
        if fta is not None:
            checks.append(_offered_check(agreement, fta, proofs, request.origin))
        elif proofs:
            checks.append(_missing_year_check(agreement, year, proofs[0], request.hs8))
    return tuple(checks)


def _offered_check(
    agreement: Agreement, fta: FtaRate, proofs: Sequence[str], origin: str
) -> PreferenceCheck:
    rate = f"{format_decimal(fta.rate)}%"
    if not proofs:
        accepted = " ".join(sorted(agreement.proofs))
        return PreferenceCheck(
            agreement=agreement.code,
            year=fta.year,
            rate=fta.rate,
            source=fta.source,
            eligible=False,
            proof=None,
            reason_en=(
                f"{agreement.code} {fta.year} rate {rate} not applied: no accepted proof of "
                f"origin referenced (accepts {accepted})"
            ),
            reason_vi=(
                f"Không áp dụng {agreement.code} năm {fta.year} {rate}: không có chứng từ "
                f"chứng nhận xuất xứ được chấp nhận ({accepted})"
            ),
        )
    return PreferenceCheck(
        agreement=agreement.code,
        year=fta.year,
        rate=fta.rate,
        source=fta.source,
        eligible=True,
        proof=proofs[0],
        reason_en=(
            f"{agreement.code} {fta.year} rate {rate} applies: origin {origin} is a member "
            f"and proof {proofs[0]} is accepted."
        ),
        reason_vi=(
            f"Áp dụng {agreement.code} năm {fta.year} {rate}: xuất xứ {origin} là thành viên "
            f"và chứng từ {proofs[0]} được chấp nhận."
        ),
    )


def _missing_year_check(agreement: Agreement, year: int, proof: str, hs8: str) -> PreferenceCheck:
    return PreferenceCheck(
        agreement=agreement.code,
        year=year,
        rate=None,
        source="",
        eligible=False,
        proof=proof,
        reason_en=f"{agreement.code} has no rate for line {hs8} in {year}",
        reason_vi=f"{agreement.code} không có thuế suất cho mã số {hs8} năm {year}",
    )


# ---------------------------------------------------------------- request checks


def _invalid(path: str, code: str, message_en: str, message_vi: str) -> InvalidQuoteRequest:
    error = FieldError(path=path, code=code, message_en=message_en, message_vi=message_vi)
    return InvalidQuoteRequest(
        message_en="The item cannot be taxed as declared.",
        message_vi="Không thể tính thuế cho dòng hàng như đã khai.",
        errors=[error],
    )


def _check_request(request: QuoteRequest) -> None:
    figures = (
        ("value", request.value),
        ("freight", request.freight),
        ("insurance", request.insurance),
        ("quantity", request.quantity),
    )
    for path, figure in figures:
        if not figure.is_finite() or figure < 0 or figure > MAX_FIGURE:
            raise _invalid(
                path,
                "out_of_range",
                f"{path} must be a number between 0 and {MAX_FIGURE:,.0f}.",
                f"{path} phải là số từ 0 đến {MAX_FIGURE:,.0f}.",
            )
    if not COUNTRY_RE.match(request.origin):
        raise _invalid(
            "origin",
            "bad_country",
            f"Origin {request.origin!r} is not an ISO 3166 alpha-2 country code.",
            f"Xuất xứ {request.origin!r} không phải mã nước ISO 3166 hai chữ cái.",
        )
    if not CURRENCY_RE.match(request.currency):
        raise _invalid(
            "currency",
            "bad_currency",
            f"Currency {request.currency!r} is not an ISO 4217 code.",
            f"Đồng tiền {request.currency!r} không phải mã ISO 4217.",
        )
