"""Training is deterministic; the model file round-trips and refuses foreign schemas."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from smartcustoms.risk.ml.errors import ModelDataError, ModelFileError, ModelSchemaMismatch
from smartcustoms.risk.ml.model import FraudModel, train
from smartcustoms.risk.ml.records import records_from_frame

FAST = {"num_boost_round": 30, "num_leaves": 15, "min_data_in_leaf": 5}


@pytest.fixture(scope="module")
def model(declarations: pd.DataFrame) -> FraudModel:
    return train(declarations, FAST, seed=3)


def test_same_seed_same_scores(
    model: FraudModel, declarations: pd.DataFrame, later_declarations: pd.DataFrame
) -> None:
    again = train(declarations, FAST, seed=3)

    np.testing.assert_array_equal(again.score(later_declarations), model.score(later_declarations))
    assert again.booster.model_to_string() == model.booster.model_to_string()


def test_the_model_ranks_risky_declarations_first(
    model: FraudModel, later_declarations: pd.DataFrame
) -> None:
    scores = model.score(later_declarations)
    top = np.argsort(-scores)[:60]

    assert later_declarations["fraud"].to_numpy()[top].mean() > 0.6


def test_score_one_equals_the_batch_score(
    model: FraudModel, later_declarations: pd.DataFrame
) -> None:
    records = records_from_frame(later_declarations.head(40))

    one_by_one = [model.score_one(r) for r in records]

    np.testing.assert_array_equal(one_by_one, model.score(records))
    np.testing.assert_array_equal(one_by_one, model.score_records(records))


def test_explanation_adds_up_to_the_score(
    model: FraudModel, later_declarations: pd.DataFrame
) -> None:
    record = records_from_frame(later_declarations.head(1))[0]

    reasons = model.explain(record)
    baseline = model.booster.predict(model.features([record]), pred_contrib=True)[0][-1]

    logit = baseline + sum(value for _, value in reasons)
    assert 1 / (1 + np.exp(-logit)) == pytest.approx(model.score_one(record))
    assert {name for name, _ in reasons} == set(model.feature_names)
    assert abs(reasons[0][1]) >= abs(reasons[-1][1])


def test_file_round_trip_keeps_scores_window_and_metrics(
    model: FraudModel, later_declarations: pd.DataFrame, tmp_path: Path
) -> None:
    path = tmp_path / "fraud.model"
    model.save(path)

    loaded = FraudModel.load(path)

    np.testing.assert_array_equal(loaded.score(later_declarations), model.score(later_declarations))
    assert loaded.window == model.window
    assert loaded.params == model.params
    assert loaded.metrics == model.metrics
    assert "precision_at_5" in loaded.metrics


def test_a_file_built_for_another_feature_schema_is_refused(
    model: FraudModel, tmp_path: Path
) -> None:
    path = tmp_path / "old.model"
    model.save(path)
    forged = tmp_path / "forged.model"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(forged, "w") as target:
        for item in source.namelist():
            content = source.read(item)
            if item == "manifest.json":
                manifest = json.loads(content)
                manifest["feature_schema"]["version"] = "kcs-fraud/0"
                content = json.dumps(manifest).encode()
            target.writestr(item, content)

    with pytest.raises(ModelSchemaMismatch, match="kcs-fraud/0"):
        FraudModel.load(forged)


def test_a_file_that_is_not_a_model_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.model"
    path.write_text("hello")

    with pytest.raises(ModelFileError):
        FraudModel.load(path)


def test_training_needs_labels(declarations: pd.DataFrame) -> None:
    with pytest.raises(ModelDataError, match="labelled"):
        train(declarations.drop(columns="fraud"), FAST)


def test_a_truncated_model_file_is_refused(model: FraudModel, tmp_path: Path) -> None:
    path = tmp_path / "whole.model"
    model.save(path)
    broken = tmp_path / "broken.model"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.namelist():
            content = source.read(item)
            target.writestr(
                item, content[: len(content) // 2] if item == "booster.txt" else content
            )

    with pytest.raises(ModelFileError):
        FraudModel.load(broken)
