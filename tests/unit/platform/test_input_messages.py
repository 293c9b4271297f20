"""Every refusal of a value's shape has words for users in both languages, and the labels of
a declaration's fields and of the risk model's inputs are written in both."""

from __future__ import annotations

import pytest

from messages_support import assert_bilingual
from smartcustoms.declarations.messages import FIELDS, labelled
from smartcustoms.errors import FieldError
from smartcustoms.kit.input_messages import INPUT_ERRORS, input_error_texts
from smartcustoms.risk.feature_labels import OTHER, feature_label
from smartcustoms.risk.ml.features import feature_names


@pytest.mark.parametrize("kind", sorted(INPUT_ERRORS))
def test_each_input_error_is_written_in_both_languages(kind: str) -> None:
    assert_bilingual(INPUT_ERRORS[kind])


def test_an_unknown_kind_or_a_missing_placeholder_reads_as_an_invalid_value() -> None:
    assert input_error_texts("something_new").vi == "Giá trị không hợp lệ."
    assert input_error_texts("string_too_long", {}).en == "This value is not valid."
    assert input_error_texts("string_too_long", {"max_length": 2}).vi == "Tối đa 2 ký tự."


def test_a_goods_line_is_counted_from_one_and_named_by_its_label() -> None:
    (error,) = labelled([FieldError("items[1].invoice_value", "x", "Too high.", "Quá cao.")])
    assert error.line == 2
    assert error.described("en") == "Line 2, Invoice value: Too high."
    assert error.described("vi") == "Dòng 2, Trị giá hóa đơn: Quá cao."
    assert error.as_dict("vi") == {
        "path": "items[1].invoice_value",
        "code": "x",
        "message": "Dòng 2, Trị giá hóa đơn: Quá cao.",
        "field": "Trị giá hóa đơn",
        "line": 2,
    }


@pytest.mark.parametrize("name", sorted(FIELDS))
def test_each_declaration_field_has_a_label_in_both_languages(name: str) -> None:
    assert_bilingual(FIELDS[name])


@pytest.mark.parametrize("name", [*feature_names(), "payment_type_code"])
def test_each_model_input_is_named_in_plain_words(name: str) -> None:
    label = feature_label(name)
    assert label != OTHER
    assert_bilingual(label)
    assert "_" not in label.en + label.vi
