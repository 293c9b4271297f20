"""The reference domain's texts live in one catalogue, keyed by code, complete in both
languages."""

from __future__ import annotations

import pytest

from messages_support import assert_bilingual
from smartcustoms.errors import NotFound
from smartcustoms.reference.messages import ERRORS, error


@pytest.mark.parametrize(("key", "texts"), ERRORS.items(), ids=str)
def test_every_text_is_written_in_both_languages_with_the_same_placeholders(
    key: str, texts: tuple[str, str]
) -> None:
    assert_bilingual(texts)


def test_an_unknown_code_is_not_found_and_named_in_both_languages() -> None:
    missing = error(NotFound, "unknown_location", code="VNXXX")

    assert (missing.code, missing.status) == ("not_found", 404)
    assert missing.message_en == "Unknown UN/LOCODE 'VNXXX'."
    assert missing.message_vi == "Mã địa điểm 'VNXXX' không tồn tại."
