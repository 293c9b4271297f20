"""Fraud-model features: declared facts plus what labelled history says about their keys.

History features of a training row use only rows dated strictly before it ("out of time"),
so the model learns from features shaped like those it will see when scoring new data.
When scoring, the history is frozen at the end of the training window: labels of the
scored declarations are never known, and their counts added nothing in time-based
validation (see docs/risk.md).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from smartcustoms.risk.messages import error
from smartcustoms.risk.ml.errors import ModelDataError
from smartcustoms.risk.ml.feature_columns import (
    BatchTexts,
    RecordTexts,
    numeric_columns,
    numeric_many,
    numeric_one,
    text_of,
)
from smartcustoms.risk.ml.records import DeclarationRecord

FEATURE_SCHEMA_VERSION = "kcs-fraud/1"

# Code lists small enough to split on directly; the model sees their rank in a sorted vocabulary.
CATEGORICAL_FIELDS: tuple[str, ...] = (
    "office_id",
    "process_type",
    "import_type",
    "import_use",
    "payment_type",
    "transport_mode",
    "courier_id",
    "departure_country",
    "origin_country",
    "tax_type",
    "origin_indicator",
)
# Keys whose past fraud rate is a feature, and keys whose past unit values give the "is this
# price unusual for these goods from there" z-score. Chosen by forward selection with
# time-based validation inside 2020 (docs/risk.md); importer, declarant and seller history
# added nothing there.
RATE_KEYS: tuple[tuple[str, ...], ...] = (
    ("hs6", "origin_country"),
    ("hs6", "origin_country", "departure_country"),
    ("hs6", "tax_rate"),
)
UNIT_VALUE_KEYS: tuple[tuple[str, ...], ...] = (
    ("hs6", "origin_country"),
    ("hs6", "origin_country", "departure_country"),
    ("hs6", "origin_country", "tax_rate"),
)
NUMERIC_FEATURES: tuple[str, ...] = (
    "hs6_number",
    "hs4_number",
    "hs2_number",
    "tax_rate",
    "log_net_mass",
    "log_item_price",
    "log_unit_value",
    "origin_differs",
)
# Pseudo-counts pulling a rare key's fraud rate towards the past overall rate.
SMOOTHING = 10.0
# Keeps the z-score finite when every past unit value of a key was the same.
UNIT_VALUE_VARIANCE_FLOOR = 0.01


def _key_name(keys: tuple[str, ...]) -> str:
    return "__".join(keys)


def feature_names() -> list[str]:
    """The model's input columns, in order: the feature schema."""
    return [
        *(f"{name}_code" for name in CATEGORICAL_FIELDS),
        *NUMERIC_FEATURES,
        *(f"fraud_rate__{_key_name(keys)}" for keys in RATE_KEYS),
        *(f"unit_value_z__{_key_name(keys)}" for keys in UNIT_VALUE_KEYS),
    ]


FEATURE_COUNT = len(feature_names())


@dataclass
class KeyTable:
    """Per key value: how often it was seen, how often fraud, and its unit-value spread."""

    keys: list[str]
    count: npt.NDArray[np.float64]
    frauds: npt.NDArray[np.float64]
    unit_value_sum: npt.NDArray[np.float64]
    unit_value_sq_sum: npt.NDArray[np.float64]
    _index: pd.Index | None = field(default=None, repr=False, compare=False)
    _lookup: dict[str, int] | None = field(default=None, repr=False, compare=False)
    _per_key: _PerKey | None = field(default=None, repr=False, compare=False)

    def index(self) -> pd.Index:
        if self._index is None:
            self._index = pd.Index(self.keys, dtype=object)
        return self._index

    def position(self, key: str) -> int:
        if self._lookup is None:
            self._lookup = {k: i for i, k in enumerate(self.keys)}
        return self._lookup.get(key, -1)

    def per_key(self, prior: float) -> _PerKey:
        """Each key's smoothed fraud rate and unit-value mean and spread, computed once."""
        if self._per_key is None:
            mean, spread = _unit_value_moments(
                self.count, self.unit_value_sum, self.unit_value_sq_sum
            )
            self._per_key = _PerKey(_rate(self.count, self.frauds, prior), mean, spread)
        return self._per_key


@dataclass(frozen=True)
class _PerKey:
    """Derived per-key values; batch and single scoring both read these same numbers."""

    rate: npt.NDArray[np.float64]
    mean: npt.NDArray[np.float64]
    spread: npt.NDArray[np.float64]
    rate_list: list[float] = field(init=False)
    mean_list: list[float] = field(init=False)
    spread_list: list[float] = field(init=False)

    def __post_init__(self) -> None:
        # Python floats for the single-record path: list indexing beats numpy scalars.
        object.__setattr__(self, "rate_list", self.rate.tolist())
        object.__setattr__(self, "mean_list", self.mean.tolist())
        object.__setattr__(self, "spread_list", self.spread.tolist())


