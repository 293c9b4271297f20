"""Every payments text exists in English and Vietnamese, and names every kind it must."""

from __future__ import annotations

import pytest

from messages_support import assert_bilingual
from smartcustoms.payments.messages import MESSAGES, name, vnd
from smartcustoms.payments.rules import (
    AccountKind,
    ExceptionKind,
    ObligationKind,
    PaymentSource,
    PaymentStatus,
    Purpose,
)


@pytest.mark.parametrize(("key", "texts"), MESSAGES.items(), ids=str)
def test_every_message_has_both_languages_with_the_same_placeholders(
    key: str, texts: tuple[str, str]
) -> None:
    assert_bilingual(texts)


def test_every_code_shown_to_a_user_has_a_name() -> None:
    for prefix, codes in (
        ("kind", ObligationKind),
        ("account", AccountKind),
        ("source", PaymentSource),
        ("exception", ExceptionKind),
        ("status", PaymentStatus),
        ("purpose", Purpose),
    ):
        for code in codes:
            assert name(prefix, code.value).vi, (prefix, code)


def test_amounts_are_grouped_as_each_language_writes_them() -> None:
    assert vnd(1_250_000) == ("1,250,000", "1.250.000")
    assert vnd(0) == ("0", "0")
