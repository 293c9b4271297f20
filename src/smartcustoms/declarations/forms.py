"""Turning the portal's flat form fields into a DeclarationWrite, and back."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, get_args, get_type_hints

from pydantic import ValidationError
from starlette.datastructures import FormData

from smartcustoms.declarations.content import (
    HEADER_FIELDS,
    ITEM_FIELDS,
    DeclarationContent,
    ItemContent,
)
from smartcustoms.declarations.messages import labelled
from smartcustoms.declarations.models import Declaration
from smartcustoms.declarations.schemas import DeclarationWrite
from smartcustoms.errors import FieldError
from smartcustoms.kit.dates import to_iso
from smartcustoms.problems import field_errors_from_pydantic
from smartcustoms.web.numbers import NumberReader, show_number

ITEM_KEY = re.compile(r"items-(\d{1,3})-(\w+)")
BLANK_ROWS = 1


def _number_kinds(content: type) -> dict[str, type]:
    """The content's number fields and their kind (Decimal or int), from its type hints."""
    kinds: dict[str, type] = {}
    for name, hint in get_type_hints(content).items():
        for kind in (Decimal, int):
            if kind in get_args(hint):
                kinds[name] = kind
    return kinds


HEADER_NUMBERS = _number_kinds(DeclarationContent)
# Days are typed day/month/year (kit.dates); the schema reads ISO.
HEADER_DAYS = frozenset(
    name for name, hint in get_type_hints(DeclarationContent).items() if date in get_args(hint)
)
ITEM_NUMBERS = _number_kinds(ItemContent)


@dataclass
class DeclarationForm:
    """What the user typed, kept as text so a form with errors comes back as it was sent."""

    header: dict[str, str] = field(default_factory=dict)
    rows: list[dict[str, str]] = field(default_factory=list)
    enterprise_id: str = ""

    @classmethod
    def from_form(cls, form: FormData) -> DeclarationForm:
        header = {name: str(form.get(name, "")).strip() for name in HEADER_FIELDS}
        rows: dict[int, dict[str, str]] = {}
        for key, value in form.multi_items():
            match = ITEM_KEY.fullmatch(key)
            if match and match.group(2) in ITEM_FIELDS:
                rows.setdefault(int(match.group(1)), {})[match.group(2)] = str(value).strip()
        kept = [rows[i] for i in sorted(rows) if any(rows[i].values())]
        return cls(header, kept, str(form.get("enterprise_id", "")).strip())

    @classmethod
    def from_declaration(cls, declaration: Declaration, *, lang: str) -> DeclarationForm:
        """The saved declaration as the form shows it, numbers written in the user's way."""
        header = {
            name: _text(getattr(declaration, name), name in HEADER_NUMBERS, lang)
            for name in HEADER_FIELDS
        }
        rows = [
            {name: _text(getattr(item, name), name in ITEM_NUMBERS, lang) for name in ITEM_FIELDS}
            for item in declaration.items
        ]
        return cls(header, rows, str(declaration.enterprise_id))

    def parse(self, *, lang: str) -> tuple[DeclarationWrite | None, list[FieldError]]:
        """The typed content, numbers read in the user's language; or every field's error."""
        numbers = NumberReader(lang)
        data = _typed(self.header, HEADER_NUMBERS, numbers, "")
        data["items"] = [
            _typed(row, ITEM_NUMBERS, numbers, f"items[{i}].") for i, row in enumerate(self.rows)
        ]
        if self.enterprise_id:
            data["enterprise_id"] = self.enterprise_id
        try:
            body = DeclarationWrite.model_validate(data)
        except ValidationError as error:
            found = numbers.errors + field_errors_from_pydantic(list(error.errors()))
            return None, labelled(found)
        return (None, labelled(numbers.errors)) if numbers.errors else (body, [])

    def rows_for_display(self, extra: int = BLANK_ROWS) -> list[dict[str, str]]:
        return self.rows + [dict.fromkeys(ITEM_FIELDS, "") for _ in range(extra)]


def _typed(
    fields: dict[str, str], kinds: dict[str, type], numbers: NumberReader, path: str
) -> dict[str, Any]:
    """The filled-in fields, numbers read (a refused one is left out, its error kept)."""
    data: dict[str, Any] = {}
    for name, text in fields.items():
        if text == "":
            continue
        kind = kinds.get(name)
        if kind is None:
            data[name] = to_iso(text) if name in HEADER_DAYS else text
            continue
        read = numbers.whole if kind is int else numbers.number
        value = read(text, path + name)
        if value is not None:
            data[name] = value
    return data


def _text(value: object, is_number: bool, lang: str) -> str:
    if value is None:
        return ""
    if is_number and isinstance(value, Decimal | int):
        return show_number(value, lang)
    return str(value)
