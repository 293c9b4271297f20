"""Every payments text exists in English and Vietnamese, and names every kind it must."""

from __future__ import annotations

import string

from smartcustoms.payments.messages import MESSAGES, name, vnd
from smartcustoms.payments.rules import (
    AccountKind,
    ExceptionKind,
    ObligationKind,
    PaymentSource,
    PaymentStatus,
    Purpose,
)


def _fields(template: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(template) if f}


def test_every_message_has_both_languages_with_the_same_placeholders() -> None:
    for key, (en, vi) in MESSAGES.items():
        assert en.strip(), key
        assert vi.strip(), key
        assert en != vi, key
        assert _fields(en) == _fields(vi), key


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
