"""Small synthetic KCS-shaped declarations: fraud hides in some goods-origin pairs and prices."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from smartcustoms.risk.ml.records import DATE_DTYPE, FIELDS, KCS_COLUMNS

FAST_PARAMS = {"num_boost_round": 30, "num_leaves": 15, "min_data_in_leaf": 5}


def synthetic_frame(
    rows: int = 1500, *, seed: int = 7, start: date = date(2020, 1, 1)
) -> pd.DataFrame:
    """Declarations over 90 days, with record-field columns, like `read_kcs_csv` returns."""
    rng = np.random.default_rng(seed)
    hs6 = rng.choice([f"{c:06d}" for c in (10121, 30192, 620342, 847130, 851712, 940360)], rows)
    origin = rng.choice(["CN", "VN", "NA", "DE", "US"], rows)
    departure = np.where(rng.random(rows) < 0.8, origin, rng.choice(["CN", "SG", "HK"], rows))
    mass = np.round(rng.lognormal(4, 1.5, rows), 1)
    # A price per kilo typical of the goods, undervalued tenfold on a share of the frauds.
    typical = np.array([int(h) % 97 + 5 for h in hs6], dtype=float)
    risky_pair = (hs6 == "851712") & (origin == "CN") | (hs6 == "620342") & (origin == "VN")
    fraud = rng.random(rows) < np.where(risky_pair, 0.7, 0.1)
    undervalued = fraud & (rng.random(rows) < 0.5)
    unit_price = typical * rng.lognormal(0, 0.2, rows) / np.where(undervalued, 10, 1)
    days = np.sort(rng.integers(0, 90, rows))
    return pd.DataFrame(
        {
            "declaration_id": [f"D{i:06d}" for i in range(rows)],
            "date": pd.to_datetime([start + timedelta(days=int(d)) for d in days]).astype(
                DATE_DTYPE
            ),
            "office_id": rng.choice(["10", "20", "30"], rows),
            "process_type": "B",
            "import_type": rng.choice(["11", "87"], rows),
            "import_use": rng.choice(["21", "11"], rows),
            "payment_type": rng.choice(["11", "43"], rows),
            "transport_mode": rng.choice(["10", "40"], rows),
            "declarant_id": rng.choice([f"DC{i}" for i in range(20)], rows),
            "importer_id": rng.choice([f"IM{i}" for i in range(200)], rows),
            "seller_id": rng.choice(["", "S1", "S2", "S3"], rows),
            "courier_id": rng.choice(["", "", "", "C1"], rows),
            "hs6": hs6,
            "departure_country": departure,
            "origin_country": origin,
            "tax_rate": rng.choice([0.0, 5.0, 8.0], rows),
            "tax_type": rng.choice(["A", "FCN1"], rows),
            "origin_indicator": rng.choice(["E", "G", "Y"], rows),
            "net_mass": mass,
            "item_price": np.round(mass * unit_price, 2),
            "fraud": fraud.astype(np.int64),
            "critical_fraud": fraud.astype(np.int64),
        }
    )[list(FIELDS)]


def kcs_csv_text(frame: pd.DataFrame) -> str:
    """The frame as a KCS CSV file (original headers, dates as YYYY-MM-DD)."""
    out = frame.rename(columns={v: k for k, v in KCS_COLUMNS.items()}).copy()
    out["Date"] = out["Date"].dt.strftime("%Y-%m-%d")
    return str(out.to_csv(index=False))


@pytest.fixture(scope="session")
def declarations() -> pd.DataFrame:
    return synthetic_frame()


@pytest.fixture(scope="session")
def later_declarations() -> pd.DataFrame:
    return synthetic_frame(600, seed=11, start=date(2020, 4, 1))


@pytest.fixture(scope="session")
def make_frame() -> Callable[..., pd.DataFrame]:
    return synthetic_frame


@pytest.fixture
def write_csv(tmp_path: Path) -> Callable[..., Path]:
    """Write a frame (or raw text) as a KCS CSV file and return its path."""

    def write(content: pd.DataFrame | str, name: str = "declarations.csv") -> Path:
        path = tmp_path / name
        path.write_text(content if isinstance(content, str) else kcs_csv_text(content))
        return path

    return write
