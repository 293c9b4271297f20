"""Cargo reports (e-manifests): filing (JSON or CUSCAR), reading, and the officers' list of
what to hold before arrival (pre-arrival risk, scored through the risk domain's service)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from smartcustoms.audit import service as audit
from smartcustoms.border import repository
from smartcustoms.border.messages import error, texts
from smartcustoms.border.models import DeclarationLink, Manifest, ManifestContainer, ManifestLine
from smartcustoms.border.repository import HeldLine
from smartcustoms.border.rules import (
    DocumentReused,
    ManifestInput,
    Mode,
    deadline,
    document_key,
    is_late,
    manifest_errors,
    manifest_invalid,
    normalise_container,
    transport_key,
)
from smartcustoms.border.service.linking import link_registered
from smartcustoms.errors import NotFound, PermissionDenied
from smartcustoms.identity import policy
from smartcustoms.identity.rules import Actor, Role
from smartcustoms.risk import service as risk

HOLD_LIST_LIMIT = 200
# The hold list keeps a vessel's bills for two days after its arrival (discharge takes time).
HOLD_AFTER_ARRIVAL = timedelta(days=2)


@dataclass(frozen=True)
class LineView:
    line: ManifestLine
    containers: list[ManifestContainer]
    links: list[DeclarationLink]


@dataclass(frozen=True)
class ManifestView:
    manifest: Manifest
    lines: list[LineView]


def _carrier_of(actor: Actor) -> int:
    if not actor.is_trade or actor.organisation_id is None:
        raise error(PermissionDenied, "carrier_only")
    return actor.organisation_id


def _facts(manifest: Manifest, line: ManifestLine, carrier_id: int) -> risk.DeclarationFacts:
    """What selectivity sees of a bill before any declaration: its goods, origin, mode and
    office (the declaration's id is the bill's, for the random draw)."""
    items: tuple[risk.ItemFacts, ...] = ()
    if line.hs_code:
        items = (
            risk.ItemFacts(line_no=1, hs_code=line.hs_code, origin_country=line.origin_country),
        )
    return risk.DeclarationFacts(
        declaration_id=line.id,
        type_code="",
        direction="import",
        office_code=manifest.office_code,
        enterprise_id=carrier_id,
        importer_tax_code=line.consignee_tax_code,
        declarant=None,
        invoice_currency=None,
        incoterms=None,
        transport_mode={"sea": "1", "air": "4", "road": "3"}[manifest.mode],
        country_of_export=line.origin_country,
        items=items,
    )


def file_manifest(
    session: Session,
    *,
    actor: Actor,
    manifest: ManifestInput,
    source: str,
    models_dir: Path,
    at: datetime,
) -> ManifestView:
    """File a cargo report before arrival: checked whole (every error at once), a bill
    reported before refused, flagged late past its mode's deadline, each bill scored."""
    carrier_id = _carrier_of(actor)
    errors = manifest_errors(manifest)
    if errors:
        raise manifest_invalid(errors)
    keys = [document_key(line.document_number) for line in manifest.lines]
    reused = repository.reused_documents(session, keys)
    if reused:
        document, manifest_id = sorted(reused.items())[0]
        raise error(DocumentReused, "document_reused", document=document, manifest_id=manifest_id)
    mode = Mode(manifest.mode)  # checked above
    due = deadline(mode, departure_at=manifest.departure_at, arrival_at=manifest.arrival_at)
    row = Manifest(
        carrier_id=carrier_id,
        filed_by_id=actor.user_id,
        mode=mode.value,
        transport_id=manifest.transport_id.strip(),
        transport_key=transport_key(mode, manifest.transport_id),
        voyage=manifest.voyage.strip(),
        office_code=manifest.office_code.strip().upper(),
        port_of_loading=manifest.port_of_loading,
        port_of_discharge=manifest.port_of_discharge,
        departure_at=manifest.departure_at,
        arrival_at=manifest.arrival_at,
        deadline_at=due,
        filed_at=at,
        late=is_late(at, due),
        source=source,
    )
    session.add(row)
    session.flush()
    lines: list[LineView] = []
    for number, (line, key) in enumerate(zip(manifest.lines, keys, strict=True), start=1):
        line_row = ManifestLine(
            manifest_id=row.id,
            line_no=number,
            document_number=key,
            consignee_name=line.consignee_name.strip(),
            consignee_tax_code=(line.consignee_tax_code or "").strip() or None,
            description=line.description.strip(),
            hs_code=line.hs_code,
            origin_country=line.origin_country.upper() if line.origin_country else None,
            packages=line.packages,
            gross_weight=line.gross_weight,
            risk_reasons=[],
        )
        session.add(line_row)
        try:
            session.flush()
        except IntegrityError as clash:
            # Another filing reported the bill between the check above and this insert: the
            # bill's unique index refuses it; the request's unit of work rolls the rest back.
            raise error(DocumentReused, "document_reported_meanwhile", document=key) from clash
        containers = [
            ManifestContainer(
                line_id=line_row.id,
                container_number=normalise_container(c.number),
                seal_number=c.seal,
            )
            for c in line.containers
        ]
        session.add_all(containers)
        lines.append(LineView(line_row, containers, []))
    decisions = risk.score_before_arrival(
        session,
        facts=[_facts(row, v.line, carrier_id) for v in lines],
        models_dir=models_dir,
        at=at,
    )
    for view, decision in zip(lines, decisions, strict=True):
        view.line.risk_channel = str(decision.channel)
        view.line.risk_score = decision.score
        view.line.risk_reasons = [r.to_json() for r in decision.reasons]
    session.flush()
    audit.record(
        session,
        action="manifest.filed",
        object_type="manifest",
        object_id=row.id,
        at=at,
        actor_id=actor.user_id,
        on_behalf_of=carrier_id,
        details={"transport": row.transport_id, "voyage": row.voyage, "lines": len(lines)},
    )
    late = link_registered(session, [v.line for v in lines], at)
    return ManifestView(
        row,
        [
            LineView(v.line, v.containers, [k for k in late if k.line_id == v.line.id])
            for v in lines
        ],
    )


