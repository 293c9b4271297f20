"""Numbers typed in the portal, read the way the user's language writes them.

The portal shows 12500.5 as "12.500,5" in Vietnamese and "12,500.5" in English, so a number
is read in the user's language: Babel parses what it formats. Vietnamese and English swap the
two signs, so a text can read as a different number in the other language. It is read in the
user's language when it is valid there, except when that reading puts the decimal sign before
exactly three digits and nothing else (Vietnamese "1,000", English "12.500"): the other
language writes its thousands that way, and such a text is far more often a thousands group
typed in the other convention (copied from an English invoice, say) than three decimals.
Guessing would store a figure a thousand times too small or too large, so it is refused and
the user is asked which number was meant. A text valid only in the other language, or with
groups of the wrong size ("1.00.0"), is refused with the expected format.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from babel.numbers import (
    NumberFormatError,
    format_decimal,
    get_decimal_symbol,
    get_group_symbol,
    parse_decimal,
)

from smartcustoms.errors import FieldError
from smartcustoms.i18n import LOCALES

# Digits and the two signs only, with an optional leading minus: Babel alone would also take
# "1e5", "NaN" or "Infinity".
SHAPE = re.compile(r"-?(?:[0-9][0-9.,]*|[.,][0-9]+)")
MAX_LENGTH = 40
OTHER = {"vi": "en", "en": "vi"}
EXAMPLE = Decimal("1234.56")
SIGN_NAMES = {".": ("a point", "dấu chấm"), ",": ("a comma", "dấu phẩy")}


class NumberRefused(ValueError):
    """A typed text that is not a number in the user's language, or reads two ways."""

    def __init__(self, code: str, message_en: str, message_vi: str) -> None:
        super().__init__(message_en)
        self.code = code
        self.message_en = message_en
        self.message_vi = message_vi

    def at(self, path: str) -> FieldError:
        return FieldError(path, self.code, self.message_en, self.message_vi)


def _locale(lang: str) -> str:
    return LOCALES[lang]


def _signs(lang: str) -> tuple[str, str]:
    """(decimal sign, group sign) of the language: (",", ".") in Vietnamese."""
    locale = _locale(lang)
    return get_decimal_symbol(locale), get_group_symbol(locale)


def _parse(text: str, lang: str) -> Decimal | None:
    try:
        return parse_decimal(text, locale=_locale(lang), strict=True)
    except NumberFormatError:
        return None


def _ambiguous(text: str, mine: Decimal, theirs: Decimal | None, lang: str) -> bool:
    """Valid in both languages with different values, and not grouped the user's way."""
    _, group = _signs(lang)
    return theirs is not None and theirs != mine and group not in text


def _format_refused(lang: str) -> NumberRefused:
    decimal, group = _signs(lang)
    example = format_decimal(EXAMPLE, locale=_locale(lang))
    group_en, group_vi = SIGN_NAMES[group]
    decimal_en, decimal_vi = SIGN_NAMES[decimal]
    return NumberRefused(
        "number_format",
        f"Type numbers as {example}: {group_en} between thousands, "
        f"{decimal_en} before the decimals.",
        f"Nhập số theo định dạng {example}: {group_vi} ngăn cách hàng nghìn, "
        f"{decimal_vi} trước phần thập phân.",
    )


def read_number(text: str, lang: str) -> Decimal | None:
    """The number typed, read in the user's language; None when nothing was typed."""
    text = text.strip()
    if not text:
        return None
    example = format_decimal(EXAMPLE, locale=_locale(lang))
    if not any(c.isdigit() for c in text):
        raise NumberRefused(
            "not_a_number",
            f"Not a number: type it as {example}.",
            f"Không phải là số: nhập theo định dạng {example}.",
        )
    if len(text) > MAX_LENGTH or not SHAPE.fullmatch(text):
        raise _format_refused(lang)
    mine = _parse(text, lang)
    if mine is None:
        raise _format_refused(lang)
    theirs = _parse(text, OTHER[lang])
    if _ambiguous(text, mine, theirs, lang):
        one, other = show_number(theirs, lang), show_number(mine, lang)
        raise NumberRefused(
            "number_ambiguous",
            f"“{text}” could be read two ways: did you mean {one} or {other}? "
            f"Type numbers as {example}.",
            f"«{text}» có thể hiểu theo hai cách: {one} hay {other}? "
            f"Nhập số theo định dạng {example}.",
        )
    return mine


def read_whole_number(text: str, lang: str) -> int | None:
    """A count (packages …) typed in the user's language; None when nothing was typed."""
    value = read_number(text, lang)
    if value is None:
        return None
    if value != value.to_integral_value():
        raise NumberRefused("not_whole", "Type a whole number.", "Nhập một số nguyên.")
    return int(value)


def show_number(value: Decimal | int | float | str | None, lang: str) -> str:
    """A number as a form field shows it: in the user's language, every significant digit,
    and read back as itself by read_number."""
    if value is None or value == "":
        return ""
    exact = Decimal(str(value)) if not isinstance(value, Decimal) else value
    text = format_decimal(exact, locale=_locale(lang), decimal_quantization=False)
    theirs = _parse(text, OTHER[lang])
    if _ambiguous(text, exact, theirs, lang):
        # Exactly three decimals would read as a thousands group in the other language; a
        # fourth (zero) digit leaves one reading.
        text += "0"
    return text


@dataclass
class NumberReader:
    """Reads a form's numbers in one language, keeping each refusal as a field error."""

    lang: str
    errors: list[FieldError] = field(default_factory=list)

    def number(self, text: str, path: str) -> Decimal | None:
        try:
            return read_number(text, self.lang)
        except NumberRefused as refused:
            self.errors.append(refused.at(path))
            return None

    def whole(self, text: str, path: str) -> int | None:
        try:
            return read_whole_number(text, self.lang)
        except NumberRefused as refused:
            self.errors.append(refused.at(path))
            return None


def figures_in(text: str, lang: str) -> str:
    """A text whose figures are written the English way (a tariff rate's label: "10.5%",
    "3,000 VND/KGM"), its signs swapped to the user's language: "10,5%", "3.000 VND/KGM"."""
    if _signs(lang) == (".", ","):
        return text
    return text.translate(_SWAP)


_SWAP = str.maketrans({".": ",", ",": "."})
