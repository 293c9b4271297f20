"""Pickers: the codes that match what a user types in a code field, and a code's name.

Reached through `reference.service`, the domain's face.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from sqlalchemy.orm import Session

from smartcustoms.errors import NotFound
from smartcustoms.kit.search import SearchQuery, Synonyms, parse_query, synonyms_from
from smartcustoms.reference import repository, sources
from smartcustoms.reference.messages import error
from smartcustoms.reference.models import (
    Country,
    Currency,
    Incoterm,
    Location,
    TransportMode,
    Unit,
)

PICKERS: dict[str, type[repository.Pickable]] = {
    "country": Country,
    "currency": Currency,
    "incoterm": Incoterm,
    "location": Location,
    "transport_mode": TransportMode,
    "unit": Unit,
}
MAX_SUGGESTIONS = 20
_CODE_LENGTH = 5  # the longest code a picker holds (UN/LOCODE)


@dataclass(frozen=True)
class Suggestion:
    code: str
    label: str  # the name in the user's language, the other language's after it


@cache  # bounded: one packaged file, read once per process; it changes only with a release
def _synonyms() -> Synonyms:
    return synonyms_from(sources.read_search_synonyms())


def search_query(q: str, *, max_digits: int = 8) -> SearchQuery:
    """What a search box's text asks for, common trade words ("laptop") understood."""
    return parse_query(q, _synonyms(), max_digits=max_digits)


def _names(row: repository.Pickable) -> tuple[str, str]:
    """(English, Vietnamese) names of a row; the Vietnamese one may be empty."""
    if isinstance(row, Country):
        return row.name, row.name_vi
    if isinstance(row, TransportMode):
        return row.name_en, row.name_vi
    if isinstance(row, Location):
        # "Hải Phòng (Haiphong, VN)": the country once, after the English name.
        return f"{row.name}, {row.country}", row.name_vi
    return row.name, row.name_vi


def _label(row: repository.Pickable, lang: str) -> str:
    en, vi = _names(row)
    first, second = (vi, en) if lang == "vi" and vi else (en, vi)
    return f"{first} ({second})" if second and second != first else first


def _model(kind: str) -> type[repository.Pickable]:
    model = PICKERS.get(kind)
    if model is None:
        raise error(NotFound, "unknown_picker", kind=kind)
    return model


def suggest(session: Session, *, kind: str, q: str, lang: str, limit: int = 10) -> list[Suggestion]:
    """Codes of a list ("country", "unit" …) whose code or name in either language matches
    q, any case, with or without diacritics: "trung quoc" finds CN; the exact code first."""
    model = _model(kind)
    q = q.strip()[:100]
    if not q:
        return []
    code_word = q.upper() if len(q) <= _CODE_LENGTH and " " not in q else ""
    rows = repository.suggest(
        session,
        model,
        query=parse_query(q, max_digits=_CODE_LENGTH),
        code_word=code_word,
        limit=min(max(limit, 1), MAX_SUGGESTIONS),
    )
    return [Suggestion(row.code, _label(row, lang)) for row in rows]


def labels_of(session: Session, *, kind: str, codes: Sequence[str], lang: str) -> dict[str, str]:
    """The names of these codes of one list, for showing beside a filled-in field."""
    rows = repository.labelled(session, _model(kind), sorted({c for c in codes if c}))
    return {row.code: _label(row, lang) for row in rows}


def label_of(session: Session, *, kind: str, code: str, lang: str) -> str | None:
    return labels_of(session, kind=kind, codes=[code], lang=lang).get(code)
