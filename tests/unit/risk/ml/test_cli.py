"""`smartcustoms risk …`: several files per option, one JSON object, errors exit 2."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pandas as pd
from typer.testing import CliRunner

from smartcustoms.risk.cli import risk_app

runner = CliRunner()
KEYS = {
    "precision_at_1",
    "precision_at_2",
    "precision_at_5",
    "precision_at_10",
    "recall_at_5",
    "recall_at_10",
    "auc",
}


def test_evaluate_json_prints_exactly_the_agreed_keys(
    declarations: pd.DataFrame,
    later_declarations: pd.DataFrame,
    write_csv: Callable[..., Path],
) -> None:
    first = write_csv(declarations.iloc[:800], "a.csv")
    second = write_csv(declarations.iloc[800:], "b.csv")
    test = write_csv(later_declarations, "test.csv")

    result = runner.invoke(
        risk_app, ["evaluate", "--train", str(first), str(second), "--test", str(test), "--json"]
    )

    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert set(report) == KEYS
    assert all(isinstance(v, float) for v in report.values())


def test_train_then_score_writes_scores_and_reasons(
    declarations: pd.DataFrame,
    later_declarations: pd.DataFrame,
    write_csv: Callable[..., Path],
    tmp_path: Path,
) -> None:
    first = write_csv(declarations.iloc[:800], "a.csv")
    second = write_csv(declarations.iloc[800:], "b.csv")
    model = tmp_path / "fraud.model"
    scored = tmp_path / "scored.csv"

    trained = runner.invoke(
        risk_app, ["train", "--data", str(first), "--data", str(second), "--out", str(model)]
    )
    result = runner.invoke(
        risk_app,
        ["score", "--model", str(model), "--data", str(write_csv(later_declarations)),
         "--out", str(scored)],
    )  # fmt: skip

    assert trained.exit_code == 0, trained.output
    assert f"trained on {len(declarations):,} declarations" in trained.stdout
    assert result.exit_code == 0, result.output
    table = pd.read_csv(scored, dtype=str)
    assert list(table.columns) == ["Declaration ID", "score", "reasons"]
    assert len(table) == len(later_declarations)


def test_a_file_missing_columns_exits_2_naming_them(
    declarations: pd.DataFrame, write_csv: Callable[..., Path], tmp_path: Path
) -> None:
    path = write_csv(declarations.drop(columns=["net_mass", "tax_rate"]))

    result = runner.invoke(risk_app, ["train", "--data", str(path), "--out", str(tmp_path / "m")])

    assert result.exit_code == 2
    assert "Net Mass" in result.stderr
    assert "Tax Rate" in result.stderr
    assert "Traceback" not in result.output
