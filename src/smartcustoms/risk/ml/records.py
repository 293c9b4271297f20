"""The fraud model's input contract: one import declaration, and the KCS CSV reader."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from smartcustoms.errors import FieldError
from smartcustoms.kit.bilingual import Both
from smartcustoms.risk.messages import VALUE_FORMS, field_error, texts
from smartcustoms.risk.ml.errors import ModelDataError


@dataclass(frozen=True, slots=True)
class DeclarationRecord:
    """One import declaration as the fraud model sees it; codes are text, as declared."""

    declaration_id: str
    date: date
    office_id: str
    process_type: str
    import_type: str
    import_use: str
    payment_type: str
    transport_mode: str
    declarant_id: str
    importer_id: str
    seller_id: str | None
    courier_id: str | None
    hs6: str
    departure_country: str
    origin_country: str
    tax_rate: float
    tax_type: str
    origin_indicator: str
    net_mass: float
    # A float, not Money: the model needs only the order of magnitude of the value.
    item_price: float
    fraud: int | None = None
    critical_fraud: int | None = None


# KCS header -> record field, in the order of the published files.
KCS_COLUMNS: dict[str, str] = {
    "Declaration ID": "declaration_id",
    "Date": "date",
    "Office ID": "office_id",
    "Process Type": "process_type",
    "Import Type": "import_type",
    "Import Use": "import_use",
    "Payment Type": "payment_type",
    "Mode of Transport": "transport_mode",
    "Declarant ID": "declarant_id",
    "Importer ID": "importer_id",
    "Seller ID": "seller_id",
    "Courier ID": "courier_id",
    "HS6 Code": "hs6",
    "Country of Departure": "departure_country",
    "Country of Origin": "origin_country",
    "Tax Rate": "tax_rate",
    "Tax Type": "tax_type",
    "Country of Origin Indicator": "origin_indicator",
    "Net Mass": "net_mass",
    "Item Price": "item_price",
    "Fraud": "fraud",
    "Critical Fraud": "critical_fraud",
}
FIELDS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(DeclarationRecord))
OPTIONAL_COLUMNS = frozenset({"Fraud", "Critical Fraud"})
BLANK_ALLOWED = frozenset({"seller_id", "courier_id"})
NUMERIC_FIELDS = ("tax_rate", "net_mass", "item_price")
LABEL_VALUES = {"fraud": {0, 1}, "critical_fraud": {0, 1, 2}}
DATE_DTYPE = "datetime64[s]"
TEXT_FIELDS = tuple(f for f in FIELDS if f not in {"date", *NUMERIC_FIELDS, *LABEL_VALUES})


def read_kcs_csv(path: Path) -> pd.DataFrame:
    """Read a KCS declarations CSV into a checked frame with record field names."""
    try:
        # All text first: "NA" is Namibia and HS "010121" keeps its leading zero.
        raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    except FileNotFoundError as exc:
        raise _data_error(str(path), "file_missing") from exc
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise _data_error(str(path), "file_unreadable", reason=exc) from exc
    return frame_from_kcs(raw, source=str(path))


def frame_from_kcs(raw: pd.DataFrame, *, source: str = "data") -> pd.DataFrame:
    """Check a frame with KCS headers (all text) and convert it to typed record fields."""
    missing = [c for c in KCS_COLUMNS if c not in raw.columns and c not in OPTIONAL_COLUMNS]
    if missing:
        en, vi = texts(
            "model_data_invalid.missing_columns", source=source, columns=", ".join(missing)
        )
        raise ModelDataError(
            message_en=en,
            message_vi=vi,
            errors=[field_error(c, "missing_column") for c in missing],
        )
    frame = raw[[c for c in KCS_COLUMNS if c in raw.columns]].rename(columns=KCS_COLUMNS)
    errors: list[FieldError] = []
    out: dict[str, object] = {}
    for name in TEXT_FIELDS:
        out[name] = _text_column(frame[name], name, errors)
    out["date"] = _date_column(frame["date"], errors)
    for name in NUMERIC_FIELDS:
        out[name] = _number_column(frame[name], name, errors)
    for name, allowed in LABEL_VALUES.items():
        if name in frame.columns:
            out[name] = _label_column(frame[name], name, allowed, errors)
    if errors:
        names = ", ".join(e.path for e in errors)
        en, vi = texts("model_data_invalid.malformed_columns", source=source, columns=names)
        raise ModelDataError(message_en=en, message_vi=vi, errors=errors)
    return pd.DataFrame({n: out[n] for n in FIELDS if n in out}, index=pd.RangeIndex(len(frame)))


def frame_from_records(records: Sequence[DeclarationRecord]) -> pd.DataFrame:
    """Columns of typed record fields, the batch form the feature code works on."""
    columns = {name: [getattr(r, name) for r in records] for name in FIELDS}
    frame = pd.DataFrame({n: v for n, v in columns.items() if n not in {"date", *NUMERIC_FIELDS}})
    frame["date"] = pd.to_datetime(pd.Series(columns["date"], dtype=object)).astype(DATE_DTYPE)
    for name in NUMERIC_FIELDS:
        frame[name] = np.asarray(columns[name], dtype=np.float64)
    for name in LABEL_VALUES:
        if any(v is None for v in columns[name]):
            frame = frame.drop(columns=name)
    for name in BLANK_ALLOWED:
        frame[name] = frame[name].fillna("")
    return frame[[c for c in FIELDS if c in frame.columns]]


def records_from_frame(frame: pd.DataFrame) -> list[DeclarationRecord]:
    """One record per row of a checked frame."""
    # Column lists, not row dicts: pandas boxes every cell of a row dict, 10x slower.
    columns: dict[str, list[Any]] = {
        name: frame[name].tolist() for name in FIELDS if name in frame.columns and name != "date"
    }
    columns["date"] = frame["date"].dt.date.tolist()
    for name in BLANK_ALLOWED:
        columns[name] = [value or None for value in columns[name]]
    for name in LABEL_VALUES:
        if name in frame.columns:
            columns[name] = [int(value) for value in columns[name]]
    names = list(columns)
    return [
        DeclarationRecord(**dict(zip(names, values, strict=True)))
        for values in zip(*columns.values(), strict=True)
    ]


def _text_column(column: pd.Series, name: str, errors: list[FieldError]) -> pd.Series:
    values = column.astype(str).str.strip()
    if name == "hs6":
        bad = ~values.str.fullmatch(r"\d{6}")
        if bad.any():
            errors.append(_malformed(name, column, bad, VALUE_FORMS["hs6"]))
    elif name not in BLANK_ALLOWED:
        bad = values == ""
        if bad.any():
            errors.append(_malformed(name, column, bad, VALUE_FORMS["text"]))
    return values


def _date_column(column: pd.Series, errors: list[FieldError]) -> pd.Series:
    dates = pd.to_datetime(column.astype(str).str.strip(), format="%Y-%m-%d", errors="coerce")
    bad = dates.isna()
    dates = dates.astype(DATE_DTYPE)
    if bad.any():
        errors.append(_malformed("date", column, bad, VALUE_FORMS["date"]))
    return dates


def _number_column(column: pd.Series, name: str, errors: list[FieldError]) -> pd.Series:
    numbers = pd.to_numeric(column.astype(str).str.strip(), errors="coerce").astype(np.float64)
    bad = ~np.isfinite(numbers) | (numbers < 0)
    if bad.any():
        errors.append(_malformed(name, column, bad, VALUE_FORMS["number"]))
    return numbers


def _label_column(
    column: pd.Series, name: str, allowed: set[int], errors: list[FieldError]
) -> pd.Series:
    numbers = pd.to_numeric(column.astype(str).str.strip(), errors="coerce")
    bad = ~numbers.isin(list(allowed))
    if bad.any():
        values = [str(v) for v in sorted(allowed)]
        either = VALUE_FORMS["or"]
        wanted = Both(either.en.join(values), either.vi.join(values))
        errors.append(_malformed(name, column, bad, wanted))
    return numbers.fillna(0).astype(np.int64)


def _malformed(name: str, column: pd.Series, bad: pd.Series, wanted: Both) -> FieldError:
    row = int(np.flatnonzero(bad.to_numpy())[0])
    return field_error(
        _header(name),
        "malformed_column",
        count=int(bad.sum()),
        wanted=wanted,
        # Row numbers count the header as line 1, as a spreadsheet shows them.
        line=row + 2,
        value=column.iloc[row],
    )


def _header(name: str) -> str:
    return next(header for header, field in KCS_COLUMNS.items() if field == name)


def _data_error(source: str, code: str, **params: object) -> ModelDataError:
    """A problem with the file itself, reported against its path."""
    problem = field_error(source, code, **params)
    return ModelDataError(
        message_en=f"{source}: {problem.message_en}",
        message_vi=f"{source}: {problem.message_vi}",
        errors=[problem],
    )
