"""Each import-linter contract fails when it is crossed, so a kept contract means something.

Every case copies the package into a temporary folder, writes one deliberate violation and
runs `lint-imports` on the copy with the project's own contracts.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
LINT = Path(sys.executable).with_name("lint-imports")

PURE = "Domain rules are pure"
LAYERED = "Each domain is layered"
SEAMS = "A domain uses another only through"

VIOLATIONS = [
    pytest.param("tariff/rules/quote.py", "import sqlalchemy", PURE, id="rules-import-sqlalchemy"),
    pytest.param(
        "risk/rules/selection.py", "import sqlalchemy", PURE, id="risk-rules-import-sqlalchemy"
    ),
    pytest.param("tariff/rules/book.py", "from smartcustoms import db", PURE, id="rules-import-db"),
    # The rules import their domain's message catalogue: it must stay pure as well.
    pytest.param(
        "tariff/messages.py", "import sqlalchemy", PURE, id="rules-catalogue-import-sqlalchemy"
    ),
    pytest.param("risk/messages.py", "from smartcustoms import db", PURE, id="messages-import-db"),
    pytest.param("kit/money.py", "import fastapi", PURE, id="kit-imports-fastapi"),
    pytest.param(
        "tariff/service/__init__.py",
        "from smartcustoms.risk import repository",
        SEAMS,
        id="cross-repo",
    ),
    pytest.param(
        "risk/service.py", "from smartcustoms.declarations import models", SEAMS, id="cross-models"
    ),
    pytest.param(
        "tariff/service/quotes.py", "from smartcustoms.tariff import api", LAYERED, id="upward"
    ),
]


def _lint(package_root: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(package_root)}
    return subprocess.run(
        [str(LINT), "--no-cache", "--no-logo", str(ROOT / "pyproject.toml")],
        cwd=package_root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("pristine")
    shutil.copytree(ROOT / "src" / "smartcustoms", copy / "smartcustoms")
    return copy


def test_the_code_as_it_is_keeps_every_contract(pristine: Path) -> None:
    result = _lint(pristine)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "BROKEN" not in result.stdout


@pytest.mark.parametrize(("module", "line", "contract"), VIOLATIONS)
def test_a_deliberate_violation_breaks_its_contract(
    pristine: Path, tmp_path: Path, module: str, line: str, contract: str
) -> None:
    shutil.copytree(pristine / "smartcustoms", tmp_path / "smartcustoms")
    target = tmp_path / "smartcustoms" / module
    target.write_text(target.read_text() + f"\n{line}  # deliberate violation\n")

    result = _lint(tmp_path)

    assert result.returncode != 0
    _, _, broken = result.stdout.partition("Broken contracts")
    assert contract in broken, result.stdout
