"""Language choice and the UI's words in Vietnamese and English."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from babel.dates import format_date, format_datetime, get_timezone
from babel.numbers import format_decimal

LANGUAGES = ("vi", "en")
LOCALES = {"vi": "vi_VN", "en": "en_GB"}
VIETNAM = get_timezone("Asia/Ho_Chi_Minh")


def pick_language(*candidates: str | None, default: str = "vi") -> str:
    """The first supported language among query, cookie and Accept-Language."""
    for candidate in candidates:
        if not candidate:
            continue
        for part in candidate.split(","):
            code = part.split(";")[0].strip().lower()[:2]
            if code in LANGUAGES:
                return code
    return default


def number(value: Decimal | int | float | None, lang: str) -> str:
    if value is None:
        return ""
    return format_decimal(value, locale=LOCALES[lang])


def day(value: date | None, lang: str) -> str:
    return "" if value is None else format_date(value, format="short", locale=LOCALES[lang])


def moment(value: datetime | None, lang: str) -> str:
    if value is None:
        return ""
    return format_datetime(value, format="short", tzinfo=VIETNAM, locale=LOCALES[lang])


class _KeepMissing(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def translator(catalog: dict[str, tuple[str, str]], lang: str) -> Any:
    def t(key: str, **kwargs: Any) -> str:
        en, vi = catalog.get(key, (key, key))
        text = vi if lang == "vi" else en
        return text.format_map(_KeepMissing(kwargs)) if kwargs else text

    return t
