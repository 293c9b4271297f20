"""Every notification text and error is written in English and Vietnamese; every code has a
title."""

from __future__ import annotations

import pytest

from messages_support import assert_bilingual
from smartcustoms.notifications.messages import CATALOGUE
from smartcustoms.notifications.rules import Code


@pytest.mark.parametrize("key", sorted(CATALOGUE.templates))
def test_each_text_is_bilingual(key: str) -> None:
    assert_bilingual(CATALOGUE.templates[key])


@pytest.mark.parametrize("code", list(Code))
def test_each_code_has_a_title(code: Code) -> None:
    assert f"title.{code.value}" in CATALOGUE.templates
