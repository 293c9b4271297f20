"""Every single-window text in English and Vietnamese; every state and action named."""

from __future__ import annotations

import pytest

from messages_support import assert_bilingual
from smartcustoms.permits.messages import MESSAGES
from smartcustoms.permits.rules import Action, SamplingReason, State


@pytest.mark.parametrize(("key", "texts"), MESSAGES.items(), ids=str)
def test_every_message_has_both_languages_with_the_same_placeholders(
    key: str, texts: tuple[str, str]
) -> None:
    assert_bilingual(texts)


def test_every_state_action_and_sampling_reason_has_a_name() -> None:
    for prefix, codes in (("state", State), ("action", Action), ("sampling", SamplingReason)):
        for code in codes:
            assert f"{prefix}.{code.value}" in MESSAGES
