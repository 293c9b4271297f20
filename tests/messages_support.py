"""What every domain's message catalogue must hold: each entry written in both languages,
filling in the same placeholders (so no language shows a raw `{name}` or drops a figure)."""

from __future__ import annotations

from collections.abc import Collection
from string import Formatter


def placeholders(template: str) -> set[str]:
    """The names a str.format template fills in."""
    return {name for _, name, _, _ in Formatter().parse(template) if name}


def assert_bilingual(texts: tuple[str, str], *, left_out: Collection[str] = ()) -> None:
    """Both texts are written, differ, and fill the same placeholders; the Vietnamese text may
    leave out the ones named (an English-only detail such as a library's reason)."""
    english, vietnamese = texts
    assert english.strip()
    assert vietnamese.strip()
    assert english != vietnamese
    assert placeholders(vietnamese) == placeholders(english) - set(left_out)
