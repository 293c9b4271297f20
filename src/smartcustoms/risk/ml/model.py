"""The fraud model: train a LightGBM booster on out-of-time features, score, explain, save."""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any, TypeAlias

import lightgbm as lgb
import numpy as np
import numpy.typing as npt
import pandas as pd

from smartcustoms.risk.messages import error, texts
from smartcustoms.risk.ml.errors import ModelDataError, ModelFileError, ModelSchemaMismatch
from smartcustoms.risk.ml.evaluation import selectivity_report
from smartcustoms.risk.ml.features import (
    FEATURE_SCHEMA_VERSION,
    FeatureHistory,
    feature_names,
    training_features,
)
from smartcustoms.risk.ml.records import DeclarationRecord, frame_from_records

# Records for the platform; a frame of record fields for batch speed.
Declarations: TypeAlias = Sequence[DeclarationRecord] | pd.DataFrame

FILE_FORMAT = "smartcustoms-fraud-model"
FILE_FORMAT_VERSION = 1
# Chosen by time-based validation inside 2020 (train Jan-Sep, check Oct-Dec): docs/risk.md.
DEFAULT_PARAMS: dict[str, Any] = {
    "objective": "binary",
    "learning_rate": 0.1,
    "num_leaves": 63,
    "min_data_in_leaf": 20,
    "feature_fraction": 0.9,
    "lambda_l2": 1.0,
    # Bigger forests ranked slightly better (P@10% +0.02) but predicted 2-5x slower.
    "num_boost_round": 200,
}
# Fixed so that the same data and seed give the same booster on any machine. One thread:
# training takes seconds anyway, and OpenMP threads spinning on a busy 2-core host made it
# 100x slower (6 minutes instead of 4 s) while other jobs ran.
REPRODUCIBLE_PARAMS: dict[str, Any] = {
    "deterministic": True,
    "force_col_wise": True,
    "num_threads": 1,
    "verbosity": -1,
}
# Scoring runs inside web and worker processes, which are the unit of parallelism.
PREDICT_THREADS = 1
# Share of the training window, at its end, held out for the figures stored in the file.
HOLDOUT_SHARE = 0.25


