"""Time reaches the platform from its clock only, so that every date rule is testable."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

import smartcustoms
from smartcustoms.kit.clock import FixedClock, customs_date

SOURCE = Path(smartcustoms.__file__).parent
WALL_CLOCK = re.compile(r"\b(datetime\.now|datetime\.utcnow|date\.today|time\.time|utcnow)\(")
# Command-line entry points hold no app; they take the system's time once per command.
ENTRY_POINTS = {
    "kit/clock.py",
    "cli.py",
    "tariff/cli.py",
    "reference/cli.py",
    "risk/cli.py",
    "identity/cli.py",
    "signatures/cli.py",
}


def test_no_module_but_the_clock_and_the_command_line_reads_the_wall_clock() -> None:
    readers = [
        f"{path.relative_to(SOURCE)}:{number}"
        for path in sorted(SOURCE.rglob("*.py"))
        if str(path.relative_to(SOURCE)) not in ENTRY_POINTS
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if WALL_CLOCK.search(line) and not line.lstrip().startswith("#")
    ]
    assert readers == [], "take the time from the app's clock (deps.Now, Page.now())"


def test_a_fixed_clock_stands_still_until_moved() -> None:
    clock = FixedClock(datetime(2026, 11, 20, 2, 0, tzinfo=UTC))
    assert clock.now() == clock.now()
    clock.advance(timedelta(days=1))
    assert clock.now() == datetime(2026, 11, 21, 2, 0, tzinfo=UTC)
    with pytest.raises(ValueError, match="timezone-aware"):
        FixedClock(datetime(2026, 11, 20))


def test_the_customs_day_is_the_day_in_vietnam() -> None:
    late_evening_utc = datetime(2026, 11, 20, 18, 30, tzinfo=UTC)  # 01:30 on the 21st in Hanoi
    assert customs_date(late_evening_utc).isoformat() == "2026-11-21"
