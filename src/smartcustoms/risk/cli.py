"""`smartcustoms risk …` commands: train, evaluate and run the fraud model on KCS CSV files.

List options take several files either space-separated (`--data a.csv b.csv`) or
repeated (`--data a.csv --data b.csv`); bare paths after a list option join its list.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Annotated, Any, ParamSpec, TypeVar

import pandas as pd
import typer

from smartcustoms.errors import DomainError
from smartcustoms.risk import messages
from smartcustoms.risk.ml.errors import ModelDataError
from smartcustoms.risk.ml.evaluation import selectivity_report
from smartcustoms.risk.ml.model import FraudModel, train
from smartcustoms.risk.ml.records import read_kcs_csv

risk_app = typer.Typer(help="Risk management: the fraud model for selectivity.")

# Click options take one value each; extra bare arguments are collected here instead.
EXTRA_FILES = {"allow_extra_args": True}

P = ParamSpec("P")
R = TypeVar("R")


def _domain_errors_exit_2(command: Callable[P, R]) -> Callable[P, R]:
    """Print a DomainError as a message, not a traceback, and exit with code 2."""

    @wraps(command)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except DomainError as error:
            typer.echo(f"error: {error.message_en}", err=True)
            for field_error in getattr(error, "errors", []):
                # A missing column or file is already named in the headline; say it once.
                if field_error.message_en not in error.message_en and (
                    field_error.code != "missing_column"
                ):
                    typer.echo(f"  {field_error.path}: {field_error.message_en}", err=True)
            raise typer.Exit(code=2) from None

    return run


@risk_app.callback()
def _group() -> None:
    """Risk management: the fraud model for selectivity."""
    # A callback keeps each command a named subcommand, however many there are.


DataOption = Annotated[
    list[Path], typer.Option("--data", help="KCS declarations CSV file(s).", show_default=False)
]


@risk_app.command("train", context_settings=EXTRA_FILES)
@_domain_errors_exit_2
def train_command(
    ctx: typer.Context,
    data: DataOption,
    out: Annotated[Path, typer.Option("--out", help="Model file to write.")],
    seed: Annotated[int, typer.Option(help="Random seed (same seed, same model).")] = 0,
) -> None:
    """Train the fraud model on labelled CSV files and write one model file."""
    frame = _read_all([*data, *_extra_paths(ctx)])
    started = time.perf_counter()
    model = train(frame, seed=seed)
    model.save(out)
    typer.echo(
        f"trained on {len(frame):,} declarations {model.window[0]}..{model.window[1]} "
        f"in {time.perf_counter() - started:.1f} s -> {out}"
    )
    if model.metrics:
        typer.echo(f"hold-out (last quarter of the window, from {model.metrics['holdout_from']}):")
        typer.echo(_table(model.metrics))


@risk_app.command("evaluate", context_settings=EXTRA_FILES)
@_domain_errors_exit_2
def evaluate_command(
    ctx: typer.Context,
    train_files: Annotated[
        list[Path], typer.Option("--train", help="Labelled CSV file(s) to train on.")
    ],
    test: Annotated[Path, typer.Option("--test", help="Labelled CSV file to score.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    seed: Annotated[int, typer.Option(help="Random seed.")] = 0,
) -> None:
    """Train on --train, score every --test row, report precision/recall at top n% and AUC."""
    training = _read_all([*train_files, *_extra_paths(ctx)])
    testing = read_kcs_csv(test)
    if "fraud" not in testing.columns:
        raise messages.error(ModelDataError, "test_file_without_fraud", file=test)
    model = train(training, seed=seed, holdout=False)
    report = selectivity_report(model.score(testing), testing["fraud"].to_numpy())
    typer.echo(json.dumps(report) if as_json else _table(report))


@risk_app.command("score")
@_domain_errors_exit_2
def score_command(
    model_path: Annotated[Path, typer.Option("--model", help="Model file from `risk train`.")],
    data: Annotated[Path, typer.Option("--data", help="KCS declarations CSV to score.")],
    out: Annotated[Path, typer.Option("--out", help="CSV to write.")],
    top: Annotated[int, typer.Option(help="Reasons listed per declaration.")] = 3,
) -> None:
    """Score every declaration; write Declaration ID, score and the top reasons."""
    model = FraudModel.load(model_path)
    frame = read_kcs_csv(data)
    reasons = model.reasons(frame, top=top)
    result = pd.DataFrame(
        {
            "Declaration ID": frame["declaration_id"],
            "score": model.score(frame),
            "reasons": ["; ".join(f"{name} {value:+.3f}" for name, value in r) for r in reasons],
        }
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    result.to_csv(out, index=False, float_format="%.6f")
    typer.echo(f"scored {len(result):,} declarations -> {out}")


def _extra_paths(ctx: typer.Context) -> list[Path]:
    unknown = [arg for arg in ctx.args if arg.startswith("-")]
    if unknown:
        raise typer.BadParameter(f"unknown option(s): {' '.join(unknown)}")
    return [Path(arg) for arg in ctx.args]


def _read_all(paths: list[Path]) -> pd.DataFrame:
    return pd.concat([read_kcs_csv(path) for path in paths], ignore_index=True)


def _table(report: dict[str, Any]) -> str:
    labels = {
        "precision_at_1": "precision @ top 1%",
        "precision_at_2": "precision @ top 2%",
        "precision_at_5": "precision @ top 5%",
        "precision_at_10": "precision @ top 10%",
        "recall_at_5": "recall    @ top 5%",
        "recall_at_10": "recall    @ top 10%",
        "auc": "ROC AUC",
    }
    return "\n".join(f"  {labels[key]:<22} {report[key]:.4f}" for key in labels if key in report)
