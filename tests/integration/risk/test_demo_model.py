"""`smartcustoms seed-demo` gives a fresh install an active fraud model from the package alone."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from smartcustoms.cli import app
from smartcustoms.config import get_settings
from smartcustoms.db import make_engine, make_session_factory
from smartcustoms.risk.models import ModelVersion


@pytest.fixture
def fresh_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The environment of a fresh clone: its own SQLite file and var dir, no shared data."""
    monkeypatch.setenv("SMARTCUSTOMS_DATABASE_URL", f"sqlite:///{tmp_path / 'demo.db'}")
    monkeypatch.setenv("SMARTCUSTOMS_VAR_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("SMARTCUSTOMS_SHARED_DATA_DIR", str(tmp_path / "no-such-folder"))
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


def test_seed_demo_activates_a_model_with_no_shared_data_dir(fresh_install: Path) -> None:
    runner = CliRunner()
    for command in (["migrate"], ["reference", "load"], ["tariff", "import", "--sample"]):
        result = runner.invoke(app, command)
        assert result.exit_code == 0, result.output

    seeded = runner.invoke(app, ["seed-demo"])
    again = runner.invoke(app, ["seed-demo"])

    assert seeded.exit_code == 0, seeded.output
    assert (
        "fraud model: version 1 trained on the shipped KCS sample (15,000 declarations) "
        "and active" in seeded.output
    )
    assert "fraud model: already trained" in again.output
    engine = make_engine(f"sqlite:///{fresh_install / 'demo.db'}")
    with make_session_factory(engine)() as session:
        version = session.scalars(select(ModelVersion)).one()
    engine.dispose()
    assert version.active
    assert (fresh_install / "var" / "models" / version.file_name).is_file()
    assert version.evaluation["validation_rows"] == 4_000
    # The figures the model card states for the held-out sample.
    assert version.evaluation["precision_at_10"] == pytest.approx(0.81, abs=0.06)
