"""The five CSV files' layout, and reading one file into rows whose cells check themselves.

A problem is recorded with its file and line ("rates.csv:12") and reading goes on, so one
import reports every bad row; the texts are in tariff.messages (`import.*`).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import TypeVar

from smartcustoms.errors import FieldError
from smartcustoms.tariff.messages import COLUMN_FORMS, texts

NOMENCLATURE = "nomenclature.csv"
AGREEMENTS = "agreements.csv"
RATES = "rates.csv"
FTA_RATES = "fta_rates.csv"
EXCHANGE_RATES = "exchange_rates.csv"

HEADERS: dict[str, tuple[str, ...]] = {
    NOMENCLATURE: ("hs8", "description_vi", "description_en", "unit"),
    AGREEMENTS: ("agreement", "name", "members", "proofs"),
    RATES: ("hs8", "tax", "kind", "rate", "amount", "unit", "valid_from", "valid_to"),
    FTA_RATES: ("agreement", "hs8", "year", "rate"),
    EXCHANGE_RATES: ("currency", "date", "rate_vnd"),
}
FILES = tuple(HEADERS)

DECIMAL_RE = re.compile(r"^[0-9]+(\.[0-9]+)?$")
DATE_RE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")

E = TypeVar("E", bound=StrEnum)


def problem(path: str, code: str, key: str, /, **params: object) -> FieldError:
    """A problem at a file or row, worded by the catalogue's `key`, prefixed with its place."""
    en, vi = texts(key, **params)
    return FieldError(path=path, code=code, message_en=f"{path}: {en}", message_vi=f"{path}: {vi}")


@dataclass
class Issues:
    """Every problem found so far in one import."""

    errors: list[FieldError] = field(default_factory=list)

    def add(self, path: str, code: str, key: str | None = None, /, **params: object) -> None:
        """Record a problem; its text is `import.<code>` unless another key is given."""
        self.errors.append(problem(path, code, key or f"import.{code}", **params))


@dataclass
class Row:
    """One data row; each accessor records its own problem and returns None."""

    file: str
    line: int
    cells: dict[str, str]
    issues: Issues
    ok: bool = True

    @property
    def path(self) -> str:
        return f"{self.file}:{self.line}"

    def fail(self, code: str, key: str | None = None, /, **params: object) -> None:
        self.ok = False
        self.issues.add(self.path, code, key, **params)

    def text(self, column: str) -> str | None:
        value = self.cells[column]
        if not value:
            self.fail("required", column=column)
            return None
        return value

    def match(self, column: str, pattern: re.Pattern[str]) -> str | None:
        """The cell if it has the column's form (tariff.messages.COLUMN_FORMS names it)."""
        value = self.text(column)
        if value is None:
            return None
        if not pattern.match(value):
            what = COLUMN_FORMS[column]
            self.fail(f"bad_{column}", "import.bad_pattern", column=column, value=value, what=what)
            return None
        return value

    def tokens(self, column: str, pattern: re.Pattern[str]) -> frozenset[str] | None:
        """A cell of codes separated by spaces, each of the column's form, none twice."""
        value = self.text(column)
        if value is None:
            return None
        tokens = value.split()
        bad = [token for token in tokens if not pattern.match(token)]
        if bad:
            what = COLUMN_FORMS[column]
            self.fail(
                f"bad_{column}", "import.bad_tokens", column=column, bad=" ".join(bad), what=what
            )
            return None
        if len(set(tokens)) != len(tokens):
            self.fail("duplicate", "import.duplicate_code", column=column)
            return None
        return frozenset(tokens)

    def enum(self, column: str, kind: type[E]) -> E | None:
        value = self.text(column)
        if value is None:
            return None
        try:
            return kind(value)
        except ValueError:
            allowed = ", ".join(member.value for member in kind)
            self.fail(
                f"bad_{column}", "import.bad_choice", column=column, value=value, allowed=allowed
            )
            return None

    def decimal(self, column: str, *, maximum: Decimal, positive: bool = False) -> Decimal | None:
        value = self.text(column)
        if value is None:
            return None
        if not DECIMAL_RE.match(value):
            self.fail("bad_decimal", column=column, value=value)
            return None
        number = Decimal(value)
        if number > maximum or (positive and number == 0):
            low = texts("import.above_zero" if positive else "import.zero_or_more")
            self.fail("out_of_range", column=column, value=value, low=low, maximum=maximum)
            return None
        return number

    def date(self, column: str) -> dt.date | None:
        value = self.text(column)
        if value is None:
            return None
        try:
            if DATE_RE.match(value):
                return dt.date.fromisoformat(value)
        except ValueError:
            pass
        self.fail("bad_date", column=column, value=value)
        return None

    def empty(self, column: str, why: str) -> None:
        """The cell must be empty; `why` is the catalogue key saying why (import.for_*)."""
        if self.cells[column]:
            self.fail("not_allowed", column=column, why=texts(why))


def rows(name: str, text: str | None, issues: Issues) -> Iterator[Row]:
    """Yield the data rows of a file after checking it exists and its header is exact."""
    if text is None:
        issues.add(name, "missing_file")
        return
    if not text:
        return  # unreadable: already reported by the caller
    header = HEADERS[name]
    reader = csv.reader(io.StringIO(text, newline=""))
    previous_end = 0
    try:
        for index, cells in enumerate(reader):
            line, previous_end = previous_end + 1, reader.line_num
            if index == 0:
                if tuple(c.strip() for c in cells) != header:
                    issues.add(f"{name}:1", "bad_header", header=",".join(header))
                    return
                continue
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) != len(header):
                issues.add(f"{name}:{line}", "column_count", expected=len(header), found=len(cells))
                continue
            values = {col: cell.strip() for col, cell in zip(header, cells, strict=True)}
            yield Row(name, line, values, issues)
    except csv.Error as exc:
        issues.add(f"{name}:{previous_end + 1}", "bad_csv", error=exc)
        return
    if previous_end == 0:
        issues.add(f"{name}:1", "bad_header", "import.no_header")


def referenced_keys(name: str, text: str | None, column: str) -> frozenset[str] | None:
    """Keys a file declares, even on otherwise bad rows, so one bad row is reported once.

    None when the file is missing or its header is wrong: references to it cannot be checked.
    """
    if not text:
        return None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = tuple(cell.strip() for cell in next(reader, []))
        if header != HEADERS[name]:
            return None
        position = header.index(column)
        return frozenset(cells[position].strip() for cells in reader if len(cells) == len(header))
    except csv.Error:
        return None


def duplicate_guard(issues: Issues) -> Callable[[object, str], bool]:
    """A check that remembers keys and reports a repeat with the first occurrence."""
    seen: dict[object, str] = {}

    def is_new(key: object, path: str) -> bool:
        first = seen.setdefault(key, path)
        if first == path:
            return True
        issues.add(path, "duplicate", first=first)
        return False

    return is_new
