"""Days as users type them in a form: day/month/year, the Vietnamese way, whatever the
browser's locale (a native date input shows mm/dd/yyyy to a browser set to US English)."""

from __future__ import annotations

import re
from datetime import date

# 31/12/2026, 1/2/2026, 31.12.2026, 31-12-2026; ISO 2026-12-31 too (programs, pasted values).
_DAY_MONTH_YEAR = re.compile(r"\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})\s*")
_ISO = re.compile(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*")

FIELD_PATTERN = r"\s*(\d{1,2}[.\/\-]\d{1,2}[.\/\-]\d{4}|\d{4}-\d{1,2}-\d{1,2})\s*"
FIELD_PLACEHOLDER = {"vi": "ngày/tháng/năm", "en": "dd/mm/yyyy"}


def parse_day(text: str) -> date | None:
    """The day written, or None if the text is not a real day ("31/02/2026" is not)."""
    if (found := _DAY_MONTH_YEAR.fullmatch(text)) is not None:
        day, month, year = (int(g) for g in found.groups())
    elif (found := _ISO.fullmatch(text)) is not None:
        year, month, day = (int(g) for g in found.groups())
    else:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def field_text(value: date | str | None) -> str:
    """A day as a form field shows it, 31/12/2026; a text that is no day is kept as typed."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        parsed = parse_day(value)
        if parsed is None:
            return value
        value = parsed
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"


def to_iso(text: str) -> str:
    """The ISO form of a typed day for a schema that reads ISO dates; text that is no day
    is returned as typed, so the schema's own refusal names the field."""
    parsed = parse_day(text)
    return text if parsed is None else parsed.isoformat()