@dataclass
class FraudModel:
    """A trained booster with the frozen history its features need."""

    booster: lgb.Booster
    history: FeatureHistory
    window: tuple[date, date]
    params: dict[str, Any]
    seed: int
    metrics: dict[str, Any] = field(default_factory=dict)
    feature_names: list[str] = field(default_factory=feature_names)
    schema_version: str = FEATURE_SCHEMA_VERSION

    def features(self, declarations: Declarations) -> npt.NDArray[np.float64]:
        """Feature matrix of a batch, in schema order."""
        return self.history.features(_as_frame(declarations))

    def score(
        self, declarations: Declarations, *, threads: int = PREDICT_THREADS
    ) -> npt.NDArray[np.float64]:
        """Fraud probability of each declaration, in input order.

        A batch job on an otherwise idle host may pass `threads=2` for more throughput.
        """
        if len(declarations) == 0:
            return np.zeros(0)
        scores = self.booster.predict(self.features(declarations), num_threads=threads)
        return np.asarray(scores, dtype=np.float64)

    def score_one(self, record: DeclarationRecord) -> float:
        """Fraud probability of one declaration, at registration time."""
        row = self.history.features_one(record).reshape(1, -1)
        return float(self.booster.predict(row, num_threads=PREDICT_THREADS)[0])

    def score_records(self, records: Sequence[DeclarationRecord]) -> npt.NDArray[np.float64]:
        """Fraud probability of each record, built like `score_one` but predicted in one call."""
        if not records:
            return np.zeros(0)
        matrix = self.history.features_many(records)
        scores = self.booster.predict(matrix, num_threads=PREDICT_THREADS)
        return np.asarray(scores, dtype=np.float64)

    def explain(self, record: DeclarationRecord) -> list[tuple[str, float]]:
        """Each feature's push on the log-odds, strongest first (LightGBM SHAP values)."""
        row = self.history.features_one(record).reshape(1, -1)
        contributions = self.booster.predict(row, pred_contrib=True, num_threads=PREDICT_THREADS)
        contributions = contributions[0][:-1]
        order = np.argsort(-np.abs(contributions), kind="stable")
        return [(self.feature_names[i], float(contributions[i])) for i in order]

    def reasons(self, declarations: Declarations, top: int = 3) -> list[list[tuple[str, float]]]:
        """Per declaration, the `top` features pushing its score up the most."""
        matrix = self.features(declarations)
        if len(matrix) == 0:
            return []
        contributions = self.booster.predict(matrix, pred_contrib=True, num_threads=PREDICT_THREADS)
        contributions = np.asarray(contributions)[:, :-1]
        order = np.argsort(-contributions, axis=1, kind="stable")[:, :top]
        return [
            [
                (self.feature_names[j], float(contributions[i, j]))
                for j in row
                if contributions[i, j] > 0
            ]
            for i, row in enumerate(order)
        ]

    def save(self, path: Path) -> None:
        """Write one zip file: manifest (JSON), booster (LightGBM text), history (JSON)."""
        parts = {
            "booster.txt": self.booster.model_to_string().encode(),
            "history.json": json.dumps(self.history.to_dict()).encode(),
        }
        manifest = {
            "format": FILE_FORMAT,
            "format_version": FILE_FORMAT_VERSION,
            "feature_schema": {"version": self.schema_version, "names": self.feature_names},
            "training_window": {
                "from": self.window[0].isoformat(),
                "to": self.window[1].isoformat(),
            },
            "params": self.params,
            "seed": self.seed,
            "metrics": self.metrics,
            "lightgbm_version": lgb.__version__,
            "sha256": {name: _sha256(content) for name, content in parts.items()},
        }
        path.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("manifest.json", json.dumps(manifest, indent=2))
            for name, content in parts.items():
                archive.writestr(name, content)

    @classmethod
    def load(cls, path: Path) -> FraudModel:
        """Read a file written by `save`; refuse one built for another feature schema."""
        try:
            with zipfile.ZipFile(path) as archive:
                manifest = json.loads(archive.read("manifest.json"))
                _check_manifest(manifest, path)
                parts = {name: archive.read(name) for name in ("booster.txt", "history.json")}
            _check_digests(manifest, parts, path)
            booster_text = parts["booster.txt"].decode()
            history_state = json.loads(parts["history.json"])
            return cls._from_parts(manifest, booster_text, history_state)
        except (ModelFileError, ModelSchemaMismatch):
            raise
        # A truncated or hand-edited file fails in many ways; all mean "not a usable model".
        except (
            OSError,
            KeyError,
            TypeError,
            ValueError,
            zipfile.BadZipFile,
            lgb.basic.LightGBMError,
        ) as exc:
            raise error(
                ModelFileError, "model_file_invalid.unreadable", path=path, reason=exc
            ) from exc

    @classmethod
    def _from_parts(
        cls, manifest: Mapping[str, Any], booster_text: str, history_state: Mapping[str, Any]
    ) -> FraudModel:
        window = manifest["training_window"]
        return cls(
            booster=lgb.Booster(model_str=booster_text),
            history=FeatureHistory.from_dict(history_state),
            window=(date.fromisoformat(window["from"]), date.fromisoformat(window["to"])),
            params=dict(manifest["params"]),
            seed=int(manifest["seed"]),
            metrics=dict(manifest["metrics"]),
            feature_names=list(manifest["feature_schema"]["names"]),
            schema_version=str(manifest["feature_schema"]["version"]),
        )


