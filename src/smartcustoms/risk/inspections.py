"""Inspection results: an officer records the check a yellow or red channel asked for."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy.orm import Session

from smartcustoms.audit import service as audit
from smartcustoms.declarations import service as declarations
from smartcustoms.declarations.lifecycle import Action
from smartcustoms.errors import Conflict, FieldError, PermissionDenied, ValidationFailed
from smartcustoms.identity.rules import Actor
from smartcustoms.outbox.service import emit
from smartcustoms.risk.decisions import visible_decision
from smartcustoms.risk.messages import error, field_error, texts
from smartcustoms.risk.models import Inspection
from smartcustoms.risk.rules import InspectionKind


@dataclass(frozen=True)
class InspectionInput:
    kind: InspectionKind
    findings: bool
    corrected_hs_code: str | None = None
    corrected_value: Decimal | None = None
    corrected_origin: str | None = None
    revenue_adjustment_vnd: Decimal | None = None
    violation: str | None = None
    note: str = ""


def _check_inspection(data: InspectionInput) -> list[FieldError]:
    errors = []
    corrections = (
        data.corrected_hs_code,
        data.corrected_value,
        data.corrected_origin,
        data.revenue_adjustment_vnd,
        data.violation,
    )
    if not data.findings and any(v not in (None, "") for v in corrections):
        errors.append(field_error("findings", "clean_with_corrections"))
    hs = data.corrected_hs_code
    if hs and not (len(hs) == 8 and hs.isdigit()):
        errors.append(field_error("corrected_hs_code", "hs_not_national"))
    origin = data.corrected_origin
    if origin and not (len(origin) == 2 and origin.isalpha() and origin.isupper()):
        errors.append(field_error("corrected_origin", "bad_country"))
    if data.corrected_value is not None and data.corrected_value <= 0:
        errors.append(field_error("corrected_value", "not_positive"))
    adjustment = data.revenue_adjustment_vnd
    if adjustment is not None and adjustment != adjustment.to_integral_value():
        errors.append(field_error("revenue_adjustment_vnd", "not_whole_vnd"))
    return errors


def record_inspection(
    session: Session,
    *,
    actor: Actor,
    declaration_id: int,
    data: InspectionInput,
    at: datetime,
) -> Inspection:
    """An officer of the declaration's office records the check its channel asked for."""
    if not actor.is_customs or actor.office_code is None:
        raise error(PermissionDenied, "inspection_customs_only")
    decision = visible_decision(session, actor, declaration_id)
    declaration = declarations.get_declaration(session, actor=actor, declaration_id=declaration_id)
    # Only goods declared by a version in force are checked: not a cancelled or superseded one.
    declarations.check_action(declaration, Action.INSPECT)
    if decision.state != "pending":
        raise error(Conflict, "not_awaiting_inspection")
    errors = _check_inspection(data)
    if errors:
        message_en, message_vi = texts("inspection_has_errors", count=len(errors))
        raise ValidationFailed(message_en=message_en, message_vi=message_vi, errors=errors)
    inspection = Inspection(
        declaration_id=declaration_id,
        decision_id=decision.id,
        enterprise_id=decision.enterprise_id,
        office_code=decision.office_code,
        kind=str(data.kind),
        officer_id=actor.user_id,
        findings=data.findings,
        corrected_hs_code=data.corrected_hs_code or None,
        corrected_value=data.corrected_value,
        corrected_origin=data.corrected_origin or None,
        revenue_adjustment_vnd=data.revenue_adjustment_vnd,
        violation=(data.violation or "").strip() or None,
        note=data.note.strip(),
        recorded_at=at,
    )
    session.add(inspection)
    decision.state = "done"
    session.flush()
    audit.record(
        session,
        action="risk.inspection_recorded",
        object_type="declaration",
        object_id=declaration_id,
        at=at,
        actor_id=actor.user_id,
        on_behalf_of=decision.enterprise_id,
        details={
            "inspection_id": inspection.id,
            "decision_id": decision.id,
            "kind": str(data.kind),
            "findings": data.findings,
            "violation": inspection.violation,
        },
    )
    emit(
        session,
        topic="risk.inspection_recorded",
        aggregate_type="inspection",
        aggregate_id=inspection.id,
        payload={
            "declaration_id": declaration_id,
            "kind": str(data.kind),
            "findings": data.findings,
            "channel": decision.channel,
            "revenue_adjustment_vnd": None
            if data.revenue_adjustment_vnd is None
            else str(data.revenue_adjustment_vnd),
        },
        at=at,
    )
    session.flush()
    return inspection
