"""Text search as users type it: folded words, code prefixes and synonym alternatives.

Stored texts keep a folded copy (`fold`) in a search column, written when the data is
loaded; a query is folded the same way, so "Điện thoại", "điện thoại" and "dien thoai" are
one query, on SQLite and PostgreSQL alike (a plain LIKE on folded text, no collation).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

_WORD = re.compile(r"\w+")
_CODE_QUERY = re.compile(r"[\d.\s]*\d[\d.\s]*")
# "mobile phones" means what "mobile phone" means: an English plural is cut back (for the
# synonym table only: the user's own words are matched as typed, "cars" is not "carries").
_PLURAL_MIN = 4


def fold(text: str) -> str:
    """Lower case without diacritics, "đ" read as "d": "Điện Thoại" → "dien thoai"."""
    lowered = text.lower().replace("đ", "d")
    decomposed = unicodedata.normalize("NFKD", lowered)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def search_text(*parts: str | None) -> str:
    """The value of a search column: the folded words of every part, each after a space."""
    return "".join(f" {word}" for word in _WORD.findall(fold(" ".join(p for p in parts if p))))


# Between the names of one row in a search column (English | Vietnamese), so a name typed
# whole ranks as an exact match whichever language it is in.
NAME_BREAK = " |"


def search_names(*names: str | None) -> str:
    """The value of a search column for a row known by several names: each name's folded
    words, the names apart: " kilogram | kilogam"."""
    return NAME_BREAK.join(folded for n in names if n and (folded := search_text(n)))


def words_of(text: str) -> tuple[str, ...]:
    """The folded words of a query: "Điện thoại" → ("dien", "thoai")."""
    return tuple(_WORD.findall(fold(text)))


def _key(words: tuple[str, ...]) -> str:
    """A synonym table's key: plurals cut back, so "laptops" is looked up as "laptop"."""
    return " ".join(_stem(w) for w in words)


def _stem(word: str) -> str:
    if len(word) >= _PLURAL_MIN and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


# Folded term → the phrases it may mean. A phrase is kept as " word word": the search column
# starts each word with a space, so a phrase matches where a word starts ("ô tô" is not "tomato"
# and " telephone" finds "telephones"), its words in that order.
Synonyms = Mapping[str, tuple[str, ...]]


def synonyms_from(rows: Iterable[tuple[str, str]]) -> dict[str, tuple[str, ...]]:
    """(term, meaning) pairs as a table: folded term → the phrases it may mean."""
    table: dict[str, list[str]] = {}
    for term, meaning in rows:
        key = _key(words_of(term))
        words = words_of(meaning)
        phrase = " " + " ".join(words)
        if key and words and phrase not in table.setdefault(key, []):
            table[key].append(phrase)
    return {key: tuple(value) for key, value in table.items()}


@dataclass(frozen=True)
class SearchQuery:
    """What to look for: a code prefix (digits only), or term lists any one of which must
    all occur; the first list is the user's own words (each found anywhere, "phone" in
    "smartphones"), the others have a phrase from the synonyms in place of a term."""

    code_prefix: str | None = None
    alternatives: tuple[tuple[str, ...], ...] = ()

    @property
    def empty(self) -> bool:
        return self.code_prefix is None and not any(self.alternatives)

    @property
    def words(self) -> tuple[str, ...]:
        return self.alternatives[0] if self.alternatives else ()


def parse_query(q: str, synonyms: Synonyms | None = None, *, max_digits: int = 8) -> SearchQuery:
    """ "8471.30" → a code prefix; "mobile phone" → its words, and each phrase of it that is
    a known term replaced by what the term means."""
    if _CODE_QUERY.fullmatch(q.strip()):
        return SearchQuery(code_prefix=re.sub(r"[.\s]", "", q)[:max_digits])
    words = words_of(q)
    if not words:
        return SearchQuery()
    alternatives = [words]
    for start in range(len(words)):
        for end in range(len(words), start, -1):
            for phrase in (synonyms or {}).get(_key(words[start:end]), ()):
                expanded = (*words[:start], phrase, *words[end:])
                if expanded not in alternatives:
                    alternatives.append(expanded)
    return SearchQuery(alternatives=tuple(alternatives))
