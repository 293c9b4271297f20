"""Selectivity metrics of Jeong et al. 2022: inspect the top n% by score, count fraud caught."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from sklearn.metrics import roc_auc_score

REPORT_PCTS = (1.0, 2.0, 5.0, 10.0)


def inspected(scores: npt.ArrayLike, pct: float) -> npt.NDArray[np.intp]:
    """Positions of the top `pct` percent by score; ties keep the earlier row."""
    values = np.asarray(scores, dtype=np.float64)
    if not 0 < pct <= 100:
        raise ValueError(f"pct must be in (0, 100], got {pct}")
    count = max(1, round(len(values) * pct / 100))
    return np.argsort(-values, kind="stable")[:count]


def precision_at(scores: npt.ArrayLike, labels: npt.ArrayLike, pct: float) -> float:
    """Share of fraud among the inspected top `pct` percent."""
    truth = np.asarray(labels)
    return float(truth[inspected(scores, pct)].mean())


def recall_at(scores: npt.ArrayLike, labels: npt.ArrayLike, pct: float) -> float:
    """Share of all fraud caught by inspecting the top `pct` percent."""
    truth = np.asarray(labels)
    total = truth.sum()
    return float(truth[inspected(scores, pct)].sum() / total) if total else 0.0


def auc(scores: npt.ArrayLike, labels: npt.ArrayLike) -> float:
    """ROC AUC; 0.5 means the ranking is no better than chance."""
    return float(roc_auc_score(np.asarray(labels), np.asarray(scores, dtype=np.float64)))


def selectivity_report(scores: npt.ArrayLike, labels: npt.ArrayLike) -> dict[str, float]:
    """The figures the project reports, keyed as `risk evaluate --json` prints them."""
    report = {f"precision_at_{p:g}": precision_at(scores, labels, p) for p in REPORT_PCTS}
    report["recall_at_5"] = recall_at(scores, labels, 5)
    report["recall_at_10"] = recall_at(scores, labels, 10)
    report["auc"] = auc(scores, labels)
    return report