def train(
    declarations: Declarations,
    params: Mapping[str, Any] | None = None,
    seed: int = 0,
    *,
    holdout: bool = True,
) -> FraudModel:
    """Train on labelled declarations; with `holdout`, also measure on the window's last quarter."""
    frame = _as_frame(declarations)
    if "fraud" not in frame.columns or len(frame) == 0:
        raise error(ModelDataError, "model_data_invalid.unlabelled")
    chosen = {**DEFAULT_PARAMS, **(params or {})}
    metrics = _holdout_metrics(frame, chosen, seed) if holdout else {}
    matrix, history = training_features(frame)
    booster = _fit(matrix, frame["fraud"].to_numpy(), chosen, seed)
    return FraudModel(
        booster=booster,
        history=history,
        window=_window(frame),
        params=chosen,
        seed=seed,
        metrics=metrics,
    )


def _fit(
    matrix: npt.NDArray[np.float64], labels: npt.NDArray[Any], params: Mapping[str, Any], seed: int
) -> lgb.Booster:
    booster_params = {k: v for k, v in params.items() if k != "num_boost_round"}
    booster_params.update(REPRODUCIBLE_PARAMS, seed=seed)
    dataset = lgb.Dataset(matrix, label=labels, feature_name=feature_names(), free_raw_data=True)
    return lgb.train(booster_params, dataset, num_boost_round=int(params["num_boost_round"]))


def _holdout_metrics(frame: pd.DataFrame, params: Mapping[str, Any], seed: int) -> dict[str, Any]:
    """Train on the window's first three quarters, score its last: honest figures to store."""
    start, end = _window(frame)
    cut = start + timedelta(days=int((end - start).days * (1 - HOLDOUT_SHARE)) + 1)
    earlier = frame[frame["date"] < pd.Timestamp(cut)].reset_index(drop=True)
    later = frame[frame["date"] >= pd.Timestamp(cut)].reset_index(drop=True)
    if earlier.empty or later.empty or later["fraud"].nunique() < 2:
        return {}
    matrix, history = training_features(earlier)
    booster = _fit(matrix, earlier["fraud"].to_numpy(), params, seed)
    scores = booster.predict(history.features(later), num_threads=PREDICT_THREADS)
    report: dict[str, Any] = selectivity_report(scores, later["fraud"].to_numpy())
    return {"holdout_from": cut.isoformat(), "holdout_rows": len(later), **report}


def _window(frame: pd.DataFrame) -> tuple[date, date]:
    return frame["date"].min().date(), frame["date"].max().date()


def _as_frame(declarations: Declarations) -> pd.DataFrame:
    if isinstance(declarations, pd.DataFrame):
        return declarations
    return frame_from_records(declarations)


def _sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _check_digests(manifest: Mapping[str, Any], parts: Mapping[str, bytes], path: Path) -> None:
    # LightGBM crashes the process on a truncated booster, so check before parsing.
    expected = manifest.get("sha256", {})
    damaged = [name for name, content in parts.items() if expected.get(name) != _sha256(content)]
    if damaged:
        raise error(
            ModelFileError, "model_file_invalid.damaged", path=path, parts=", ".join(damaged)
        )


def _check_manifest(manifest: Mapping[str, Any], path: Path) -> None:
    if (
        manifest.get("format") != FILE_FORMAT
        or manifest.get("format_version") != FILE_FORMAT_VERSION
    ):
        raise error(
            ModelFileError,
            "model_file_invalid.format",
            path=path,
            file_format=FILE_FORMAT,
            version=FILE_FORMAT_VERSION,
        )
    schema = manifest.get("feature_schema", {})
    expected = {"version": FEATURE_SCHEMA_VERSION, "names": feature_names()}
    if schema != expected:
        en, vi = texts(
            "model_schema_mismatch.file",
            path=path,
            built=schema.get("version"),
            current=FEATURE_SCHEMA_VERSION,
        )
        raise ModelSchemaMismatch(
            message_en=en,
            message_vi=vi,
            details={"file_schema": schema, "code_schema": expected},
        )
