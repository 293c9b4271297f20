"""Features use only the past: out-of-time on training rows, frozen history when scoring."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from smartcustoms.risk.ml.features import FeatureHistory, feature_names, training_features
from smartcustoms.risk.ml.records import records_from_frame


def test_later_labels_do_not_change_earlier_rows_features(declarations: pd.DataFrame) -> None:
    cut = declarations["date"].iloc[len(declarations) // 2]
    flipped = declarations.copy()
    later = flipped["date"] >= cut
    flipped.loc[later, "fraud"] = 1 - flipped.loc[later, "fraud"]

    original, _ = training_features(declarations)
    changed, _ = training_features(flipped)

    earlier = (~later).to_numpy()
    np.testing.assert_array_equal(original[earlier], changed[earlier])
    assert not np.array_equal(original[~earlier], changed[~earlier], equal_nan=True)


def test_a_row_does_not_see_its_own_label_nor_same_day_labels(
    declarations: pd.DataFrame,
) -> None:
    day = declarations["date"].iloc[len(declarations) // 2]
    flipped = declarations.copy()
    same_day = flipped["date"] == day
    flipped.loc[same_day, "fraud"] = 1 - flipped.loc[same_day, "fraud"]

    original, _ = training_features(declarations)
    changed, _ = training_features(flipped)

    np.testing.assert_array_equal(original[same_day], changed[same_day])


def test_scoring_never_reads_the_scored_rows_labels(
    declarations: pd.DataFrame, later_declarations: pd.DataFrame
) -> None:
    _, history = training_features(declarations)
    relabelled = later_declarations.assign(fraud=1 - later_declarations["fraud"])

    np.testing.assert_array_equal(
        history.features(later_declarations), history.features(relabelled.drop(columns="fraud"))
    )


def test_batch_and_one_by_one_give_the_same_numbers(
    declarations: pd.DataFrame, later_declarations: pd.DataFrame
) -> None:
    _, history = training_features(declarations)
    unseen = later_declarations.copy()
    unseen.loc[:9, "hs6"] = "999999"  # goods never declared in training
    unseen.loc[10:19, "office_id"] = "99"  # an office the vocabulary does not know

    batch = history.features(unseen)
    records = records_from_frame(unseen)
    one_by_one = np.vstack([history.features_one(r) for r in records])

    assert batch.shape == (len(unseen), len(feature_names()))
    np.testing.assert_array_equal(batch, one_by_one)
    # A registration's few goods items at once, as scoring at registration computes them.
    for start in range(0, 40, 7):
        np.testing.assert_array_equal(
            history.features_many(records[start : start + 7]), batch[start : start + 7]
        )
    assert history.features_many([]).shape == (0, len(feature_names()))


def test_unseen_keys_fall_back_to_the_overall_past_rate(
    declarations: pd.DataFrame, later_declarations: pd.DataFrame
) -> None:
    _, history = training_features(declarations)
    unseen = later_declarations.head(3).assign(hs6="999999")
    names = feature_names()

    matrix = history.features(unseen)

    rate = matrix[:, names.index("fraud_rate__hs6__origin_country")]
    z = matrix[:, names.index("unit_value_z__hs6__origin_country")]
    np.testing.assert_array_equal(rate, history.prior)
    assert np.isnan(z).all()


def test_history_survives_its_plain_dict_form(
    declarations: pd.DataFrame, later_declarations: pd.DataFrame
) -> None:
    _, history = training_features(declarations)

    again = FeatureHistory.from_dict(history.to_dict())

    np.testing.assert_array_equal(
        again.features(later_declarations), history.features(later_declarations)
    )


def test_a_whole_number_tax_rate_is_the_same_key_as_its_float(
    declarations: pd.DataFrame, later_declarations: pd.DataFrame
) -> None:
    _, history = training_features(declarations)
    record = records_from_frame(later_declarations.head(1).assign(tax_rate=8.0))[0]

    as_int = dataclasses.replace(record, tax_rate=8)

    np.testing.assert_array_equal(history.features_one(as_int), history.features_one(record))
