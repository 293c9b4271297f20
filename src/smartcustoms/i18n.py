"""Language choice and the UI's words in Vietnamese and English."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from babel.dates import format_date, format_datetime, format_timedelta, get_timezone
from babel.numbers import format_decimal

LANGUAGES = ("vi", "en")
LOCALES = {"vi": "vi_VN", "en": "en_GB"}
VIETNAM = get_timezone("Asia/Ho_Chi_Minh")


def _weight(parameters: list[str]) -> float:
    for parameter in parameters:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "q":
            try:
                weight = float(value.strip())
            except ValueError:
                return 0.0
            return weight if 0.0 <= weight <= 1.0 else 0.0
    return 1.0


def preferred_languages(header: str) -> list[str]:
    """Supported languages of an Accept-Language value, most wanted first (RFC 9110 q-values;
    q=0 means "not this one"; equal weights keep the order given)."""
    weighted: list[tuple[float, int, str]] = []
    for position, part in enumerate(header.split(",")):
        tag, *parameters = part.split(";")
        code = tag.strip().lower().split("-")[0]
        weight = _weight(parameters)
        if code in LANGUAGES and weight > 0:
            weighted.append((-weight, position, code))
    return list(dict.fromkeys(code for _, _, code in sorted(weighted)))


def pick_language(*candidates: str | None, default: str = "vi") -> str:
    """The first supported language among query, cookie and Accept-Language, in that order."""
    for candidate in candidates:
        if candidate and (found := preferred_languages(candidate)):
            return found[0]
    return default


def number(value: Decimal | int | float | None, lang: str) -> str:
    if value is None:
        return ""
    return format_decimal(value, locale=LOCALES[lang])


def day(value: date | str | None, lang: str) -> str:
    """A day in the user's way; an ISO text (a date kept in JSON) is read first."""
    if isinstance(value, str):
        value = date.fromisoformat(value) if value else None
    return "" if value is None else format_date(value, format="short", locale=LOCALES[lang])


def moment(value: datetime | None, lang: str) -> str:
    if value is None:
        return ""
    return format_datetime(value, format="short", tzinfo=VIETNAM, locale=LOCALES[lang])


def duration(value: timedelta | None, lang: str) -> str:
    """A duration in words, to the nearest second ("2 minutes", "2 phút")."""
    if value is None:
        return ""
    return format_timedelta(value, granularity="second", threshold=1, locale=LOCALES[lang])


class _KeepMissing(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def translator(catalog: dict[str, tuple[str, str]], lang: str) -> Any:
    def t(key: str, **kwargs: Any) -> str:
        en, vi = catalog.get(key, (key, key))
        text = vi if lang == "vi" else en
        return text.format_map(_KeepMissing(kwargs)) if kwargs else text

    return t
