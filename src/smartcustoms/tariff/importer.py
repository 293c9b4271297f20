"""Read and check a directory of the five tariff CSV files; load nothing unless every row is good.

This is the file adapter of the tariff domain: it reads files and builds rule records, and
holds no database code. The format is documented in docs/tariff-format.md.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from itertools import pairwise
from pathlib import Path
from typing import TypeVar

from smartcustoms.errors import FieldError, ValidationFailed
from smartcustoms.tariff.rules import (
    COUNTRY_RE,
    CURRENCY_RE,
    HS8_RE,
    Agreement,
    ExchangeRate,
    FtaRate,
    NomenclatureLine,
    RateKind,
    TariffSchedule,
    Tax,
    TaxRate,
)

SAMPLE_DIR = Path(__file__).parent / "sample"

NOMENCLATURE = "nomenclature.csv"
AGREEMENTS = "agreements.csv"
RATES = "rates.csv"
FTA_RATES = "fta_rates.csv"
EXCHANGE_RATES = "exchange_rates.csv"

HEADERS: dict[str, tuple[str, ...]] = {
    NOMENCLATURE: ("hs8", "description_vi", "description_en", "unit"),
    AGREEMENTS: ("agreement", "name", "members", "proofs"),
    RATES: ("hs8", "tax", "kind", "rate", "amount", "unit", "valid_from", "valid_to"),
    FTA_RATES: ("agreement", "hs8", "year", "rate"),
    EXCHANGE_RATES: ("currency", "date", "rate_vnd"),
}
FILES = tuple(HEADERS)

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
DECIMAL_RE = re.compile(r"^[0-9]+(\.[0-9]+)?$")
DATE_RE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
YEAR_RE = re.compile(r"^[0-9]{4}$")

E = TypeVar("E", bound=StrEnum)


class TariffImportFailed(ValidationFailed):
    code = "tariff_import_failed"


# ---------------------------------------------------------------- public entry points


def load_hs6_codes(path: Path) -> frozenset[str]:
    """HS six-digit codes from an HS CSV with a level column and a code or hscode column.

    Reads both reference/data/hs2022.csv (code) and the datahub harmonized-system.csv (hscode).
    """
    with path.open(encoding="utf-8", newline="") as handle:
        return frozenset(
            row.get("code") or row.get("hscode") or ""
            for row in csv.DictReader(handle)
            if row.get("level") == "6"
        )


def import_schedule(
    directory: Path, *, hs6_codes: Collection[str], units: Collection[str] | None = None
) -> TariffSchedule:
    """Read the five CSV files of a directory; raise TariffImportFailed listing every bad row.

    `hs6_codes` are the HS 2022 subheadings every line must sit under; `units`, if given, the
    unit codes (UN/ECE Rec 20) a line may use.
    """
    texts: dict[str, str | None] = {}
    decode_errors: list[FieldError] = []
    for name in FILES:
        path = directory / name
        if not path.is_file():
            texts[name] = None
            continue
        try:
            # utf-8-sig: spreadsheets often save UTF-8 with a byte-order mark.
            texts[name] = path.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            texts[name] = ""
            decode_errors.append(
                _error(
                    name,
                    "bad_encoding",
                    f"the file is not UTF-8 (byte {exc.start})",
                    f"tệp không được mã hóa UTF-8 (byte {exc.start})",
                )
            )
    return parse_schedule(texts, hs6_codes=hs6_codes, units=units, prior_errors=decode_errors)


def parse_schedule(
    texts: Mapping[str, str | None],
    *,
    hs6_codes: Collection[str],
    units: Collection[str] | None = None,
    prior_errors: Collection[FieldError] = (),
) -> TariffSchedule:
    """Check the texts of the five files (None = missing) and build the schedule, or fail."""
    issues = _Issues(list(prior_errors))
    hs6 = frozenset(hs6_codes)
    known_units = None if units is None else frozenset(units)
    lines = _parse_lines(texts.get(NOMENCLATURE), hs6, known_units, issues)
    agreements = _parse_agreements(texts.get(AGREEMENTS), issues)
    known_lines = {line.hs8: line for line in lines}
    known_hs8 = _referenced_keys(NOMENCLATURE, texts.get(NOMENCLATURE), "hs8")
    known_agreements = _referenced_keys(AGREEMENTS, texts.get(AGREEMENTS), "agreement")
    rates = _parse_rates(texts.get(RATES), known_lines, known_hs8, issues)
    fta_rates = _parse_fta_rates(texts.get(FTA_RATES), known_hs8, known_agreements, issues)
    exchange_rates = _parse_exchange_rates(texts.get(EXCHANGE_RATES), issues)
    if issues.errors:
        raise _failed(issues.errors)
    return TariffSchedule(
        lines=tuple(lines),
        rates=tuple(rates),
        agreements=tuple(agreements),
        fta_rates=tuple(fta_rates),
        exchange_rates=tuple(exchange_rates),
    )


def _failed(errors: list[FieldError]) -> TariffImportFailed:
    order = {name: index for index, name in enumerate(FILES)}

    def key(error: FieldError) -> tuple[int, int]:
        name, _, line = error.path.partition(":")
        return order.get(name, len(order)), int(line or 0)

    errors = sorted(errors, key=key)
    rows = len({error.path for error in errors})
    return TariffImportFailed(
        message_en=(
            f"The tariff schedule was not loaded: {len(errors)} problem(s) in {rows} row(s)."
        ),
        message_vi=f"Biểu thuế không được nạp: {len(errors)} lỗi ở {rows} dòng.",
        details={"problems": len(errors), "rows": rows},
        errors=errors,
    )


# ---------------------------------------------------------------- rows and cells


def _error(path: str, code: str, message_en: str, message_vi: str) -> FieldError:
    return FieldError(
        path=path, code=code, message_en=f"{path}: {message_en}", message_vi=f"{path}: {message_vi}"
    )


@dataclass
class _Issues:
    errors: list[FieldError] = field(default_factory=list)

    def add(self, path: str, code: str, message_en: str, message_vi: str) -> None:
        self.errors.append(_error(path, code, message_en, message_vi))


@dataclass
class _Row:
    """One data row; each accessor records its own problem and returns None."""

    file: str
    line: int
    cells: dict[str, str]
    issues: _Issues
    ok: bool = True

    @property
    def path(self) -> str:
        return f"{self.file}:{self.line}"

    def fail(self, code: str, message_en: str, message_vi: str) -> None:
        self.ok = False
        self.issues.add(self.path, code, message_en, message_vi)

    def text(self, column: str) -> str | None:
        value = self.cells[column]
        if not value:
            self.fail("required", f"{column} is required", f"cột {column} là bắt buộc")
            return None
        return value

    def match(
        self, column: str, pattern: re.Pattern[str], what_en: str, what_vi: str
    ) -> str | None:
        value = self.text(column)
        if value is None:
            return None
        if not pattern.match(value):
            self.fail(
                f"bad_{column}",
                f"{column} {value!r} is not {what_en}",
                f"cột {column} {value!r} không phải {what_vi}",
            )
            return None
        return value

    def enum(self, column: str, kind: type[E]) -> E | None:
        value = self.text(column)
        if value is None:
            return None
        try:
            return kind(value)
        except ValueError:
            allowed = ", ".join(member.value for member in kind)
            self.fail(
                f"bad_{column}",
                f"{column} {value!r} is not one of {allowed}",
                f"cột {column} {value!r} không thuộc {allowed}",
            )
            return None

    def decimal(self, column: str, *, maximum: Decimal, positive: bool = False) -> Decimal | None:
        value = self.text(column)
        if value is None:
            return None
        if not DECIMAL_RE.match(value):
            self.fail(
                "bad_decimal",
                f"{column} {value!r} is not a decimal like 12.5 (dot, no sign, no separators)",
                f"cột {column} {value!r} không phải số thập phân dạng 12.5",
            )
            return None
        number = Decimal(value)
        if number > maximum or (positive and number == 0):
            low = "above 0" if positive else "0 or more"
            self.fail(
                "out_of_range",
                f"{column} {value} must be {low} and at most {maximum:f}",
                f"cột {column} {value} phải {'lớn hơn 0' if positive else 'từ 0'} "
                f"và không quá {maximum:f}",
            )
            return None
        return number

    def date(self, column: str) -> dt.date | None:
        value = self.text(column)
        if value is None:
            return None
        try:
            if DATE_RE.match(value):
                return dt.date.fromisoformat(value)
        except ValueError:
            pass
        self.fail(
            "bad_date",
            f"{column} {value!r} is not a date YYYY-MM-DD",
            f"cột {column} {value!r} không phải ngày dạng YYYY-MM-DD",
        )
        return None

    def empty(self, column: str, why_en: str, why_vi: str) -> None:
        if self.cells[column]:
            self.fail(
                "not_allowed",
                f"{column} must be empty {why_en}",
                f"cột {column} phải để trống {why_vi}",
            )


def _rows(name: str, text: str | None, issues: _Issues) -> Iterator[_Row]:
    """Yield the data rows of a file after checking it exists and its header is exact."""
    if text is None:
        issues.add(name, "missing_file", "the file is missing", "thiếu tệp")
        return
    if not text:
        return  # unreadable: already reported by the caller
    header = HEADERS[name]
    reader = csv.reader(io.StringIO(text, newline=""))
    previous_end = 0
    try:
        for index, cells in enumerate(reader):
            line, previous_end = previous_end + 1, reader.line_num
            if index == 0:
                if tuple(c.strip() for c in cells) != header:
                    issues.add(
                        f"{name}:1",
                        "bad_header",
                        f"header must be exactly {','.join(header)}",
                        f"dòng tiêu đề phải đúng là {','.join(header)}",
                    )
                    return
                continue
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) != len(header):
                issues.add(
                    f"{name}:{line}",
                    "column_count",
                    f"expected {len(header)} columns, found {len(cells)}",
                    f"cần {len(header)} cột, có {len(cells)} cột",
                )
                continue
            values = {col: cell.strip() for col, cell in zip(header, cells, strict=True)}
            yield _Row(name, line, values, issues)
    except csv.Error as exc:
        issues.add(f"{name}:{previous_end + 1}", "bad_csv", str(exc), f"lỗi định dạng CSV: {exc}")
        return
    if previous_end == 0:
        issues.add(f"{name}:1", "bad_header", "the header row is missing", "thiếu dòng tiêu đề")


def _referenced_keys(name: str, text: str | None, column: str) -> frozenset[str] | None:
    """Keys a file declares, even on otherwise bad rows, so one bad row is reported once.

    None when the file is missing or its header is wrong: references to it cannot be checked.
    """
    if not text:
        return None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = tuple(cell.strip() for cell in next(reader, []))
        if header != HEADERS[name]:
            return None
        position = header.index(column)
        return frozenset(cells[position].strip() for cells in reader if len(cells) == len(header))
    except csv.Error:
        return None


def _duplicate_guard(issues: _Issues) -> Callable[[object, str], bool]:
    """A check that remembers keys and reports a repeat with the first occurrence."""
    seen: dict[object, str] = {}

    def is_new(key: object, path: str) -> bool:
        first = seen.setdefault(key, path)
        if first == path:
            return True
        issues.add(path, "duplicate", f"duplicate of {first}", f"trùng với {first}")
        return False

    return is_new


# ---------------------------------------------------------------- the five files


def _parse_lines(
    text: str | None, hs6: frozenset[str], units: frozenset[str] | None, issues: _Issues
) -> list[NomenclatureLine]:
    lines = []
    is_new = _duplicate_guard(issues)
    for row in _rows(NOMENCLATURE, text, issues):
        hs8 = row.match("hs8", HS8_RE, "8 digits", "8 chữ số")
        if hs8 is not None and hs8[:6] not in hs6:
            row.fail(
                "unknown_hs6",
                f"{hs8[:6]} is not an HS 2022 six-digit code",
                f"{hs8[:6]} không phải mã HS 2022 sáu số",
            )
        description_vi = row.text("description_vi")
        description_en = row.text("description_en")
        unit = row.match(
            "unit", UNIT_RE, "a UN/ECE Rec 20 unit code like KGM", "mã đơn vị UN/ECE Rec 20 như KGM"
        )
        if unit is not None and units is not None and unit not in units:
            row.fail(
                "unknown_unit",
                f"unit {unit} is not a known unit code",
                f"đơn vị {unit} không có trong danh mục",
            )
        if hs8 is None or description_vi is None or description_en is None or unit is None:
            continue
        if row.ok and is_new(hs8, row.path):
            lines.append(NomenclatureLine(hs8, description_vi, description_en, unit, row.path))
    return lines


def _parse_agreements(text: str | None, issues: _Issues) -> list[Agreement]:
    agreements = []
    is_new = _duplicate_guard(issues)
    for row in _rows(AGREEMENTS, text, issues):
        code = row.match("agreement", AGREEMENT_RE, "a code like ATIGA", "mã như ATIGA")
        name = row.text("name")
        members = _tokens(row, "members", COUNTRY_RE, "ISO 3166 alpha-2", "mã nước ISO 3166")
        proofs = _tokens(row, "proofs", PROOF_RE, "a proof code like D or EUR.1", "mã chứng từ")
        if code is None or name is None or members is None or proofs is None:
            continue
        if row.ok and is_new(code, row.path):
            agreements.append(Agreement(code, name, members, proofs, row.path))
    return agreements


def _tokens(
    row: _Row, column: str, pattern: re.Pattern[str], what_en: str, what_vi: str
) -> frozenset[str] | None:
    value = row.text(column)
    if value is None:
        return None
    tokens = value.split()
    bad = [token for token in tokens if not pattern.match(token)]
    if bad:
        row.fail(
            f"bad_{column}",
            f"{column} {' '.join(bad)} not {what_en}",
            f"cột {column} {' '.join(bad)} không phải {what_vi}",
        )
        return None
    if len(set(tokens)) != len(tokens):
        row.fail("duplicate", f"{column} lists a code twice", f"cột {column} có mã lặp lại")
        return None
    return frozenset(tokens)


def _parse_rates(
    text: str | None,
    lines: Mapping[str, NomenclatureLine],
    known_hs8: Collection[str] | None,
    issues: _Issues,
) -> list[TaxRate]:
    rates = []
    for row in _rows(RATES, text, issues):
        rate = _rate_row(row, lines, known_hs8)
        if rate is not None and row.ok:
            rates.append(rate)
    _check_overlaps(rates, issues)
    return rates


def _line_ref(row: _Row, known_hs8: Collection[str] | None) -> str | None:
    hs8 = row.match("hs8", HS8_RE, "8 digits", "8 chữ số")
    if hs8 is not None and known_hs8 is not None and hs8 not in known_hs8:
        row.fail(
            "unknown_line",
            f"line {hs8} is not in {NOMENCLATURE}",
            f"mã số {hs8} không có trong {NOMENCLATURE}",
        )
        return None
    return hs8


def _rate_row(
    row: _Row, lines: Mapping[str, NomenclatureLine], known_hs8: Collection[str] | None
) -> TaxRate | None:
    hs8 = _line_ref(row, known_hs8)
    tax = row.enum("tax", Tax)
    kind = row.enum("kind", RateKind)
    valid_from = row.date("valid_from")
    valid_to = row.date("valid_to") if row.cells["valid_to"] else None
    if valid_from and valid_to and valid_to < valid_from:
        row.fail(
            "bad_period",
            f"valid_to {valid_to} is before valid_from {valid_from}",
            f"valid_to {valid_to} trước valid_from {valid_from}",
        )
    if tax is None or kind is None:
        return None
    if kind not in ALLOWED_KINDS.get(tax, frozenset(RateKind)):
        allowed = ", ".join(sorted(ALLOWED_KINDS[tax]))
        row.fail(
            "kind_not_allowed",
            f"a {tax} rate must be {allowed}",
            f"thuế suất {tax} phải là {allowed}",
        )
    percent, amount, unit = _rate_parts(row, kind)
    if hs8 is not None and unit and hs8 in lines and unit != lines[hs8].unit:
        row.fail(
            "unit_mismatch",
            f"unit {unit} differs from the line's unit {lines[hs8].unit} in {NOMENCLATURE}",
            f"đơn vị {unit} khác đơn vị {lines[hs8].unit} của mã số trong {NOMENCLATURE}",
        )
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


def _rate_parts(row: _Row, kind: RateKind) -> tuple[Decimal | None, Decimal | None, str | None]:
    """The rate, amount and unit a kind needs; the others must be empty."""
    percent = amount = unit = None
    if kind is RateKind.SPECIFIC:
        row.empty("rate", "for a specific rate", "với thuế tuyệt đối")
    else:
        percent = row.decimal("rate", maximum=MAX_PERCENT)
    if kind is RateKind.AD_VALOREM:
        row.empty("amount", "for an ad valorem rate", "với thuế theo tỷ lệ phần trăm")
        row.empty("unit", "for an ad valorem rate", "với thuế theo tỷ lệ phần trăm")
    else:
        amount = row.decimal("amount", maximum=MAX_AMOUNT)
        unit = row.match(
            "unit", UNIT_RE, "a UN/ECE Rec 20 unit code like KGM", "mã đơn vị UN/ECE Rec 20 như KGM"
        )
    return percent, amount, unit


def _check_overlaps(rates: list[TaxRate], issues: _Issues) -> None:
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
                    f"{later.tax} of {later.hs8} {later.period} overlaps {earlier.source} "
                    f"({earlier.period})",
                    f"{later.tax} của {later.hs8} {later.period} chồng lấn {earlier.source} "
                    f"({earlier.period})",
                )
    rates[:] = [rate for rate in rates if rate.source not in bad]


def _parse_fta_rates(
    text: str | None,
    known_hs8: Collection[str] | None,
    known_agreements: Collection[str] | None,
    issues: _Issues,
) -> list[FtaRate]:
    fta_rates = []
    is_new = _duplicate_guard(issues)
    for row in _rows(FTA_RATES, text, issues):
        code = row.match("agreement", AGREEMENT_RE, "a code like ATIGA", "mã như ATIGA")
        if code is not None and known_agreements is not None and code not in known_agreements:
            row.fail(
                "unknown_agreement",
                f"agreement {code} is not in {AGREEMENTS}",
                f"hiệp định {code} không có trong {AGREEMENTS}",
            )
        hs8 = _line_ref(row, known_hs8)
        year = _year(row)
        rate = row.decimal("rate", maximum=MAX_PERCENT)
        if code is None or hs8 is None or year is None or rate is None or not row.ok:
            continue
        if is_new((code, hs8, year), row.path):
            fta_rates.append(FtaRate(code, hs8, year, rate, row.path))
    return fta_rates


def _year(row: _Row) -> int | None:
    value = row.match("year", YEAR_RE, "a year like 2025", "năm dạng 2025")
    if value is None:
        return None
    if not MIN_YEAR <= int(value) <= MAX_YEAR:
        row.fail(
            "out_of_range",
            f"year {value} is outside {MIN_YEAR}-{MAX_YEAR}",
            f"năm {value} nằm ngoài {MIN_YEAR}-{MAX_YEAR}",
        )
        return None
    return int(value)


def _parse_exchange_rates(text: str | None, issues: _Issues) -> list[ExchangeRate]:
    rates = []
    is_new = _duplicate_guard(issues)
    for row in _rows(EXCHANGE_RATES, text, issues):
        currency = row.match("currency", CURRENCY_RE, "ISO 4217 like USD", "mã ISO 4217 như USD")
        if currency == "VND":
            row.fail("not_allowed", "VND needs no exchange rate", "VND không cần tỷ giá")
        on = row.date("date")
        rate_vnd = row.decimal("rate_vnd", maximum=MAX_RATE_VND, positive=True)
        if currency is None or on is None or rate_vnd is None or not row.ok:
            continue
        if is_new((currency, on), row.path):
            rates.append(ExchangeRate(currency, on, rate_vnd, row.path))
    return rates
