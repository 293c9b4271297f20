"""Channels and kinds of check. Pure: no I/O.

Channels follow the Revised Kyoto Convention (chapter 6) and VNACCS practice: green clears
automatically, yellow means a document check, red a physical inspection of the goods.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from smartcustoms.risk.messages import CHANNEL_WORDS

# Scores are points on a 0–100 scale: a rule adds at most this much, the model's 0..1 times it.
MAX_POINTS = 100.0


class Channel(StrEnum):
    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {Channel.GREEN: 0, Channel.YELLOW: 1, Channel.RED: 2}

CHANNEL_VI = {channel: CHANNEL_WORDS[channel].vi for channel in Channel}


def strictest(channels: Iterable[Channel]) -> Channel | None:
    """The most demanding channel among several (red over yellow over green)."""
    found = list(channels)
    return max(found, key=lambda c: c.rank) if found else None


class InspectionKind(StrEnum):
    DOCUMENT_CHECK = "document_check"
    PHYSICAL = "physical"
