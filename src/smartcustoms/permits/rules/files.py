"""The registry's CSV and the procedures' YAML, parsed (the text is read by the service).
Pure: no I/O. The formats are described in docs/permits-format.md."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import yaml

from smartcustoms.errors import ValidationFailed
from smartcustoms.permits.messages import error
from smartcustoms.permits.rules.registry import ControlEntry, check_registry
from smartcustoms.permits.rules.workflow import Procedure, parse_procedures

REGISTRY_COLUMNS = (
    "key",
    "hs_prefix",
    "kind",
    "procedure",
    "agency",
    "direction",
    "type_codes",
    "origins",
    "base_sampling_percent",
    "floor_sampling_percent",
    "priority_exempt",
)


@dataclass(frozen=True)
class AgencyEntry:
    code: str
    name_en: str
    name_vi: str
    parent_en: str = ""  # the ministry it answers to


def _words(raw: str) -> frozenset[str]:
    return frozenset(raw.split())


def parse_registry(text: str) -> list[ControlEntry]:
    """The registry's entries from its CSV, checked for overlaps (a typed error names the
    first conflicting pair)."""
    reader = csv.DictReader(io.StringIO(text))
    if tuple(reader.fieldnames or ()) != REGISTRY_COLUMNS:
        raise error(ValidationFailed, "registry_columns", expected=",".join(REGISTRY_COLUMNS))
    entries = []
    for line, row in enumerate(reader, start=2):
        try:
            entries.append(
                ControlEntry(
                    key=row["key"].strip(),
                    hs_prefix=row["hs_prefix"].strip(),
                    kind=row["kind"].strip(),
                    procedure=row["procedure"].strip(),
                    agency=row["agency"].strip(),
                    direction=row["direction"].strip() or None,
                    type_codes=_words(row["type_codes"]),
                    origins=_words(row["origins"]),
                    base_sampling_percent=int(row["base_sampling_percent"] or 100),
                    floor_sampling_percent=int(row["floor_sampling_percent"] or 5),
                    priority_exempt=row["priority_exempt"].strip().lower() in ("yes", "true", "1"),
                )
            )
        except (ValueError, AttributeError) as exc:
            raise error(ValidationFailed, "registry_row_invalid", line=line, reason=exc) from exc
    check_registry(entries)
    return entries


def parse_agencies(data: Mapping[str, Any]) -> list[AgencyEntry]:
    try:
        return [
            AgencyEntry(
                code=str(a["code"]),
                name_en=str(a["name_en"]),
                name_vi=str(a["name_vi"]),
                parent_en=str(a.get("ministry", "")),
            )
            for a in data.get("agencies") or []
        ]
    except (KeyError, TypeError) as exc:
        raise error(
            ValidationFailed, "procedure_file_invalid", code="agencies", reason=exc
        ) from exc


def parse_definitions(text: str) -> tuple[list[AgencyEntry], list[Procedure]]:
    """Agencies and procedures from the procedures' YAML; each procedure's agency is listed."""
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        raise error(ValidationFailed, "procedure_file_invalid", code="?", reason=exc) from exc
    if not isinstance(data, dict):
        raise error(ValidationFailed, "procedure_file_invalid", code="?", reason="not a mapping")
    agencies = parse_agencies(data)
    procedures = parse_procedures(data)
    known = {a.code for a in agencies}
    for procedure in procedures:
        if procedure.agency not in known:
            raise error(
                ValidationFailed,
                "procedure_unknown_agency",
                code=procedure.code,
                agency=procedure.agency,
            )
    return agencies, procedures
