"""Agencies, their officers and systems, procedures and the control registry, loaded from
their files (the formats: docs/permits-format.md; a SAMPLE in `permits/sample`)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from smartcustoms.audit import service as audit
from smartcustoms.errors import NotFound, PermissionDenied, ValidationFailed
from smartcustoms.identity import policy
from smartcustoms.identity import service as identity
from smartcustoms.identity.rules import Actor, OrganisationKind, Role
from smartcustoms.outbox.service import emit
from smartcustoms.permits import repository
from smartcustoms.permits.messages import error
from smartcustoms.permits.models import Agency, Control, ProcedureDefinition
from smartcustoms.permits.repository import ControlRow
from smartcustoms.permits.rules import (
    AgencyEntry,
    ControlEntry,
    Procedure,
    check_addition,
    check_registry,
    parse_definitions,
    parse_registry,
)
from smartcustoms.permits.rules.workflow import parse_procedures
from smartcustoms.permits.service.kept import registry_changed

SAMPLE_DIR = Path(__file__).resolve().parent.parent / "sample"
SAMPLE_REGISTRY = SAMPLE_DIR / "registry.csv"
SAMPLE_PROCEDURES = SAMPLE_DIR / "procedures.yaml"

# Agency officers decide in the portal; agency systems (machine clients, with credentials of
# their own from identity) call the API.
AGENCY_ROLES = frozenset({Role.AGENCY_OFFICER, Role.AGENCY_SYSTEM})


@dataclass(frozen=True)
class Loaded:
    agencies: int
    procedures: int
    controls: int


def load_definitions(
    session: Session, *, registry_text: str, procedures_text: str, source: str, at: datetime
) -> Loaded:
    """Agencies and procedures (created or updated) and the registry (replaced whole), or a
    typed error and nothing changed: an overlap in the registry names both entries."""
    agencies, procedures = parse_definitions(procedures_text)
    entries = parse_registry(registry_text)
    by_code = {p.code: p for p in procedures}
    for entry in entries:
        owner = by_code.get(entry.procedure)
        if owner is None or owner.agency != entry.agency:
            raise error(
                ValidationFailed,
                "registry_unknown_procedure",
                key=entry.key,
                procedure=entry.procedure,
                agency=entry.agency,
            )
    ids = {a.code: _agency(session, a, at).id for a in agencies}
    for definition in procedures:
        _procedure(session, definition, ids[definition.agency], at)
    repository.clear_controls(session)
    for entry in entries:
        repository.add(session, _control_row(entry, ids[entry.agency], source, at))
    registry_changed(session, at)
    audit.record(
        session,
        action="permit_registry.loaded",
        object_type="reference",
        object_id="permit_registry",
        at=at,
        details={
            "source": source,
            "after": audit.digest([registry_text, procedures_text]),
            "controls": len(entries),
        },
    )
    emit(
        session,
        topic="permits.registry_loaded",
        aggregate_type="permit_registry",
        aggregate_id=0,
        payload={"source": source, "controls": len(entries)},
        at=at,
    )
    return Loaded(len(agencies), len(procedures), len(entries))


def load_sample(session: Session, *, at: datetime) -> Loaded:
    """The SAMPLE registry and procedures shipped in the package (not official law)."""
    return load_definitions(
        session,
        registry_text=SAMPLE_REGISTRY.read_text(encoding="utf-8"),
        procedures_text=SAMPLE_PROCEDURES.read_text(encoding="utf-8"),
        source="SAMPLE permits/sample/registry.csv",
        at=at,
    )


def _agency(session: Session, entry: AgencyEntry, at: datetime) -> Agency:
    agency = repository.agency_by_code(session, entry.code)
    if agency is None:
        org = identity.create_office_organisation(
            session, name=entry.name_vi, office_code=entry.code, kind=OrganisationKind.AGENCY, at=at
        )
        agency = Agency(code=entry.code, organisation_id=org.id, created_at=at)
    agency.name_en, agency.name_vi, agency.ministry = entry.name_en, entry.name_vi, entry.parent_en
    repository.add(session, agency)
    return agency


def _procedure(session: Session, definition: Procedure, agency_id: int, at: datetime) -> None:
    row = repository.procedure(session, definition.code) or ProcedureDefinition(
        code=definition.code
    )
    row.agency_id = agency_id
    row.kind = definition.kind
    row.release_for_storage = definition.release_for_storage
    row.definition = _as_data(definition)
    row.loaded_at = at
    repository.add(session, row)


def _as_data(definition: Procedure) -> dict[str, Any]:
    """The definition as the YAML gave it (read back by `procedure_of`)."""
    data = asdict(definition)
    data["mutual_recognition"] = sorted(definition.mutual_recognition)
    data["steps"] = [
        {**step, "state": str(step["state"]), "actor": str(step["actor"])} for step in data["steps"]
    ]
    return data


def _control_row(entry: ControlEntry, agency_id: int, source: str, at: datetime) -> Control:
    return Control(
        key=entry.key,
        hs_prefix=entry.hs_prefix,
        kind=entry.kind,
        procedure_code=entry.procedure,
        agency_id=agency_id,
        direction=entry.direction,
        type_codes=" ".join(sorted(entry.type_codes)),
        origins=" ".join(sorted(entry.origins)),
        base_sampling_percent=entry.base_sampling_percent,
        floor_sampling_percent=entry.floor_sampling_percent,
        priority_exempt=entry.priority_exempt,
        source=source,
        created_at=at,
    )


def add_control(session: Session, *, actor: Actor, entry: ControlEntry, at: datetime) -> ControlRow:
    """One registry entry more (an administrator), refused where it would overlap an entry in
    force, naming it: one commodity, one responsible agency."""
    if not policy.allowed(actor, "permits.registry.change").allowed:
        raise error(PermissionDenied, "admin_only")
    existing = [row.entry for row in repository.controls(session)]
    check_addition(existing, entry)
    definition = procedure_of(session, entry.procedure)
    if definition.agency != entry.agency:
        raise error(
            ValidationFailed,
            "registry_unknown_procedure",
            key=entry.key,
            procedure=entry.procedure,
            agency=entry.agency,
        )
    agency = get_agency(session, code=entry.agency)
    repository.add(session, _control_row(entry, agency.id, f"added by {actor.username}", at))
    registry_changed(session, at)
    audit.record(
        session,
        action="permit_registry.control_added",
        object_type="reference",
        object_id="permit_registry",
        at=at,
        actor_id=actor.user_id,
        details={"key": entry.key, "agency": entry.agency, "procedure": entry.procedure},
    )
    return next(row for row in repository.controls(session) if row.entry.key == entry.key)


def registry(session: Session) -> list[ControlRow]:
    return repository.controls(session)


def check_registry_in_force(session: Session) -> None:
    """Raise if the registry in force has overlapping entries (it never should)."""
    check_registry([row.entry for row in repository.controls(session)])


def agencies(session: Session) -> list[Agency]:
    return repository.agencies(session)


def get_agency(session: Session, *, code: str) -> Agency:
    agency = repository.agency_by_code(session, code)
    if agency is None:
        raise error(NotFound, "agency_not_found", agency=code)
    return agency


def agency_of(session: Session, actor: Actor) -> Agency:
    """The agency an officer or a system acts for, or PermissionDenied."""
    if actor.role not in AGENCY_ROLES or actor.organisation_id is None:
        raise error(PermissionDenied, "agency_only")
    agency = repository.agency_by_organisation(session, actor.organisation_id)
    if agency is None:
        raise error(PermissionDenied, "agency_only")
    return agency


def procedure_of(session: Session, code: str) -> Procedure:
    row = repository.procedure(session, code)
    if row is None:
        raise error(NotFound, "procedure_not_found", procedure=code)
    return parse_procedures({"procedures": [row.definition]})[0]


def procedures(session: Session) -> list[Procedure]:
    rows = repository.procedures(session)
    return parse_procedures({"procedures": [row.definition for row in rows]})
