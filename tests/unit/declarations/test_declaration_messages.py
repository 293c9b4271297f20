"""The declarations domain's texts live in one catalogue, keyed by code, complete in both
languages; a refused status change is worded from it for every action and reason."""

from __future__ import annotations

import itertools

import pytest

from messages_support import assert_bilingual
from smartcustoms.declarations import messages
from smartcustoms.declarations.lifecycle import Action, Status, TransitionRefused, allows
from smartcustoms.errors import NotFound


@pytest.mark.parametrize(
    ("key", "texts"),
    [*messages.ERRORS.items(), *messages.ACTIONS.items(), *messages.REFUSALS.items()],
    ids=str,
)
def test_every_text_is_written_in_both_languages_with_the_same_placeholders(
    key: str, texts: tuple[str, str]
) -> None:
    assert_bilingual(texts)


def test_every_action_and_every_refusal_reason_the_lifecycle_gives_has_its_words() -> None:
    refusals = [
        TransitionRefused.of(state, action)
        for state, action in itertools.product([None, *Status], Action)
        if not allows(state, action)
    ]

    assert set(messages.ACTIONS) == {action.value for action in Action}
    assert set(messages.REFUSALS) == {error.details["reason"] for error in refusals}
    assert TransitionRefused.code in messages.ERRORS


def test_a_field_error_is_keyed_by_its_code_and_worded_from_the_catalogue() -> None:
    error = messages.field_error("incoterms", "unknown_Incoterms_rule", value="XYZ")

    assert (error.path, error.code) == ("incoterms", "unknown_Incoterms_rule")
    assert error.message_en == "Unknown Incoterms rule 'XYZ'."
    assert error.message_vi == "Điều kiện giao hàng 'XYZ' không tồn tại."


def test_an_error_keeps_its_class_code_and_status_and_takes_its_words_from_the_catalogue() -> None:
    error = messages.error(NotFound, "declaration_not_found", declaration_id=7)

    assert (error.code, error.status) == ("not_found", 404)
    assert error.message("en") == "Declaration 7 not found."
    assert error.message("vi") == "Không tìm thấy tờ khai 7."
