"""Turning the portal's flat form fields into a DeclarationWrite, and back."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError
from starlette.datastructures import FormData

from smartcustoms.declarations.content import HEADER_FIELDS, ITEM_FIELDS
from smartcustoms.declarations.models import Declaration
from smartcustoms.declarations.schemas import DeclarationWrite
from smartcustoms.errors import FieldError
from smartcustoms.problems import field_errors_from_pydantic

ITEM_KEY = re.compile(r"items-(\d{1,3})-(\w+)")
BLANK_ROWS = 1


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
    def from_declaration(cls, declaration: Declaration) -> DeclarationForm:
        header = {name: _text(getattr(declaration, name)) for name in HEADER_FIELDS}
        rows = [
            {name: _text(getattr(item, name)) for name in ITEM_FIELDS} for item in declaration.items
        ]
        return cls(header, rows, str(declaration.enterprise_id))

    def parse(self) -> tuple[DeclarationWrite | None, list[FieldError]]:
        data: dict[str, Any] = {k: v for k, v in self.header.items() if v != ""}
        data["items"] = [{k: v for k, v in row.items() if v != ""} for row in self.rows]
        if self.enterprise_id:
            data["enterprise_id"] = self.enterprise_id
        try:
            return DeclarationWrite.model_validate(data), []
        except ValidationError as error:
            return None, field_errors_from_pydantic(list(error.errors()))

    def rows_for_display(self, extra: int = BLANK_ROWS) -> list[dict[str, str]]:
        return self.rows + [dict.fromkeys(ITEM_FIELDS, "") for _ in range(extra)]


def _text(value: object) -> str:
    if value is None:
        return ""
    if hasattr(value, "normalize") and hasattr(value, "as_tuple"):  # Decimal: no trailing zeros
        return format(value.normalize(), "f")
    return str(value)
