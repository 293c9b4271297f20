"""The identity domain's texts live in one catalogue, keyed by code, complete in both
languages."""

from __future__ import annotations

import pytest

from messages_support import assert_bilingual
from smartcustoms.errors import ValidationFailed
from smartcustoms.identity.messages import ERRORS
from smartcustoms.identity.rules import normalise_tax_code
from smartcustoms.identity.service import InvalidCredentials


@pytest.mark.parametrize(("key", "texts"), ERRORS.items(), ids=str)
def test_every_text_is_written_in_both_languages_with_the_same_placeholders(
    key: str, texts: tuple[str, str]
) -> None:
    # The tax-code checker gives its reason in English only: the Vietnamese text leaves it out.
    assert_bilingual(texts, left_out={"reason"} if key == "invalid_tax_code" else ())


def test_the_typed_identity_error_has_its_texts() -> None:
    assert InvalidCredentials.code in ERRORS


def test_an_invalid_tax_code_is_refused_with_the_field_and_the_checkers_reason() -> None:
    with pytest.raises(ValidationFailed) as refused:
        normalise_tax_code("123")

    assert refused.value.message_vi == "Mã số thuế (MST) '123' không hợp lệ."
    [field] = refused.value.errors
    assert (field.path, field.code) == ("tax_code", "invalid_tax_code")
    assert field.message_en.startswith("'123' is not a valid Vietnamese tax code: ")
    assert field.message_vi == "'123' không phải là mã số thuế hợp lệ"
