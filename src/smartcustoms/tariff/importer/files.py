"""The five files, each checked row by row into rule records: what each column must hold."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from decimal import Decimal
from itertools import pairwise

from smartcustoms.tariff.importer.rows import (
    AGREEMENTS,
    EXCHANGE_RATES,
    FTA_RATES,
    NOMENCLATURE,
    RATES,
    Issues,
    Row,
    duplicate_guard,
    rows,
)
from smartcustoms.tariff.rules import (
    COUNTRY_RE,
    CURRENCY_RE,
    HS8_RE,
    Agreement,
    ExchangeRate,
    FtaRate,
    NomenclatureLine,
    RateKind,
    Tax,
    TaxRate,
)

# Some taxes have one legal form: VAT is a percentage, the environmental tax an amount per unit.
ALLOWED_KINDS: dict[Tax, frozenset[RateKind]] = {
    Tax.VAT: frozenset({RateKind.AD_VALOREM}),
    Tax.ENVIRONMENT: frozenset({RateKind.SPECIFIC}),
}
MAX_PERCENT = Decimal(1000)
MAX_AMOUNT = Decimal("1e12")
MAX_RATE_VND = Decimal("1e7")
MIN_YEAR, MAX_YEAR = 1990, 2100

# UN/ECE Recommendation 20 codes (KGM, LTR, H87 ...), as declaration items carry them.
UNIT_RE = re.compile(r"^[A-Z0-9]{2,3}$")
AGREEMENT_RE = re.compile(r"^[A-Z][A-Z0-9_-]{1,15}$")
PROOF_RE = re.compile(r"^[A-Z0-9][A-Z0-9._]{0,29}$")
YEAR_RE = re.compile(r"^[0-9]{4}$")


def parse_lines(
    text: str | None, hs6: frozenset[str], units: frozenset[str] | None, issues: Issues
) -> list[NomenclatureLine]:
    lines = []
    is_new = duplicate_guard(issues)
    for row in rows(NOMENCLATURE, text, issues):
        hs8 = row.match("hs8", HS8_RE)
        if hs8 is not None and hs8[:6] not in hs6:
            row.fail("unknown_hs6", hs6=hs8[:6])
        description_vi = row.text("description_vi")
        description_en = row.text("description_en")
        unit = row.match("unit", UNIT_RE)
        if unit is not None and units is not None and unit not in units:
            row.fail("unknown_unit", unit=unit)
        if hs8 is None or description_vi is None or description_en is None or unit is None:
            continue
        if row.ok and is_new(hs8, row.path):
            lines.append(NomenclatureLine(hs8, description_vi, description_en, unit, row.path))
    return lines


def parse_agreements(
    text: str | None, countries: frozenset[str] | None, issues: Issues
) -> list[Agreement]:
    agreements = []
    is_new = duplicate_guard(issues)
    for row in rows(AGREEMENTS, text, issues):
        code = row.match("agreement", AGREEMENT_RE)
        name = row.text("name")
        members = row.tokens("members", COUNTRY_RE)
        if members is not None and countries is not None and not members <= countries:
            row.fail(
                "unknown_country", column="members", codes=" ".join(sorted(members - countries))
            )
        proofs = row.tokens("proofs", PROOF_RE)
        if code is None or name is None or members is None or proofs is None:
            continue
        if row.ok and is_new(code, row.path):
            agreements.append(Agreement(code, name, members, proofs, row.path))
    return agreements


def parse_rates(
    text: str | None,
    lines: Mapping[str, NomenclatureLine],
    known_hs8: Collection[str] | None,
    issues: Issues,
) -> list[TaxRate]:
    rates = []
    for row in rows(RATES, text, issues):
        rate = _rate_row(row, lines, known_hs8)
        if rate is not None and row.ok:
            rates.append(rate)
    _check_overlaps(rates, issues)
    return rates


def _line_ref(row: Row, known_hs8: Collection[str] | None) -> str | None:
    hs8 = row.match("hs8", HS8_RE)
    if hs8 is not None and known_hs8 is not None and hs8 not in known_hs8:
        row.fail("unknown_line", hs8=hs8, file=NOMENCLATURE)
        return None
    return hs8


def _rate_row(
    row: Row, lines: Mapping[str, NomenclatureLine], known_hs8: Collection[str] | None
) -> TaxRate | None:
    hs8 = _line_ref(row, known_hs8)
    tax = row.enum("tax", Tax)
    kind = row.enum("kind", RateKind)
    valid_from = row.date("valid_from")
    valid_to = row.date("valid_to") if row.cells["valid_to"] else None
    if valid_from and valid_to and valid_to < valid_from:
        row.fail("bad_period", valid_to=valid_to, valid_from=valid_from)
    if tax is None or kind is None:
        return None
    if kind not in ALLOWED_KINDS.get(tax, frozenset(RateKind)):
        row.fail("kind_not_allowed", tax=tax, allowed=", ".join(sorted(ALLOWED_KINDS[tax])))
    percent, amount, unit = _rate_parts(row, kind)
    if hs8 is not None and unit and hs8 in lines and unit != lines[hs8].unit:
        row.fail("unit_mismatch", unit=unit, line_unit=lines[hs8].unit, file=NOMENCLATURE)
    if not row.ok or hs8 is None or valid_from is None:
        return None
    return TaxRate(
        hs8=hs8,
        tax=tax,
        kind=kind,
        valid_from=valid_from,
        valid_to=valid_to,
        rate=percent or Decimal(0),
        amount=amount or Decimal(0),
        unit=unit or "",
        source=row.path,
    )


def _rate_parts(row: Row, kind: RateKind) -> tuple[Decimal | None, Decimal | None, str | None]:
    """The rate, amount and unit a kind needs; the others must be empty."""
    percent = amount = unit = None
    if kind is RateKind.SPECIFIC:
        row.empty("rate", "import.for_specific")
    else:
        percent = row.decimal("rate", maximum=MAX_PERCENT)
    if kind is RateKind.AD_VALOREM:
        row.empty("amount", "import.for_ad_valorem")
        row.empty("unit", "import.for_ad_valorem")
    else:
        amount = row.decimal("amount", maximum=MAX_AMOUNT)
        unit = row.match("unit", UNIT_RE)
    return percent, amount, unit


def _check_overlaps(rates: list[TaxRate], issues: Issues) -> None:
    """Two rates of one tax on one line must never be in force on the same day."""
    grouped: dict[tuple[str, Tax], list[TaxRate]] = {}
    for rate in rates:
        grouped.setdefault((rate.hs8, rate.tax), []).append(rate)
    bad: set[str] = set()
    for group in grouped.values():
        group.sort(key=lambda r: r.valid_from)
        for earlier, later in pairwise(group):
            if earlier.valid_to is None or earlier.valid_to >= later.valid_from:
                bad.add(later.source)
                issues.add(
                    later.source,
                    "overlap",
                    tax=later.tax,
                    hs8=later.hs8,
                    period=later.period,
                    other=earlier.source,
                    other_period=earlier.period,
                )
    rates[:] = [rate for rate in rates if rate.source not in bad]


def parse_fta_rates(
    text: str | None,
    known_hs8: Collection[str] | None,
    known_agreements: Collection[str] | None,
    issues: Issues,
) -> list[FtaRate]:
    fta_rates = []
    is_new = duplicate_guard(issues)
    for row in rows(FTA_RATES, text, issues):
        code = row.match("agreement", AGREEMENT_RE)
        if code is not None and known_agreements is not None and code not in known_agreements:
            row.fail("unknown_agreement", agreement=code, file=AGREEMENTS)
        hs8 = _line_ref(row, known_hs8)
        year = _year(row)
        rate = row.decimal("rate", maximum=MAX_PERCENT)
        if code is None or hs8 is None or year is None or rate is None or not row.ok:
            continue
        if is_new((code, hs8, year), row.path):
            fta_rates.append(FtaRate(code, hs8, year, rate, row.path))
    return fta_rates


def _year(row: Row) -> int | None:
    value = row.match("year", YEAR_RE)
    if value is None:
        return None
    if not MIN_YEAR <= int(value) <= MAX_YEAR:
        row.fail(
            "out_of_range", "import.year_out_of_range", value=value, low=MIN_YEAR, high=MAX_YEAR
        )
        return None
    return int(value)


def parse_exchange_rates(
    text: str | None, currencies: frozenset[str] | None, issues: Issues
) -> list[ExchangeRate]:
    rates = []
    is_new = duplicate_guard(issues)
    for row in rows(EXCHANGE_RATES, text, issues):
        currency = row.match("currency", CURRENCY_RE)
        if currency == "VND":
            row.fail("not_allowed", "import.vnd_rate")
        elif currency is not None and currencies is not None and currency not in currencies:
            row.fail("unknown_currency", currency=currency)
        on = row.date("date")
        rate_vnd = row.decimal("rate_vnd", maximum=MAX_RATE_VND, positive=True)
        if currency is None or on is None or rate_vnd is None or not row.ok:
            continue
        if is_new((currency, on), row.path):
            rates.append(ExchangeRate(currency, on, rate_vnd, row.path))
    return rates
