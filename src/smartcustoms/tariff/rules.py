"""Pure tariff rules: schedule records, the indexed TariffBook and the quote of duties and taxes.

No I/O here: schedules, exchange rates and the declaration date all come in as arguments.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Context, Decimal, DivisionByZero, InvalidOperation, Overflow
from decimal import localcontext as _localcontext
from enum import StrEnum
from json.encoder import encode_basestring_ascii as _json_str
from typing import Any, Literal, NoReturn, Protocol

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
    return f"{value.normalize(_CONTEXT):f}"


# The as_json() methods write what json.dumps() (default settings) writes for as_dict(),
# piece by piece, so the parts shared between quotes are encoded once: strings (StrEnum
# members included, as their value) through the escaping function json.dumps uses, integers
# as int.__repr__, None as null.


class _EncodedOnce(Protocol):
    @property
    def _json(self) -> str | None: ...

    def as_dict(self) -> dict[str, Any]: ...


def _encoded_once(value: _EncodedOnce) -> str:
    """json.dumps(value.as_dict()), kept in the frozen value's _json field after the first call."""
    encoded = value._json
    if encoded is None:
        encoded = json.dumps(value.as_dict())
        object.__setattr__(value, "_json", encoded)
    return encoded


def _json_or_null(value: str | None) -> str:
    return "null" if value is None else _json_str(value)


