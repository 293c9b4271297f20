"""Build the compact reference files in src/smartcustoms/reference/data from ../shared/data.

Run from the repository root: `python scripts/build_reference_data.py [--source DIR] [--out DIR]`.
The output is deterministic (sorted rows, gzip without a timestamp), so a rerun on the same
sources gives byte-identical files. The SAMPLE lists (offices, declaration types) are written
by hand and only checked here.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = ROOT.parent / "shared" / "data"
DEFAULT_OUT = ROOT / "src" / "smartcustoms" / "reference" / "data"

HS_PLACEHOLDERS = {"99", "9999", "999999", "TOTAL"}
INCOTERMS_2020 = ("EXW", "FCA", "FAS", "FOB", "CFR", "CIF", "CPT", "CIP", "DAP", "DPU", "DDP")
# DPU replaced DAT in Incoterms 2020; the HMRC list predates it.
DPU_NAME = "Delivered at place unloaded"
# UN/ECE Rec 19 codes that the HMRC list (a UK profile) leaves out.
REC19_EXTRA = {"0": "Transport mode not specified", "6": "Multimodal transport"}
TRANSPORT_MODES_VI = {
    "0": "Không xác định",
    "1": "Đường biển",
    "2": "Đường sắt",
    "3": "Đường bộ",
    "4": "Đường hàng không",
    "5": "Bưu chính",
    "6": "Đa phương thức",
    "7": "Hệ thống vận tải cố định (đường ống, đường dây)",
    "8": "Đường thủy nội địa",
    "9": "Phương tiện tự hành / không áp dụng",
}
# Raw UN/LOCODE 2024-2 columns (no header row). Function comes before Status here,
# unlike the published datapackage order.
RAW_LOCODE_COLUMNS = (
    "Change",
    "Country",
    "Location",
    "Name",
    "NameWoDiacritics",
    "Subdivision",
    "Function",
    "Status",
    "Date",
    "IATA",
    "Coordinates",
    "Remarks",
)
# Oldest edition first: a later edition overwrites an earlier one's entry.
LOCODE_EDITIONS = (
    ("ophpl-2022_UNLOCODE_countries_AD-FR.csv", "utf-8", True),
    ("2024-2_UNLOCODE_CodeListPart2.csv", "latin-1", False),
    ("2024-2_UNLOCODE_CodeListPart3.csv", "latin-1", False),
)


def read_csv(path: Path, encoding: str = "utf-8-sig") -> list[dict[str, str]]:
    """All rows as strings; the csv module never turns "NA" (Namibia) into a missing value."""
    with path.open(encoding=encoding, newline="") as fh:
        return list(csv.DictReader(fh))


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    count = 0
    for row in rows:
        writer.writerow(row)
        count += 1
    data = buffer.getvalue().encode("utf-8")
    if path.suffix == ".gz":
        # mtime=0 and no file name inside keep the archive byte-identical across runs.
        with (
            path.open("wb") as raw,
            gzip.GzipFile(fileobj=raw, mode="wb", filename="", mtime=0) as gz,
        ):
            gz.write(data)
    else:
        path.write_bytes(data)
    return count


def hs_rows(source: Path) -> Iterator[tuple[str, int, str, str, str]]:
    for row in read_csv(source / "harmonized-system" / "harmonized-system.csv"):
        code = row["hscode"]
        if code in HS_PLACEHOLDERS or row["section"] == "TOTAL":
            continue
        parent = "" if row["parent"] == "TOTAL" else row["parent"]
        yield code, int(row["level"]), parent, row["section"], row["description"]


def country_rows(source: Path) -> list[tuple[str, str]]:
    rows = read_csv(source / "un-locode" / "country-codes.csv")
    return sorted((r["CountryCode"], r["CountryName"]) for r in rows)


def currency_rows(source: Path) -> list[tuple[str, str, str]]:
    current: dict[str, tuple[str, str, str]] = {}
    for row in read_csv(source / "currency-codes" / "codes-all.csv"):
        code = row["AlphabeticCode"]
        if not code or row["WithdrawalDate"]:
            continue
        # "-" marks codes without minor units (gold, XXX, ...): stored as empty.
        minor = row["MinorUnit"] if row["MinorUnit"].isdigit() else ""
        current[code] = (code, row["Currency"], minor)
    return sorted(current.values())


def _locode_edition(path: Path, encoding: str, has_header: bool) -> Iterator[dict[str, str]]:
    with path.open(encoding=encoding, newline="") as fh:
        fields = None if has_header else list(RAW_LOCODE_COLUMNS)
        yield from csv.DictReader(fh, fieldnames=fields)


def location_rows(source: Path) -> list[tuple[str, str, str, str]]:
    """One row per 5-character code; a later edition wins, within an edition the first row."""
    by_code: dict[str, tuple[str, str, str, str]] = {}
    for name, encoding, has_header in LOCODE_EDITIONS:
        seen: set[str] = set()
        for rec in _locode_edition(source / "un-locode" / name, encoding, has_header):
            if not rec["Location"]:
                continue  # country header rows and "=" alias rows
            if rec["Change"].upper() == "X":
                continue  # marked for removal from the next issue: not for new declarations
            code = rec["Country"] + rec["Location"]
            if code in seen:
                continue  # bilingual twins: "Brussel (Bruxelles)" / "Bruxelles (Brussel)"
            seen.add(code)
            by_code[code] = (code, rec["Name"], rec["Function"], rec["Subdivision"])
    return sorted(by_code.values())


def unit_rows(source: Path) -> list[tuple[str, str, int]]:
    rows = read_csv(source / "unece-rec20" / "rec20_rev17_annex2-3_units.csv")
    # Status X = deleted, D = deprecated; blank or "¦" (changed) = in use.
    return sorted((r["CommonCode"], r["Name"], int(r["Status"] not in ("X", "D"))) for r in rows)


def _codelist(source: Path, name: str) -> dict[str, str]:
    path = source / "hmrc-wco-dec-codelists" / name
    return {item["value"]: item["display"] for item in json.loads(path.read_text("utf-8"))}


def incoterm_rows(source: Path) -> list[tuple[str, str]]:
    names = _codelist(source, "incoterm-codes.json") | {"DPU": DPU_NAME}
    return [(code, names[code]) for code in INCOTERMS_2020]


def transport_mode_rows(source: Path) -> list[tuple[str, str, str]]:
    names = REC19_EXTRA | _codelist(source, "transport-mode-types.json")
    return [(code, names[code], TRANSPORT_MODES_VI[code]) for code in sorted(names)]


def check_samples(out: Path, locations: set[str]) -> None:
    """The hand-written SAMPLE offices must point at UN/LOCODEs that exist."""
    offices = read_csv(out / "sample_customs_offices.csv")
    missing = [r["location_code"] for r in offices if r["location_code"] not in locations]
    if any(missing):
        raise SystemExit(f"sample offices refer to unknown UN/LOCODEs: {missing}")


def build(source: Path, out: Path) -> dict[str, int]:
    locations = location_rows(source)
    counts = {
        "hs2022.csv": write_csv(
            out / "hs2022.csv",
            ("code", "level", "parent", "section", "description"),
            hs_rows(source),
        ),
        "countries.csv": write_csv(out / "countries.csv", ("code", "name"), country_rows(source)),
        "currencies.csv": write_csv(
            out / "currencies.csv", ("code", "name", "minor_units"), currency_rows(source)
        ),
        "locations.csv.gz": write_csv(
            out / "locations.csv.gz", ("code", "name", "function", "subdivision"), locations
        ),
        "units.csv": write_csv(out / "units.csv", ("code", "name", "active"), unit_rows(source)),
        "incoterms.csv": write_csv(out / "incoterms.csv", ("code", "name"), incoterm_rows(source)),
        "transport_modes.csv": write_csv(
            out / "transport_modes.csv",
            ("code", "name_en", "name_vi"),
            transport_mode_rows(source),
        ),
    }
    if (out / "sample_customs_offices.csv").exists():
        check_samples(out, {row[0] for row in locations})
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for name, count in build(args.source, args.out).items():
        print(f"{name:24} {count:>7}")


if __name__ == "__main__":
    main()
