"""Feature columns from declared facts: the texts of history keys and the numeric block.

One code path for a batch (training, a frame of records) and a single record (scoring), so
both give bit-identical keys and numbers; split from `features` (history) by concern.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import pandas as pd

from smartcustoms.risk.ml.records import DeclarationRecord

KEY_SEPARATOR = "\x1f"
NUMERIC_KEY_FIELDS = frozenset({"tax_rate"})


def text_of(value: object) -> str:
    return "" if value is None else str(value)


class BatchTexts:
    """Key texts of a batch: each field converted, and each key prefix joined, only once."""

    def __init__(self, frame: pd.DataFrame) -> None:
        self.frame = frame
        self._fields: dict[str, npt.NDArray[np.object_]] = {}
        self._keys: dict[tuple[str, ...], npt.NDArray[np.object_]] = {}

    def field(self, name: str) -> npt.NDArray[np.object_]:
        if name not in self._fields:
            self._fields[name] = _field_texts(self.frame[name], name)
        return self._fields[name]

    def key(self, keys: tuple[str, ...]) -> npt.NDArray[np.object_]:
        if keys not in self._keys:
            if len(keys) == 1:
                self._keys[keys] = self.field(keys[0])
            else:
                # Object arrays concatenate element-wise; ("hs6", "origin") is reused.
                prefix = self.key(keys[:-1]) + KEY_SEPARATOR
                self._keys[keys] = prefix + self.field(keys[-1])
        return self._keys[keys]


def _field_texts(column: pd.Series, name: str) -> npt.NDArray[np.object_]:
    if name in NUMERIC_KEY_FIELDS:
        # Same text as str(float(x)) in _key_text, so 8, 8.0 and "8.0" are one key.
        texts = column.to_numpy(dtype=np.float64).astype(str)
    elif isinstance(column.dtype, pd.StringDtype):
        texts = column.to_numpy(dtype=object, na_value="")
    else:
        texts = column.fillna("").astype(str).to_numpy(dtype=object)
    return np.asarray(texts, dtype=object)


def _key_text(record: DeclarationRecord, name: str) -> str:
    value = getattr(record, name)
    return str(float(value)) if name in NUMERIC_KEY_FIELDS else text_of(value)


class RecordTexts:
    """Key texts of one record, joined by the same prefix rule as `BatchTexts`."""

    def __init__(self, record: DeclarationRecord) -> None:
        self.record = record
        self._keys: dict[tuple[str, ...], str] = {}

    def key(self, keys: tuple[str, ...]) -> str:
        if keys not in self._keys:
            last = _key_text(self.record, keys[-1])
            self._keys[keys] = (
                last if len(keys) == 1 else self.key(keys[:-1]) + KEY_SEPARATOR + last
            )
        return self._keys[keys]


def numeric_columns(texts: BatchTexts) -> list[npt.NDArray[np.float64]]:
    frame = texts.frame
    return _numeric_block(
        hs6_number=texts.field("hs6").astype(np.float64),
        tax_rate=frame["tax_rate"].to_numpy(dtype=np.float64),
        mass=frame["net_mass"].to_numpy(dtype=np.float64),
        price=frame["item_price"].to_numpy(dtype=np.float64),
        origin_differs=(texts.field("origin_country") != texts.field("departure_country")).astype(
            np.float64
        ),
    )


def numeric_one(record: DeclarationRecord) -> list[float]:
    block = _numeric_block(
        hs6_number=np.asarray([float(record.hs6)]),
        tax_rate=np.asarray([record.tax_rate], dtype=np.float64),
        mass=np.asarray([record.net_mass], dtype=np.float64),
        price=np.asarray([record.item_price], dtype=np.float64),
        origin_differs=np.asarray([float(record.origin_country != record.departure_country)]),
    )
    return [float(column[0]) for column in block]


def numeric_many(records: Sequence[DeclarationRecord]) -> list[npt.NDArray[np.float64]]:
    return _numeric_block(
        hs6_number=np.asarray([float(r.hs6) for r in records], dtype=np.float64),
        tax_rate=np.asarray([r.tax_rate for r in records], dtype=np.float64),
        mass=np.asarray([r.net_mass for r in records], dtype=np.float64),
        price=np.asarray([r.item_price for r in records], dtype=np.float64),
        origin_differs=np.asarray(
            [float(r.origin_country != r.departure_country) for r in records], dtype=np.float64
        ),
    )


def _numeric_block(
    *,
    hs6_number: npt.NDArray[np.float64],
    tax_rate: npt.NDArray[np.float64],
    mass: npt.NDArray[np.float64],
    price: npt.NDArray[np.float64],
    origin_differs: npt.NDArray[np.float64],
) -> list[npt.NDArray[np.float64]]:
    # One code path for batch and single rows, so both give bit-identical numbers.
    log_mass = np.log1p(mass)
    log_price = np.log1p(price)
    return [
        hs6_number,
        np.floor(hs6_number / 100.0),
        np.floor(hs6_number / 10000.0),
        tax_rate,
        log_mass,
        log_price,
        log_price - log_mass,
        origin_differs,
    ]