def _json_int_or_null(value: int | None) -> str:
    return "null" if value is None else int.__repr__(value)


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
    reason: tuple[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        has_rate = self.kind is not RateKind.SPECIFIC
        has_amount = self.kind is not RateKind.AD_VALOREM
        if has_amount and not self.unit:
            raise ValueError(f"{self.source}: a {self.kind} rate needs a unit")
        if (not has_rate and self.rate) or (not has_amount and (self.amount or self.unit)):
            raise ValueError(f"{self.source}: fields do not match kind {self.kind}")
        # Labels are shown on every tax line; building them once keeps quote() fast.
        label = _rate_label(self.kind, self.rate, self.amount, self.unit)
        object.__setattr__(self, "label", label)
        object.__setattr__(self, "reason", _default_reason(self.tax, label))

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


# The tax line each rate table produces, and what that line's base is.
LINE_NAMES: dict[Tax, TaxName] = {
    Tax.IMPORT_MFN: "import",
    Tax.IMPORT_NORMAL: "import",
    Tax.EXPORT: "export",
    Tax.EXCISE: "excise",
    Tax.ENVIRONMENT: "environment",
    Tax.VAT: "vat",
}
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


def _default_reason(tax: Tax, label: str) -> tuple[str, str]:
    tax_en, tax_vi = TAX_NAMES[tax]
    base_en, base_vi = _BASE_TEXT[LINE_NAMES[tax]]
    return (
        f"{tax_en[0].upper()}{tax_en[1:]} {label} on {base_en}.",
        f"{tax_vi[0].upper()}{tax_vi[1:]} {label} trên {base_vi}.",
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
        return _encoded_once(self)


@dataclass(frozen=True, slots=True)
class TariffSchedule:
    """Everything one import of the five CSV files holds."""

    lines: tuple[NomenclatureLine, ...] = ()
    rates: tuple[TaxRate, ...] = ()
    agreements: tuple[Agreement, ...] = ()
    fta_rates: tuple[FtaRate, ...] = ()
    exchange_rates: tuple[ExchangeRate, ...] = ()


# ---------------------------------------------------------------- the indexed book


# Line, year, origin and proofs referenced: all that decides the preference checks.
CheckKey = tuple[str, int, str, frozenset[str]]
MAX_REMEMBERED_CHECKS = 100_000


class TariffBook:
    """An in-memory indexed view of a schedule: dict lookups and bisect on dates.

    It also remembers the preference checks of each line, year, origin and proofs, since the
    items of a declaration, and the declarations of a day, repeat them.
    """

    def __init__(self, schedule: TariffSchedule) -> None:
        self.schedule = schedule
        self._lines = {line.hs8: line for line in schedule.lines}
        self._rates = _timeline(schedule.rates)
        self._agreements = {a.code: a for a in schedule.agreements}
        self._by_member = _agreements_by_member(schedule.agreements)
        self._accepted = {
            member: frozenset().union(*(a.proofs for a in found))
            for member, found in self._by_member.items()
        }
        self._fta: dict[tuple[str, int], dict[str, FtaRate]] = {}
        for fta in schedule.fta_rates:
            self._fta.setdefault((fta.hs8, fta.year), {})[fta.agreement] = fta
        self._fx = _fx_index(schedule.exchange_rates)
        self._checks: dict[CheckKey, tuple[PreferenceCheck, ...]] = {}

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

    def proofs_accepted_from(self, origin: str) -> frozenset[str]:
        """Every proof of origin some agreement of this origin accepts."""
        return self._accepted.get(origin, frozenset())

    def fta_rates(self, hs8: str, year: int) -> dict[str, FtaRate]:
        return self._fta.get((hs8, year), {})

    def remembered_checks(self, key: CheckKey) -> tuple[PreferenceCheck, ...] | None:
        return self._checks.get(key)

    def remember_checks(self, key: CheckKey, checks: tuple[PreferenceCheck, ...]) -> None:
        # Checks are a pure function of the book and the key; the cap bounds memory only.
        if len(self._checks) >= MAX_REMEMBERED_CHECKS:
            self._checks.clear()
        self._checks[key] = checks


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

    def as_json(self) -> str:
        """Exactly json.dumps(self.as_dict())."""
        quantity = None if self.quantity is None else format_decimal(self.quantity)
        return (
            f'{{"tax": {_json_str(self.tax)}, "base_vnd": {int.__repr__(self.base_vnd)}, '
            f'"rate": {_json_str(self.rate)}, "amount_vnd": {int.__repr__(self.amount_vnd)}, '
            f'"source": {_json_str(self.source)}, "kind": {_json_str(self.kind)}, '
            f'"schedule": {_json_str(self.schedule)}, "quantity": {_json_or_null(quantity)}, '
            f'"unit": {_json_or_null(self.unit or None)}, '
            f'"agreement": {_json_or_null(self.agreement)}, '
            f'"year": {_json_int_or_null(self.year)}, "proof": {_json_or_null(self.proof)}, '
            f'"reason_en": {_json_str(self.reason_en)}, "reason_vi": {_json_str(self.reason_vi)}}}'
        )


class PreferenceStatus(StrEnum):
    ELIGIBLE = "eligible"
    NO_PROOF = "no_proof"
    NO_RATE = "no_rate"


_STATUS_TEXT: dict[PreferenceStatus, tuple[str, str]] = {
    PreferenceStatus.ELIGIBLE: ("eligible", "đủ điều kiện"),
    PreferenceStatus.NO_PROOF: (
        "no accepted proof of origin referenced",
        "không có chứng từ chứng nhận xuất xứ được chấp nhận",
    ),
    PreferenceStatus.NO_RATE: ("no rate for this line this year", "không có thuế suất năm này"),
}


@dataclass(frozen=True, slots=True)
class PreferenceCheck:
    """Why one agreement's preferential rate was or was not eligible for the item."""

    agreement: Agreement
    year: int
    status: PreferenceStatus
    origin: str
    hs8: str
    fta: FtaRate | None = None
    proof: str | None = None
    # Checks are remembered by the book and repeat across quotes: their JSON is kept with them.
    _json: str | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def eligible(self) -> bool:
        return self.status is PreferenceStatus.ELIGIBLE

    @property
    def rate(self) -> Decimal | None:
        return None if self.fta is None else self.fta.rate

    @property
    def reason_en(self) -> str:
        code, year = self.agreement.code, self.year
        if self.fta is None:
            return f"{code} has no rate for line {self.hs8} in {year}"
        rate = f"{format_decimal(self.fta.rate)}%"
        if self.status is PreferenceStatus.NO_PROOF:
            accepted = " ".join(sorted(self.agreement.proofs))
            return (
                f"{code} {year} rate {rate} not applied: no accepted proof of origin "
                f"referenced (accepts {accepted})"
            )
        return (
            f"{code} {year} rate {rate} applies: origin {self.origin} is a member and proof "
            f"{self.proof} is accepted."
        )

    @property
    def reason_vi(self) -> str:
        code, year = self.agreement.code, self.year
        if self.fta is None:
            return f"{code} không có thuế suất cho mã số {self.hs8} năm {year}"
        rate = f"{format_decimal(self.fta.rate)}%"
        if self.status is PreferenceStatus.NO_PROOF:
            accepted = " ".join(sorted(self.agreement.proofs))
            return (
                f"Không áp dụng {code} năm {year} {rate}: không có chứng từ chứng nhận xuất xứ "
                f"được chấp nhận ({accepted})"
            )
        return (
            f"Áp dụng {code} năm {year} {rate}: xuất xứ {self.origin} là thành viên và chứng từ "
            f"{self.proof} được chấp nhận."
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "agreement": self.agreement.code,
            "year": self.year,
            "status": self.status.value,
            "eligible": self.eligible,
            "rate": None if self.fta is None else f"{format_decimal(self.fta.rate)}%",
            "source": None if self.fta is None else self.fta.source,
            "proof": self.proof,
            "reason_en": self.reason_en,
            "reason_vi": self.reason_vi,
        }

    def as_json(self) -> str:
        """json.dumps(self.as_dict()), encoded once per check."""
        return _encoded_once(self)


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
        proofs = ", ".join([_json_str(proof) for proof in sorted(request.proofs)])
        taxes = ", ".join([line.as_json() for line in self.taxes])
        preferences = ", ".join([check.as_json() for check in self.preferences])
        return (
            f'{{"hs8": {_json_str(request.hs8)}, "origin": {_json_str(request.origin)}, '
            f'"direction": {_json_str(request.direction)}, '
            f'"date": {_json_str(request.date.isoformat())}, "proofs": [{proofs}], '
            f'"value_basis": {_json_str(self.value_basis)}, '
            f'"value": {_json_str(format_decimal(self.value))}, '
            f'"currency": {_json_str(request.currency)}, '
            f'"value_note": {_json_str(self.value_note)}, '
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
        raise _invalid(
            "freight",
            "exceeds_price",
            "Freight and insurance exceed the invoice price; the FOB value would be negative.",
            "Cước phí và bảo hiểm lớn hơn giá hóa đơn; trị giá FOB sẽ âm.",
        )
    return value


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
    cif = cif_value(request)
    customs_value = round_vnd(cif * fx.rate_vnd)
    duty, checks = _import_duty(book, request, customs_value)
    taxes = [duty]
    base = customs_value + duty.amount_vnd
    excise = book.rate_in_force(request.hs8, Tax.EXCISE, request.date)
    if excise is not None:
        taxes.append(_line(excise, base, request))
        base += taxes[-1].amount_vnd
    environment = book.rate_in_force(request.hs8, Tax.ENVIRONMENT, request.date)
    if environment is not None:
        # The environmental tax is an amount per unit: it has no value base.
        taxes.append(_line(environment, 0, request))
        base += taxes[-1].amount_vnd
    taxes.append(_line(book.required_rate(request.hs8, Tax.VAT, request.date), base, request))
    return _quote(request, cif, fx, customs_value, tuple(taxes), checks)


def _quote_export(book: TariffBook, request: QuoteRequest, fx: ExchangeRate) -> Quote:
    fob = fob_value(request)
    customs_value = round_vnd(fob * fx.rate_vnd)
    # Goods absent from the export tariff bear no export duty; that is the law, not a guess.
    rate = book.rate_in_force(request.hs8, Tax.EXPORT, request.date)
    taxes = () if rate is None else (_line(rate, customs_value, request),)
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


def _line(
    rate: TaxRate, base: int, request: QuoteRequest, reason: tuple[str, str] | None = None
) -> TaxLine:
    specific = rate.kind is not RateKind.AD_VALOREM
    reason_en, reason_vi = rate.reason if reason is None else reason
    return TaxLine(
        tax=LINE_NAMES[rate.tax],
        base_vnd=base,
        rate=rate.label,
        amount_vnd=round_vnd(assess(rate, base, request.quantity, request.unit)),
        source=rate.source,
        kind=rate.kind,
        schedule=rate.tax,
        reason_en=reason_en,
        reason_vi=reason_vi,
        quantity=request.quantity if specific else None,
        unit=rate.unit,
    )


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
        if check.fta is not None and check.status is PreferenceStatus.ELIGIBLE:
            amount = customs_value * check.fta.rate / HUNDRED
            if amount < best_amount:
                best, best_amount = check, amount
    if best is None or best.fta is None:
        reason = _base_reason(base_rate, request, checks)
        return _line(base_rate, customs_value, request, reason), checks
    return _fta_line(best, best.fta, base_rate, customs_value, best_amount), checks


def _fta_line(
    check: PreferenceCheck, fta: FtaRate, base_rate: TaxRate, customs_value: int, amount: Decimal
) -> TaxLine:
    base_name = "MFN" if base_rate.tax is Tax.IMPORT_MFN else "normal"
    return TaxLine(
        tax="import",
        base_vnd=customs_value,
        rate=f"{format_decimal(fta.rate)}%",
        amount_vnd=round_vnd(amount),
        source=fta.source,
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
        agreement=check.agreement.code,
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
        # The full reason of each check is in the quote's preferences; name them here.
        why_en = "; ".join(f"{c.agreement.code}: {_STATUS_TEXT[c.status][0]}" for c in checks)
        why_vi = "; ".join(f"{c.agreement.code}: {_STATUS_TEXT[c.status][1]}" for c in checks)
        return (
            f"MFN rate {rate.label} applied: no preferential rate is eligible ({why_en}).",
            f"Áp dụng thuế suất ưu đãi (MFN) {rate.label}: không có thuế suất ưu đãi đặc "
            f"biệt đủ điều kiện ({why_vi}).",
        )
    return (
        f"MFN rate {rate.label} applied: no preferential rate for origin {request.origin} "
        f"on this line in {request.date.year}.",
        f"Áp dụng thuế suất ưu đãi (MFN) {rate.label}: không có thuế suất ưu đãi đặc biệt "
        f"cho xuất xứ {request.origin} đối với mã số này năm {request.date.year}.",
    )


def preference_checks(book: TariffBook, request: QuoteRequest) -> tuple[PreferenceCheck, ...]:
    """Check every agreement the origin belongs to; refuse proofs none of them accepts.

    A proof referenced for an agreement without a rate this year is kept as a NO_RATE check
    (the roadmap has ended or not started); a proof no agreement of the origin accepts is a
    declaration error, raised as ProofNotAccepted.
    """
    key = (request.hs8, request.date.year, request.origin, request.proofs)
    remembered = book.remembered_checks(key)
    if remembered is not None:
        return remembered
    memberships = book.agreements_of(request.origin)
    proofs = request.proofs
    if proofs and not proofs <= book.proofs_accepted_from(request.origin):
        _refuse_proofs(proofs, request.origin, memberships)
    offered = book.fta_rates(request.hs8, request.date.year)
    checks = []
    for agreement in memberships:
        check = _check_one(agreement, offered.get(agreement.code), request)
        if check is not None:
            checks.append(check)
    result = tuple(checks)
    book.remember_checks(key, result)
    return result


def _check_one(
    agreement: Agreement, fta: FtaRate | None, request: QuoteRequest
) -> PreferenceCheck | None:
    """One agreement's verdict; None when it neither offers a rate nor was claimed."""
    usable = request.proofs & agreement.proofs
    proof = min(usable) if usable else None
    if fta is not None:
        status = PreferenceStatus.NO_PROOF if proof is None else PreferenceStatus.ELIGIBLE
    elif proof is not None:
        status = PreferenceStatus.NO_RATE
    else:
        return None
    return PreferenceCheck(
        agreement, request.date.year, status, request.origin, request.hs8, fta, proof
    )


def _refuse_proofs(
    proofs: frozenset[str], origin: str, memberships: Sequence[Agreement]
) -> NoReturn:
    """Raise for the first (in sorted order) proof no agreement of the origin accepts."""
    accepted = frozenset().union(*(agreement.proofs for agreement in memberships))
    raise ProofNotAccepted.of(min(proofs - accepted), origin, memberships)


# ---------------------------------------------------------------- request checks


def _invalid(path: str, code: str, message_en: str, message_vi: str) -> InvalidQuoteRequest:
    error = FieldError(path=path, code=code, message_en=message_en, message_vi=message_vi)
    return InvalidQuoteRequest(
        message_en="The item cannot be taxed as declared.",
        message_vi="Không thể tính thuế cho dòng hàng như đã khai.",
        errors=[error],
    )


def _check_request(request: QuoteRequest) -> None:
    for figure in (request.value, request.freight, request.insurance, request.quantity):
        if not (figure.is_finite() and ZERO <= figure <= MAX_FIGURE):
            _refuse_figures(request)
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


def _refuse_figures(request: QuoteRequest) -> NoReturn:
    """Name every figure out of range; reached only when one is."""
    figures = {
        "value": request.value,
        "freight": request.freight,
        "insurance": request.insurance,
        "quantity": request.quantity,
    }
    errors = [
        FieldError(
            path=path,
            code="out_of_range",
            message_en=f"{path} must be a number between 0 and {MAX_FIGURE:,.0f}.",
            message_vi=f"{path} phải là số từ 0 đến {MAX_FIGURE:,.0f}.",
        )
        for path, figure in figures.items()
        if not (figure.is_finite() and ZERO <= figure <= MAX_FIGURE)
    ]
    raise InvalidQuoteRequest(
        message_en="The item cannot be taxed as declared.",
        message_vi="Không thể tính thuế cho dòng hàng như đã khai.",
        errors=errors,
    )
