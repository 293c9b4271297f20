"""When a cargo report (e-manifest) is due, by mode of transport. Pure: no I/O.

- sea: 24 hours before arrival; 12 hours for a voyage shorter than 5 days (Vietnam's
  e-manifest rules, Circular 38/2015/TT-BTC as amended, Article 18);
- air: 60 minutes before arrival (flights are short; the same rule's air deadline);
- road: 60 minutes before the truck reaches the border gate. The law sets no time ahead
  for road; we chose the EU ICS2 road entry summary's one hour, long enough for pre-arrival
  risk scoring to run and the gate to know the truck, short enough for a truck dispatched
  from a depot near the border.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum


class Mode(StrEnum):
    SEA = "sea"
    AIR = "air"
    ROAD = "road"


SHORT_VOYAGE = timedelta(days=5)
AHEAD: dict[Mode, timedelta] = {
    Mode.SEA: timedelta(hours=24),
    Mode.AIR: timedelta(minutes=60),
    Mode.ROAD: timedelta(minutes=60),
}
SHORT_SEA_AHEAD = timedelta(hours=12)


def deadline(mode: Mode, *, departure_at: datetime | None, arrival_at: datetime) -> datetime:
    """The latest instant the manifest may be filed without being late."""
    ahead = AHEAD[mode]
    if mode == Mode.SEA and departure_at is not None and arrival_at - departure_at < SHORT_VOYAGE:
        ahead = SHORT_SEA_AHEAD
    return arrival_at - ahead


def is_late(filed_at: datetime, due: datetime) -> bool:
    return filed_at > due
