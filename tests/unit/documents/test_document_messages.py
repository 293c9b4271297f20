"""The documents domain's texts live in one catalogue, keyed by code, complete in both
languages."""

from __future__ import annotations

import pytest

from messages_support import assert_bilingual
from smartcustoms.documents.messages import ERRORS
from smartcustoms.documents.rules import (
    DocumentTooLarge,
    EmptyDocument,
    UnsupportedContent,
    check_size,
)
from smartcustoms.errors import DomainError


@pytest.mark.parametrize(("key", "texts"), ERRORS.items(), ids=str)
def test_every_text_is_written_in_both_languages_with_the_same_placeholders(
    key: str, texts: tuple[str, str]
) -> None:
    assert_bilingual(texts)


@pytest.mark.parametrize("error", [UnsupportedContent, DocumentTooLarge, EmptyDocument])
def test_every_document_error_code_has_its_texts(error: type[DomainError]) -> None:
    assert error.code in ERRORS


def test_a_size_refusal_names_the_size_and_the_limit_in_both_languages() -> None:
    with pytest.raises(DocumentTooLarge) as refused:
        check_size(2_500_000, limit=1_000_000)

    assert refused.value.message_en == "The file is 2,500,000 bytes; the limit is 1,000,000 bytes."
    assert refused.value.message_vi == (
        "Tệp có dung lượng 2,500,000 byte; giới hạn là 1,000,000 byte."
    )
