"""Read and check a directory of the five tariff CSV files; load nothing unless every row is good.

This is the file adapter of the tariff domain: it reads files and builds rule records, and
holds no database code. The format is documented in docs/tariff-format.md. `rows` reads a
file into self-checking rows, `files` says what each of the five files must hold; this
module reads the directory and gathers every problem into one TariffImportFailed.
"""

from __future__ import annotations

import csv
from collections.abc import Collection, Mapping
from pathlib import Path

from smartcustoms.errors import FieldError, ValidationFailed
from smartcustoms.tariff import messages
from smartcustoms.tariff.importer.files import (
    parse_agreements,
    parse_exchange_rates,
    parse_fta_rates,
    parse_lines,
    parse_rates,
)
from smartcustoms.tariff.importer.rows import (
    AGREEMENTS,
    EXCHANGE_RATES,
    FILES,
    FTA_RATES,
    HEADERS,
    NOMENCLATURE,
    RATES,
    Issues,
    problem,
    referenced_keys,
)
from smartcustoms.tariff.rules import TariffSchedule

__all__ = [
    "AGREEMENTS",
    "EXCHANGE_RATES",
    "FILES",
    "FTA_RATES",
    "HEADERS",
    "NOMENCLATURE",
    "RATES",
    "SAMPLE_DIR",
    "TariffImportFailed",
    "import_schedule",
    "load_hs6_codes",
    "parse_schedule",
]

# The sample schedule shipped with the code (demonstration data, not the law).
SAMPLE_DIR = Path(__file__).parent.parent / "sample"


class TariffImportFailed(ValidationFailed):
    code = "tariff_import_failed"


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
    directory: Path,
    *,
    hs6_codes: Collection[str],
    units: Collection[str] | None = None,
    countries: Collection[str] | None = None,
    currencies: Collection[str] | None = None,
) -> TariffSchedule:
    """Read the five CSV files of a directory; raise TariffImportFailed listing every bad row.

    `hs6_codes` are the HS 2022 subheadings every line must sit under; `units`, `countries`
    and `currencies`, if given, the unit codes (UN/ECE Rec 20), agreement members (ISO 3166)
    and exchange-rate currencies (ISO 4217) the files may use.
    """
    contents: dict[str, str | None] = {}
    decode_errors: list[FieldError] = []
    for name in FILES:
        path = directory / name
        if not path.is_file():
            contents[name] = None
            continue
        try:
            # utf-8-sig: spreadsheets often save UTF-8 with a byte-order mark.
            contents[name] = path.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            contents[name] = ""
            decode_errors.append(
                problem(name, "bad_encoding", "import.bad_encoding", byte=exc.start)
            )
    return parse_schedule(
        contents,
        hs6_codes=hs6_codes,
        units=units,
        countries=countries,
        currencies=currencies,
        prior_errors=decode_errors,
    )


def parse_schedule(
    texts: Mapping[str, str | None],
    *,
    hs6_codes: Collection[str],
    units: Collection[str] | None = None,
    countries: Collection[str] | None = None,
    currencies: Collection[str] | None = None,
    prior_errors: Collection[FieldError] = (),
) -> TariffSchedule:
    """Check the texts of the five files (None = missing) and build the schedule, or fail."""
    issues = Issues(list(prior_errors))
    hs6 = frozenset(hs6_codes)
    known_units = None if units is None else frozenset(units)
    known_countries = None if countries is None else frozenset(countries)
    known_currencies = None if currencies is None else frozenset(currencies)
    lines = parse_lines(texts.get(NOMENCLATURE), hs6, known_units, issues)
    agreements = parse_agreements(texts.get(AGREEMENTS), known_countries, issues)
    known_lines = {line.hs8: line for line in lines}
    known_hs8 = referenced_keys(NOMENCLATURE, texts.get(NOMENCLATURE), "hs8")
    known_agreements = referenced_keys(AGREEMENTS, texts.get(AGREEMENTS), "agreement")
    rates = parse_rates(texts.get(RATES), known_lines, known_hs8, issues)
    fta_rates = parse_fta_rates(texts.get(FTA_RATES), known_hs8, known_agreements, issues)
    exchange_rates = parse_exchange_rates(texts.get(EXCHANGE_RATES), known_currencies, issues)
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
    en, vi = messages.texts(TariffImportFailed.code, problems=len(errors), rows=rows)
    return TariffImportFailed(
        message_en=en,
        message_vi=vi,
        details={"problems": len(errors), "rows": rows},
        errors=errors,
    )
