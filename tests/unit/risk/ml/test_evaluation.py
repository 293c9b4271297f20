"""Selectivity metrics on hand-made examples."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smartcustoms.risk.ml.evaluation import auc, precision_at, recall_at, selectivity_report

# Ten declarations; the officer inspects the highest scores first.
SCORES = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.0]
LABELS = [1, 0, 1, 0, 0, 0, 1, 0, 0, 0]


def test_precision_at_counts_fraud_among_the_inspected_top() -> None:
    assert precision_at(SCORES, LABELS, 10) == 1.0  # one row: the 0.9, a fraud
    assert precision_at(SCORES, LABELS, 20) == 0.5
    assert precision_at(SCORES, LABELS, 30) == pytest.approx(2 / 3)
    assert precision_at(SCORES, LABELS, 100) == pytest.approx(0.3)


def test_recall_at_counts_the_share_of_all_fraud_caught() -> None:
    assert recall_at(SCORES, LABELS, 30) == pytest.approx(2 / 3)
    assert recall_at(SCORES, LABELS, 70) == 1.0
    assert recall_at(SCORES, [0] * 10, 50) == 0.0


def test_a_tiny_share_still_inspects_one_declaration() -> None:
    assert precision_at(SCORES, LABELS, 1) == 1.0


def test_ties_keep_the_earlier_row() -> None:
    assert precision_at([0.5, 0.5], [0, 1], 50) == 0.0


def test_auc_of_a_perfect_and_a_reversed_ranking() -> None:
    assert auc([0.9, 0.8, 0.1], [1, 1, 0]) == 1.0
    assert auc([0.1, 0.2, 0.9], [1, 1, 0]) == 0.0


def test_share_outside_zero_to_hundred_is_refused() -> None:
    with pytest.raises(ValueError, match="pct"):
        precision_at(SCORES, LABELS, 0)


def test_report_has_exactly_the_published_keys() -> None:
    report = selectivity_report(SCORES, LABELS)
    assert set(report) == {
        "precision_at_1",
        "precision_at_2",
        "precision_at_5",
        "precision_at_10",
        "recall_at_5",
        "recall_at_10",
        "auc",
    }
    assert all(isinstance(value, float) for value in report.values())


@given(
    st.lists(st.tuples(st.floats(0, 1), st.integers(0, 1)), min_size=1, max_size=200),
    st.floats(0.5, 100),
)
def test_inspecting_more_never_catches_less_fraud(
    rows: list[tuple[float, int]], pct: float
) -> None:
    scores, labels = [s for s, _ in rows], [y for _, y in rows]

    assert 0.0 <= precision_at(scores, labels, pct) <= 1.0
    assert recall_at(scores, labels, pct) <= recall_at(scores, labels, min(100.0, pct * 2))
