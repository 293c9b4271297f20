"""The tariff's texts live in one catalogue, keyed by error code, complete in both languages."""

from __future__ import annotations

import pytest

from messages_support import assert_bilingual
from smartcustoms.errors import DomainError
from smartcustoms.tariff.importer import TariffImportFailed
from smartcustoms.tariff.messages import MESSAGES, Both, texts
from smartcustoms.tariff.rules import (
    InvalidQuoteRequest,
    NoExchangeRate,
    NoRateInForce,
    ProofNotAccepted,
    UnitMismatch,
    UnknownTariffLine,
)


@pytest.mark.parametrize(
    "error",
    [
        UnknownTariffLine,
        NoRateInForce,
        NoExchangeRate,
        ProofNotAccepted,
        UnitMismatch,
        InvalidQuoteRequest,
        TariffImportFailed,
    ],
)
def test_every_tariff_error_code_has_its_texts(error: type[DomainError]) -> None:
    en, vi = MESSAGES[error.code]

    assert en
    assert vi != en


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_both_languages_fill_in_the_same_placeholders(key: str) -> None:
    assert_bilingual(MESSAGES[key])


def test_a_placeholder_given_both_languages_takes_each_side() -> None:
    text = texts("proof_not_accepted", proof="EUR.1", origin="CN", where=Both("here", "ở đây"))

    assert text.en.endswith(": here.")
    assert text.vi.endswith(": ở đây.")
