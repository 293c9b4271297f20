"""Time comes from here so rules can take it as an argument and tests can fix it.

The app, the CLI and the workers each hold one `Clock`; routes take the request's time from
the app's clock (`deps.Now`, `Page.now()`), never from the wall clock, so a test can run the
whole platform on a fixed day and a deadline rule can be checked on any date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

# Customs days, deadlines and tariff dates are Vietnamese calendar days.
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant, timezone-aware (UTC)."""
        ...


class SystemClock:
    """The real time, for the running platform."""

    def now(self) -> datetime:
        return datetime.now(UTC)


@dataclass
class FixedClock:
    """A clock that stands still until moved: tests and simulations."""

    at: datetime

    def __post_init__(self) -> None:
        if self.at.tzinfo is None:
            raise ValueError("FixedClock needs a timezone-aware instant")

    def now(self) -> datetime:
        return self.at

    def advance(self, delta: timedelta) -> datetime:
        self.at = self.at + delta
        return self.at

    def set(self, at: datetime) -> None:
        if at.tzinfo is None:
            raise ValueError("FixedClock needs a timezone-aware instant")
        self.at = at


def utcnow() -> datetime:
    """The system clock's time, for entry points that hold no clock of their own (the CLI)."""
    return datetime.now(UTC)


def customs_date(at: datetime) -> date:
    """The calendar day in Vietnam at an instant: the day deadlines and rates are counted in."""
    return at.astimezone(VIETNAM).date()
