"""The KCS training sample shipped in the package, so a fresh install trains a first model.

Source, licence and how it was drawn: `data/README.md`; the model it trains: `data/MODEL_CARD.md`.
"""

from __future__ import annotations

from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"
TRAIN_SAMPLE = DATA_DIR / "kcs-train-sample.csv.gz"  # 15,000 declarations of 2020
VALID_SAMPLE = DATA_DIR / "kcs-valid-sample.csv.gz"  # 4,000 of 2021 Q1, held out
