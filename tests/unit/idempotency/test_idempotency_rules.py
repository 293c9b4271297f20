"""What makes a retried request the same request, and the refusal of a reused key."""

from __future__ import annotations

import pytest

from messages_support import assert_bilingual
from smartcustoms.idempotency.messages import ERRORS, error
from smartcustoms.idempotency.rules import IdempotencyKeyReused, fingerprint


def test_a_body_is_the_same_request_whatever_the_order_of_its_fields() -> None:
    one = fingerprint("POST /declarations/submit", {"packages": 40, "items": [{"a": 1}]})
    same = fingerprint("POST /declarations/submit", {"items": [{"a": 1}], "packages": 40})
    other = fingerprint("POST /declarations/submit", {"items": [{"a": 1}], "packages": 41})

    assert one == same != other
    assert one.startswith("POST /declarations/submit ")


def test_a_request_without_a_body_is_its_operation() -> None:
    assert fingerprint("POST /declarations/7/submit") == "POST /declarations/7/submit"
    assert fingerprint("POST /declarations/7/submit") != fingerprint("POST /declarations/8/submit")


@pytest.mark.parametrize(("key", "texts"), ERRORS.items(), ids=str)
def test_every_text_is_written_in_both_languages_with_the_same_placeholders(
    key: str, texts: tuple[str, str]
) -> None:
    assert_bilingual(texts)


def test_a_reused_key_is_refused_in_both_languages() -> None:
    refused = error(IdempotencyKeyReused, "idempotency_key_reused")

    assert (refused.code, refused.status) == ("idempotency_key_reused", 422)
    assert refused.message_en == "This Idempotency-Key was already used for a different request."
    assert refused.message_vi == "Idempotency-Key này đã được dùng cho một yêu cầu khác."
