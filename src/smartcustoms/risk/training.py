"""Fraud model versions: train, store (SHA-256 checked), activate, and score at registration.

The active model is loaded once per app and kept (`LoadedModels`), keyed by its file and
digest, so registration scores in process without reading the file again.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy.orm import Session

from smartcustoms.audit import service as audit
from smartcustoms.db import carried
from smartcustoms.errors import DomainError, NotFound, PermissionDenied, ValidationFailed
from smartcustoms.identity.rules import Actor, Role
from smartcustoms.outbox.service import emit
from smartcustoms.risk import repository
from smartcustoms.risk.messages import error
from smartcustoms.risk.ml import shipped
from smartcustoms.risk.ml.evaluation import selectivity_report
from smartcustoms.risk.ml.model import FraudModel, train
from smartcustoms.risk.ml.records import DeclarationRecord, frame_from_records, read_kcs_csv
from smartcustoms.risk.model_files import LoadedModels, file_sha256, load_checked
from smartcustoms.risk.models import ModelVersion
from smartcustoms.risk.records_adapter import records_of
from smartcustoms.risk.rules import DeclarationFacts, ModelScore, TopFeatures, facts_from_json

log = logging.getLogger(__name__)

QUANTILE_POINTS = 101  # score quantiles 0 %, 1 %, …, 100 % of the validation window
TOP_FEATURES = 5
VALIDATION_SHARE = 0.2  # the latest fifth by date, when no validation file is given


def _require_model_manager(actor: Actor) -> None:
    if actor.role not in (Role.SUPERVISOR, Role.ADMIN):
        raise error(PermissionDenied, "model_manager_only")


def _require_customs(actor: Actor) -> None:
    if not (actor.is_customs or actor.role == Role.ADMIN):
        raise error(PermissionDenied, "model_viewer_customs_only")


@dataclass(frozen=True)
class ActiveModel:
    """What scoring needs of the active version, detached from any session."""

    id: int
    file_name: str
    sha256: str
    score_quantiles: tuple[float, ...]


def active_model(session: Session) -> ActiveModel | None:
    version = repository.active_model(session)
    if version is None:
        return None
    return ActiveModel(
        version.id, version.file_name, version.sha256, tuple(version.score_quantiles)
    )


@dataclass(frozen=True)
class Scoring:
    """A declaration scored by the model; the explanation is computed only when asked for.

    The explanation (SHAP values of the riskiest goods item, LightGBM `pred_contrib`) costs
    about ten times the score itself, so selection asks for it only where officers look.
    """

    score: ModelScore  # top_features None: not computed yet
    model: FraudModel
    riskiest: DeclarationRecord

    def top_features(self) -> TopFeatures:
        explained = self.model.explain(self.riskiest)[:TOP_FEATURES]
        return tuple((str(name), round(float(value), 4)) for name, value in explained)

    def explained(self) -> ModelScore:
        return replace(self.score, top_features=self.top_features())


def score_lazily(
    facts: DeclarationFacts,
    *,
    version: ModelVersion | ActiveModel | None,
    models_dir: Path,
    models: LoadedModels,
    at: datetime,
) -> Scoring | None:
    """The model's score of the riskiest goods item, unexplained; None when there is none.

    None also when no model is given or its file cannot be loaded (logged): registration
    must not stop because a file went missing, rules and random selection still apply.
    """
    if version is None:
        return None
    try:
        model = models.load(version, models_dir=models_dir)
    except DomainError:
        log.exception("fraud model %s cannot be loaded", version.id)
        return None
    records = records_of(facts, on=at.date())
    if not records:
        return None
    # One prediction call for all goods items: each call costs far more than a row.
    scores = model.score_records(records)
    riskiest = int(np.argmax(scores))
    quantiles = tuple(version.score_quantiles)
    return Scoring(
        score=ModelScore(
            version_id=version.id,
            score=float(scores[riskiest]),
            top_features=None,
            score_quantiles=quantiles,
        ),
        model=model,
        riskiest=records[riskiest],
    )


def score_facts(
    facts: DeclarationFacts,
    *,
    version: ActiveModel | None,
    models_dir: Path,
    models: LoadedModels,
    at: datetime,
) -> ModelScore | None:
    """The active model's score of the riskiest goods item, explained; None without a model."""
    scoring = score_lazily(facts, version=version, models_dir=models_dir, models=models, at=at)
    return None if scoring is None else scoring.explained()