@dataclass
class FeatureHistory:
    """Everything learnt from labelled past declarations that features need, frozen."""

    vocabularies: dict[str, list[str]]
    tables: dict[str, KeyTable]
    count: float
    frauds: float
    _codes: dict[str, dict[str, int]] | None = field(default=None, repr=False, compare=False)

    @property
    def prior(self) -> float:
        return float(_prior(self.count, self.frauds))

    def features(self, frame: pd.DataFrame) -> npt.NDArray[np.float64]:
        """Feature matrix for a batch of new declarations (record-field columns)."""
        texts = BatchTexts(frame)
        columns = [*_categorical_columns(texts, self.vocabularies), *numeric_columns(texts)]
        log_unit_value = columns[len(CATEGORICAL_FIELDS) + NUMERIC_FEATURES.index("log_unit_value")]
        prior = self.prior
        for keys in RATE_KEYS:
            table = self.tables[_key_name(keys)]
            where = table.index().get_indexer(texts.key(keys))
            known, at = where >= 0, np.maximum(where, 0)
            columns.append(np.where(known, table.per_key(prior).rate[at], prior))
        for keys in UNIT_VALUE_KEYS:
            table = self.tables[_key_name(keys)]
            where = table.index().get_indexer(texts.key(keys))
            known, at = where >= 0, np.maximum(where, 0)
            per_key = table.per_key(prior)
            z = (log_unit_value - per_key.mean[at]) / per_key.spread[at]
            columns.append(np.where(known, z, np.nan))
        return np.column_stack(columns)

    def features_one(self, record: DeclarationRecord) -> npt.NDArray[np.float64]:
        """Feature vector of one declaration, by dict look-ups; equal to `features` row."""
        return np.asarray(self._row(record, numeric_one(record)), dtype=np.float64)

    def features_many(self, records: Sequence[DeclarationRecord]) -> npt.NDArray[np.float64]:
        """Feature rows of a few declarations, by dict look-ups; equal to `features` rows.

        For the handful of goods items of one registration: no frame is built, and the
        numeric columns are computed for all rows at once, by the batch arithmetic.
        """
        if not records:
            return np.zeros((0, FEATURE_COUNT))
        numeric = np.column_stack(numeric_many(records)).tolist()
        rows = [self._row(r, numbers) for r, numbers in zip(records, numeric, strict=True)]
        return np.asarray(rows, dtype=np.float64)

    def _row(self, record: DeclarationRecord, numeric: list[float]) -> list[float]:
        codes = self._code_lookup()
        row: list[float] = [
            float(codes[name].get(text_of(getattr(record, name)), -1))
            for name in CATEGORICAL_FIELDS
        ]
        row.extend(numeric)
        log_unit_value = numeric[NUMERIC_FEATURES.index("log_unit_value")]
        prior = self.prior
        texts = RecordTexts(record)
        for keys in RATE_KEYS:
            table = self.tables[_key_name(keys)]
            at = table.position(texts.key(keys))
            row.append(table.per_key(prior).rate_list[at] if at >= 0 else prior)
        for keys in UNIT_VALUE_KEYS:
            table = self.tables[_key_name(keys)]
            at = table.position(texts.key(keys))
            per_key = table.per_key(prior)
            row.append(
                (log_unit_value - per_key.mean_list[at]) / per_key.spread_list[at]
                if at >= 0
                else math.nan
            )
        return row

    def _code_lookup(self) -> dict[str, dict[str, int]]:
        if self._codes is None:
            self._codes = {
                name: {value: i for i, value in enumerate(vocabulary)}
                for name, vocabulary in self.vocabularies.items()
            }
        return self._codes

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready state, for the model file."""
        return {
            "vocabularies": self.vocabularies,
            "count": self.count,
            "frauds": self.frauds,
            "tables": {
                name: {
                    "keys": table.keys,
                    "count": table.count.tolist(),
                    "frauds": table.frauds.tolist(),
                    "unit_value_sum": table.unit_value_sum.tolist(),
                    "unit_value_sq_sum": table.unit_value_sq_sum.tolist(),
                }
                for name, table in self.tables.items()
            },
        }

    @classmethod
    def from_dict(cls, state: Mapping[str, Any]) -> FeatureHistory:
        """Inverse of `to_dict`."""
        tables = {
            name: KeyTable(
                keys=list(t["keys"]),
                count=np.asarray(t["count"], dtype=np.float64),
                frauds=np.asarray(t["frauds"], dtype=np.float64),
                unit_value_sum=np.asarray(t["unit_value_sum"], dtype=np.float64),
                unit_value_sq_sum=np.asarray(t["unit_value_sq_sum"], dtype=np.float64),
            )
            for name, t in state["tables"].items()
        }
        return cls(
            vocabularies={k: list(v) for k, v in state["vocabularies"].items()},
            tables=tables,
            count=float(state["count"]),
            frauds=float(state["frauds"]),
        )


def training_features(frame: pd.DataFrame) -> tuple[npt.NDArray[np.float64], FeatureHistory]:
    """Out-of-time features of labelled rows, and the history they leave behind."""
    if "fraud" not in frame.columns:
        raise error(ModelDataError, "model_data_invalid.no_fraud_column")
    texts = BatchTexts(frame)
    vocabularies = {name: sorted(set(texts.field(name).tolist())) for name in CATEGORICAL_FIELDS}
    columns = [*_categorical_columns(texts, vocabularies), *numeric_columns(texts)]
    log_unit_value = columns[len(CATEGORICAL_FIELDS) + NUMERIC_FEATURES.index("log_unit_value")]
    day = frame["date"].to_numpy().astype("datetime64[D]").astype(np.int64)
    fraud = frame["fraud"].to_numpy(dtype=np.float64)
    everyone = np.full(len(frame), "", dtype=object)
    overall = _sums_before(day, everyone, fraud, log_unit_value)
    prior = _prior(overall.count, overall.frauds)
    rows = np.arange(len(frame))
    tables: dict[str, KeyTable] = {}
    befores: dict[str, KeyTable] = {}
    for keys in dict.fromkeys([*RATE_KEYS, *UNIT_VALUE_KEYS]):
        batch_keys = texts.key(keys)
        befores[_key_name(keys)] = _sums_before(day, batch_keys, fraud, log_unit_value)
        tables[_key_name(keys)] = _totals(batch_keys, fraud, log_unit_value)
    for keys in RATE_KEYS:
        columns.append(_gather_rate(befores[_key_name(keys)], rows, prior))
    for keys in UNIT_VALUE_KEYS:
        columns.append(_gather_unit_value_z(befores[_key_name(keys)], rows, log_unit_value))
    history = FeatureHistory(
        vocabularies=vocabularies, tables=tables, count=float(len(frame)), frauds=float(fraud.sum())
    )
    return np.column_stack(columns), history


def _prior(count: Any, frauds: Any) -> Any:
    # Laplace-smoothed so the very first day, with no past at all, still has a rate.
    return (frauds + 1.0) / (count + 2.0)


def _rate(count: Any, frauds: Any, prior: Any) -> Any:
    return (frauds + prior * SMOOTHING) / (count + SMOOTHING)


def _gather_rate(
    table: KeyTable, rows: npt.NDArray[np.intp], prior: npt.NDArray[np.float64]
) -> npt.NDArray[np.float64]:
    return np.asarray(_rate(table.count[rows], table.frauds[rows], prior), dtype=np.float64)


def _unit_value_moments(count: Any, total: Any, sq_total: Any) -> tuple[Any, Any]:
    seen = np.maximum(count, 1.0)
    mean = total / seen
    variance = np.maximum(sq_total / seen - mean * mean, 0.0)
    return mean, np.sqrt(variance + UNIT_VALUE_VARIANCE_FLOOR)


def _gather_unit_value_z(
    table: KeyTable, rows: npt.NDArray[np.intp], log_unit_value: npt.NDArray[np.float64]
) -> npt.NDArray[np.float64]:
    count = table.count[rows]
    mean, spread = _unit_value_moments(
        count, table.unit_value_sum[rows], table.unit_value_sq_sum[rows]
    )
    # No earlier declaration of the key: no basis for "unusual"; LightGBM gives NaN a branch.
    return np.where(count > 0, (log_unit_value - mean) / spread, np.nan)


def _sums_before(
    day: npt.NDArray[np.int64],
    keys: npt.NDArray[np.object_],
    fraud: npt.NDArray[np.float64],
    log_unit_value: npt.NDArray[np.float64],
) -> KeyTable:
    """Per row, sums over the rows with the same key dated strictly before it."""
    table = pd.DataFrame(
        {
            "key": keys,
            "day": day,
            "count": 1.0,
            "frauds": fraud,
            "unit_value_sum": log_unit_value,
            "unit_value_sq_sum": log_unit_value * log_unit_value,
        }
    )
    per_day = table.groupby(["key", "day"], sort=True).sum()
    # Cumulative up to and including each day, shifted one day: same-day rows never see
    # each other, because within a day the order of declarations is not known.
    through = per_day.groupby(level="key").cumsum()
    before = through.groupby(level="key").shift(1, fill_value=0.0)
    at = before.index.get_indexer(pd.MultiIndex.from_arrays([table["key"], table["day"]]))
    values = before.to_numpy(dtype=np.float64)[at]
    return KeyTable([], values[:, 0], values[:, 1], values[:, 2], values[:, 3])


def _totals(
    keys: npt.NDArray[np.object_],
    fraud: npt.NDArray[np.float64],
    log_unit_value: npt.NDArray[np.float64],
) -> KeyTable:
    table = pd.DataFrame(
        {
            "key": keys,
            "count": 1.0,
            "frauds": fraud,
            "unit_value_sum": log_unit_value,
            "unit_value_sq_sum": log_unit_value * log_unit_value,
        }
    )
    sums = table.groupby("key", sort=True).sum()
    values = sums.to_numpy(dtype=np.float64)
    return KeyTable(
        [str(k) for k in sums.index], values[:, 0], values[:, 1], values[:, 2], values[:, 3]
    )


def _categorical_columns(
    texts: BatchTexts, vocabularies: Mapping[str, Sequence[str]]
) -> list[npt.NDArray[np.float64]]:
    return [
        pd.Index(vocabularies[name], dtype=object).get_indexer(texts.field(name)).astype(np.float64)
        for name in CATEGORICAL_FIELDS
    ]
