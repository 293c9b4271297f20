"""Clearance's words: every text in both languages with the same placeholders, and a label
(not a code) for every status and decision the portal shows."""

from __future__ import annotations

import pytest

from messages_support import assert_bilingual
from smartcustoms.declarations import catalog, messages
from smartcustoms.declarations.lifecycle import Status
from smartcustoms.declarations.release_rules import ReleaseDecision
from smartcustoms.declarations.release_web import PANEL_STATUSES
from smartcustoms.web.catalog import UI


@pytest.mark.parametrize(
    ("key", "texts"), [*messages.DECISIONS.items(), *catalog.UI.items()], ids=str
)
def test_every_text_is_written_in_both_languages_with_the_same_placeholders(
    key: str, texts: tuple[str, str]
) -> None:
    assert_bilingual(texts)


def test_every_status_decision_and_clearance_state_has_a_label() -> None:
    words = {**UI, **catalog.UI}
    assert all(f"status_{s}" in words for s in Status)
    assert all(f"clearance_decision_{d}" in words for d in ReleaseDecision)
    assert set(messages.DECISIONS) == {d.value for d in ReleaseDecision}
    assert all(f"clearance_{s}" in words for s in PANEL_STATUSES)
    assert words["status_cleared"] == ("cleared", "đã thông quan")
