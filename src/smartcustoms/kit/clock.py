"""Time comes from here so rules can take it as an argument and tests can fix it."""

from __future__ import annotations

from datetime import UTC, datetime


def utcnow() -> datetime:
    return datetime.now(UTC)
