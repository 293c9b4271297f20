"""The packaged files are exactly what the build script makes from ../shared/data."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
SCRIPT = ROOT / "scripts" / "build_reference_data.py"
PACKAGE_DATA = ROOT / "src" / "smartcustoms" / "reference" / "data"
GENERATED = (
    "hs2022.csv",
    "countries.csv",
    "currencies.csv",
    "locations.csv.gz",
    "units.csv",
    "incoterms.csv",
    "transport_modes.csv",
)


def test_rebuilding_from_shared_data_reproduces_the_package_files(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("build_reference_data", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    if not script.DEFAULT_SOURCE.is_dir():
        pytest.skip("../shared/data is not present")
    shutil.copy(PACKAGE_DATA / "sample_customs_offices.csv", tmp_path)

    script.build(script.DEFAULT_SOURCE, tmp_path)

    for name in GENERATED:
        assert (tmp_path / name).read_bytes() == (PACKAGE_DATA / name).read_bytes(), name
