"""A text in the two languages of the platform, and filling a catalogue's templates.

Every domain keeps its texts in its own `messages.py` as (English, Vietnamese) templates keyed
by code; this is how they are filled. A placeholder given a `Both` takes its English half in
the English text and its Vietnamese half in the Vietnamese one ("the red channel" /
"luồng đỏ").
"""

from __future__ import annotations

from typing import NamedTuple


class Both(NamedTuple):
    """One text in English and Vietnamese."""

    en: str
    vi: str


def fill(templates: tuple[str, str], params: dict[str, object]) -> Both:
    """The templates with their named placeholders filled in, in both languages."""
    en, vi = templates
    for value in params.values():
        if value.__class__ is Both:
            break
    else:
        return _both((en.format_map(params), vi.format_map(params)))
    en_params, vi_params = dict(params), dict(params)
    for name, value in params.items():
        if value.__class__ is Both:
            en_params[name], vi_params[name] = value
    return _both((en.format_map(en_params), vi.format_map(vi_params)))


def capitalized(text: Both) -> Both:
    """The first letter of each language's text in upper case (for a sentence's start)."""
    return Both(text.en[:1].upper() + text.en[1:], text.vi[:1].upper() + text.vi[1:])


def _both(pair: tuple[str, str]) -> Both:
    # tuple.__new__ skips NamedTuple's Python-level __new__, a third of a short text's time.
    return tuple.__new__(Both, pair)
