"""SQL for a `kit.search.SearchQuery` over a folded search column: match and rank.

The column holds `kit.search.search_text(...)`, so a plain LIKE finds a folded word on
SQLite and PostgreSQL alike; % and _ in what users type are taken literally.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, and_, case, false, literal, or_, true

from smartcustoms.kit.search import NAME_BREAK, SearchQuery

# Rank of a row: lower comes first.
CODE_EXACT, CODE_PREFIX, TEXT_EXACT, TEXT_START, OWN_WORDS, SYNONYM, OTHER = range(7)


def _all_words(column: Any, words: tuple[str, ...]) -> ColumnElement[bool]:
    return and_(true(), *(column.contains(word, autoescape=True) for word in words))


def matches(code: Any, text: Any, query: SearchQuery) -> ColumnElement[bool]:
    """The row's code starts with the query's prefix, or its text holds one word list."""
    if query.code_prefix is not None:
        return code.startswith(query.code_prefix, autoescape=True)  # type: ignore[no-any-return]
    if not query.alternatives:
        return false()
    return or_(*(_all_words(text, words) for words in query.alternatives))


def rank(code: Any, text: Any, query: SearchQuery, *, code_word: str = "") -> ColumnElement[int]:
    """Exact code, then code prefix, then a text that is what was typed ("kilogram"), then
    one that starts with it, then one holding the user's own words, then synonyms.

    `code_word` is the query as a code ("CN", "KGM") where a word may also be one.
    """
    whens: list[tuple[ColumnElement[bool], int]] = []
    if query.code_prefix is not None:
        whens.append((code == query.code_prefix, CODE_EXACT))
        whens.append((code.startswith(query.code_prefix, autoescape=True), CODE_PREFIX))
    if code_word:
        whens.append((code == code_word, CODE_EXACT))
        whens.append((code.startswith(code_word, autoescape=True), CODE_PREFIX))
    if query.alternatives:
        typed = "".join(f" {word}" for word in query.words)
        whens.append((text == typed, TEXT_EXACT))
        # One of several names typed whole (kit.search.search_names), then one begun.
        whens.append((text.startswith(typed + NAME_BREAK, autoescape=True), TEXT_EXACT))
        whens.append((text.endswith(NAME_BREAK + typed, autoescape=True), TEXT_EXACT))
        whens.append((text.startswith(typed, autoescape=True), TEXT_START))
        whens.append((text.contains(NAME_BREAK + typed, autoescape=True), TEXT_START))
        whens.append((_all_words(text, query.alternatives[0]), OWN_WORDS))
        if len(query.alternatives) > 1:
            whens.append((matches(code, text, query), SYNONYM))
    if not whens:
        return literal(OTHER)
    return case(*whens, else_=OTHER)