def _may_see(actor: Actor, manifest: Manifest) -> bool:
    if actor.role == Role.ADMIN:
        return True
    if actor.is_customs:
        return actor.office_code == manifest.office_code
    return actor.is_trade and actor.organisation_id == manifest.carrier_id


def get_manifest(session: Session, *, actor: Actor, manifest_id: int) -> ManifestView:
    row = repository.manifest(session, manifest_id)
    if row is None or not _may_see(actor, row):
        raise error(NotFound, "manifest_not_found", manifest_id=manifest_id)
    return _view(session, [row])[0]


def _view(session: Session, rows: list[Manifest]) -> list[ManifestView]:
    lines = repository.lines_of(session, [m.id for m in rows])
    line_ids = [line.id for line in lines]
    containers = repository.containers_of(session, line_ids)
    links = repository.links_of_lines(session, line_ids)
    return [
        ManifestView(
            m,
            [
                LineView(
                    line,
                    [c for c in containers if c.line_id == line.id],
                    [k for k in links if k.line_id == line.id],
                )
                for line in lines
                if line.manifest_id == m.id
            ],
        )
        for m in rows
    ]


def list_manifests(session: Session, *, actor: Actor, limit: int = 100) -> list[Manifest]:
    """A carrier's own manifests, an officer's office's, or all for an administrator."""
    if actor.role == Role.ADMIN:
        return repository.manifests(session, carrier_ids=None, office_code=None, limit=limit)
    if actor.is_customs:
        return repository.manifests(
            session, carrier_ids=None, office_code=actor.office_code, limit=limit
        )
    return repository.manifests(
        session, carrier_ids=[_carrier_of(actor)], office_code=None, limit=limit
    )


def hold_list(session: Session, *, actor: Actor, at: datetime) -> list[HeldLine]:
    """Bills the rules in force would check (yellow, red), arriving or arrived lately."""
    decided = policy.allowed(actor, "border.holds")
    if not decided.allowed:
        raise error(PermissionDenied, "customs_only")
    office = None if decided.reach == policy.Reach.ANY else actor.office_code
    return repository.lines_to_hold(
        session,
        office_code=office,
        arriving_after=at - HOLD_AFTER_ARRIVAL,
        limit=HOLD_LIST_LIMIT,
    )


def discrepancy_names(codes: list[str]) -> list[tuple[str, str]]:
    return [texts(f"discrepancy.{code}") for code in codes]
