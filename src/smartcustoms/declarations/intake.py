"""Reading a declaration sent in one request so that every error is reported at once.

A body that does not match the document (an amount written "12,500", a code too long) used
to hide the business errors until it was fixed: the client learnt of 2 errors out of 12. Here
what could be read is kept (the fields with a format error are left out), the business rules
run on it, and the answer lists both: the format errors, then the rule errors of the fields
that were read, ordered as the form lays the fields out, each named by its label and line.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from smartcustoms.declarations.content import HEADER_FIELDS, ITEM_FIELDS
from smartcustoms.declarations.messages import labelled
from smartcustoms.declarations.schemas import DeclarationFiling, DeclarationWrite
from smartcustoms.errors import FieldError
from smartcustoms.problems import field_errors_from_pydantic

# Errors are listed as the form shows the fields: the header, then each line's fields.
_ORDER = {name: i for i, name in enumerate((*HEADER_FIELDS, "items", *ITEM_FIELDS))}
_ATTEMPTS = 4  # dropping a refused value cannot refuse another; a few rounds at most


@dataclass(frozen=True)
class Filing:
    """A filing body as read: the typed body when it matches the document; else what could
    be read (`salvaged`), with the format errors and the document's other refusals."""

    body: DeclarationFiling | None
    salvaged: DeclarationWrite
    format_errors: list[FieldError]
    schema_errors: list[FieldError]


def read_filing(data: Any) -> Filing:
    try:
        body = DeclarationFiling.model_validate(data)
    except ValidationError as strict:
        schema_errors = labelled(field_errors_from_pydantic(list(strict.errors())))
    else:
        return Filing(body, body, [], [])
    salvaged, format_errors = salvage(data)
    return Filing(None, salvaged, format_errors, schema_errors)


def salvage(data: Any) -> tuple[DeclarationWrite, list[FieldError]]:
    """What can be read of a draft's content, and the error of each value left out."""
    if not isinstance(data, dict):
        try:
            DeclarationWrite.model_validate(data)
        except ValidationError as refused:
            return DeclarationWrite(), labelled(field_errors_from_pydantic(refused.errors()))
    kept = copy.deepcopy(data)
    errors: list[FieldError] = []
    for _ in range(_ATTEMPTS):
        try:
            return DeclarationWrite.model_validate(kept), errors
        except ValidationError as refused:
            found = list(refused.errors())
            errors.extend(labelled(field_errors_from_pydantic(found)))
            for error in found:
                _leave_out(kept, tuple(error.get("loc", ())))
    return DeclarationWrite(), errors


def _leave_out(data: dict[str, Any], loc: tuple[Any, ...]) -> None:
    """Remove the refused value; a refused goods line stays, empty, so lines keep their
    numbers."""
    if not loc:
        return
    parent: Any = data
    for part in loc[:-1]:
        try:
            parent = parent[part]
        except (KeyError, IndexError, TypeError):
            return
    last = loc[-1]
    if isinstance(parent, dict):
        if loc == ("items",):
            parent["items"] = []
        else:
            parent.pop(last, None)
    elif isinstance(parent, list) and isinstance(last, int) and last < len(parent):
        parent[last] = {}


def all_errors(filing: Filing, rule_errors: list[FieldError]) -> list[FieldError]:
    """Format errors, the rules' errors of the fields that were read, and what else the
    document refused (a required field the rules did not name), in the form's order."""
    refused = [e.path for e in filing.format_errors]

    def covered(path: str) -> bool:
        return any(path == p or path.startswith((p + ".", p + "[")) for p in refused)

    rules = [e for e in rule_errors if not covered(e.path)]
    named = {e.path for e in filing.format_errors} | {e.path for e in rules}
    others = [e for e in filing.schema_errors if e.path not in named and not covered(e.path)]
    return sorted([*filing.format_errors, *rules, *others], key=_position)


def _position(error: FieldError) -> tuple[int, int]:
    name = error.path.rsplit(".", 1)[-1].split("[", 1)[0]
    return (error.line or 0, _ORDER.get(name, len(_ORDER)))