# ---------------------------------------------------------------------------- training


def platform_labels(session: Session, *, until: datetime | None = None) -> pd.DataFrame | None:
    """Inspections recorded here, as labelled records: findings → fraud 1, clean → 0."""
    records = []
    for row in repository.labelled_decisions(session, until=until):
        facts = facts_from_json(row.facts)
        records.extend(records_of(facts, on=row.decided_at.date(), fraud=1 if row.findings else 0))
    return frame_from_records(records) if records else None


def _read(paths: Sequence[Path], max_rows: int | None) -> pd.DataFrame | None:
    frames = [read_kcs_csv(p) for p in paths]
    if max_rows is not None:
        frames = [f.head(max_rows) for f in frames]
    return pd.concat(frames, ignore_index=True) if frames else None


def _split_by_date(frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    ordered = frame.sort_values("date", kind="stable").reset_index(drop=True)
    cut = int(len(ordered) * (1 - VALIDATION_SHARE))
    return ordered.iloc[:cut].reset_index(drop=True), ordered.iloc[cut:].reset_index(drop=True)


def _evaluation(scores: np.ndarray[Any, Any], labels: np.ndarray[Any, Any]) -> dict[str, Any]:
    report: dict[str, Any] = {"validation_rows": len(labels), "fraud_share": 0.0}
    if len(labels):
        report["fraud_share"] = float(np.mean(labels))
    if len(set(labels.tolist())) == 2:
        report.update(selectivity_report(scores, labels))
    return report


@dataclass(frozen=True)
class TrainingData:
    training_paths: tuple[Path, ...]
    validation_paths: tuple[Path, ...] = ()
    max_rows: int | None = None  # first rows of each file only, for quick runs


KCS_FOLDER = "customs-declarations-kcs"


def kcs_training_data(shared_data_dir: Path | None, *, max_rows: int | None = None) -> TrainingData:
    """KCS 2020 to train on, 2021 Q1 to validate and calibrate: the published files under
    `shared_data_dir`, or without one the sample of both shipped in the package."""
    if shared_data_dir is None:
        return TrainingData((shipped.TRAIN_SAMPLE,), (shipped.VALID_SAMPLE,), max_rows)
    folder = shared_data_dir / KCS_FOLDER
    return TrainingData(
        (folder / "df_syn_train_eng.csv",), (folder / "df_syn_valid_eng.csv",), max_rows
    )


def models_dir(var_dir: Path) -> Path:
    return var_dir / "models"


def train_model_version(
    session: Session,
    *,
    actor: Actor,
    data: TrainingData,
    models_dir: Path,
    at: datetime,
    params: dict[str, Any] | None = None,
    activate: bool = False,
) -> ModelVersion:
    """Train on KCS history plus this platform's inspection labels; evaluate; store."""
    _require_model_manager(actor)
    history = _read(data.training_paths, data.max_rows)
    labels = platform_labels(session, until=at)
    frames = [f for f in (history, labels) if f is not None]
    if not frames:
        raise error(ValidationFailed, "nothing_to_train_on")
    everything = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    validation = _read(data.validation_paths, data.max_rows)
    if validation is None:
        training, validation = _split_by_date(everything)
    else:
        training = everything
    # Validation is done here on its own window, so the model's inner holdout is skipped.
    model = train(training, params=params, holdout=False)
    scores = np.asarray(model.score(validation), dtype=np.float64)
    truth = validation["fraud"].to_numpy() if "fraud" in validation else np.zeros(len(scores))
    quantiles: list[float] = (
        np.quantile(scores, np.linspace(0, 1, QUANTILE_POINTS)).tolist() if len(scores) else []
    )
    models_dir.mkdir(parents=True, exist_ok=True)
    staging = models_dir / f"training-{at:%Y%m%dT%H%M%S%f}.tmp"
    model.save(staging)
    sha = file_sha256(staging)
    final = models_dir / f"fraud-{sha[:16]}.model"
    staging.replace(final)
    version = ModelVersion(
        created_at=at,
        created_by_id=actor.user_id,
        training_from=model.window[0],
        training_to=model.window[1],
        training_rows=len(training),
        platform_labels=0 if labels is None else len(labels),
        parameters=dict(model.params),
        evaluation=_evaluation(scores, truth),
        score_quantiles=[round(float(q), 6) for q in quantiles],
        feature_schema=model.schema_version,
        file_name=final.name,
        sha256=sha,
        active=False,
    )
    session.add(version)
    session.flush()
    _record_model(session, "risk_model.trained", version, actor, at)
    emit(
        session,
        topic="risk.model_trained",
        aggregate_type="risk_model",
        aggregate_id=version.id,
        payload={"rows": version.training_rows, "platform_labels": version.platform_labels},
        at=at,
    )
    if activate:
        activate_model(session, actor=actor, version_id=version.id, models_dir=models_dir, at=at)
    return version


def import_model_file(
    session: Session, *, actor: Actor, source: Path, models_dir: Path, at: datetime
) -> ModelVersion:
    """Store a model trained elsewhere (e.g. `risk train`); refused if its features differ."""
    _require_model_manager(actor)
    model = load_checked(source, None)
    sha = file_sha256(source)
    models_dir.mkdir(parents=True, exist_ok=True)
    final = models_dir / f"fraud-{sha[:16]}.model"
    if source.resolve() != final.resolve():
        shutil.copyfile(source, final)
    version = ModelVersion(
        created_at=at,
        created_by_id=actor.user_id,
        training_from=model.window[0],
        training_to=model.window[1],
        training_rows=0,
        platform_labels=0,
        parameters=dict(model.params),
        evaluation={"imported_from": source.name, **model.metrics},
        score_quantiles=[],
        feature_schema=model.schema_version,
        file_name=final.name,
        sha256=sha,
        active=False,
    )
    session.add(version)
    session.flush()
    _record_model(session, "risk_model.imported", version, actor, at)
    return version


def _record_model(
    session: Session, action: str, version: ModelVersion, actor: Actor, at: datetime
) -> None:
    audit.record(
        session,
        action=action,
        object_type="risk_model",
        object_id=version.id,
        at=at,
        actor_id=actor.user_id,
        details={"sha256": version.sha256, "file": version.file_name},
    )


def activate_model(
    session: Session, *, actor: Actor, version_id: int, models_dir: Path, at: datetime
) -> ModelVersion:
    """Make a version the one registration scores with; its file is checked first."""
    _require_model_manager(actor)
    version = repository.model_version(session, version_id)
    if version is None:
        raise error(NotFound, "model_version_not_found", version_id=version_id)
    carried(session, LoadedModels).load(version, models_dir=models_dir)
    repository.deactivate_models(session, except_id=version.id)
    version.active = True
    version.activated_at = at
    version.activated_by_id = actor.user_id
    _record_model(session, "risk_model.activated", version, actor, at)
    emit(
        session,
        topic="risk.model_activated",
        aggregate_type="risk_model",
        aggregate_id=version.id,
        payload={"sha256": version.sha256, "feature_schema": version.feature_schema},
        at=at,
    )
    session.flush()
    return version


def deactivate_models(session: Session, *, actor: Actor) -> None:
    """Stop scoring with any model: selection falls back to rules and random draws."""
    _require_model_manager(actor)
    repository.deactivate_models(session)
    session.flush()


def list_model_versions(session: Session, *, actor: Actor) -> list[ModelVersion]:
    _require_customs(actor)
    return repository.model_versions(session)
