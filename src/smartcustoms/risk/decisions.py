"""Reading channel decisions: as each actor may see them, explained, and officers' worklists."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from smartcustoms.db import carried
from smartcustoms.declarations import service as declarations
from smartcustoms.errors import NotFound, PermissionDenied, ValidationFailed
from smartcustoms.identity import service as identity
from smartcustoms.identity.rules import Actor, Role
from smartcustoms.kit.pagination import Page, PageRequest
from smartcustoms.risk import repository, training
from smartcustoms.risk.messages import error
from smartcustoms.risk.model_files import LoadedModels
from smartcustoms.risk.models import Inspection, RiskDecision
from smartcustoms.risk.rules import Channel, facts_from_json


def visible_decision(session: Session, actor: Actor, declaration_id: int) -> RiskDecision:
    """The declaration's decision if the actor may see it; NotFound otherwise."""
    row = repository.decision_of(session, declaration_id)
    visible = row is not None and (
        actor.role == Role.ADMIN
        or (actor.is_customs and actor.office_code == row.office_code)
        or (actor.is_trade and actor.may_declare_for(row.enterprise_id))
    )
    if row is None or not visible:
        raise error(NotFound, "no_decision", declaration_id=declaration_id)
    return row


@dataclass(frozen=True)
class DecisionView:
    """A decision as the actor may see it: traders get the channel, officers the reasons."""

    declaration_id: int
    channel: str
    decided_at: datetime
    state: str
    full: bool
    score: float | None = None
    model_version_id: int | None = None
    randomly_selected: bool | None = None
    explanation: dict[str, Any] | None = None
    inspection: Inspection | None = None


def decision_for(
    session: Session, *, actor: Actor, declaration_id: int, models_dir: Path | None = None
) -> DecisionView:
    """The decision as the actor may see it.

    Given `models_dir`, a decision stored without its model explanation (a green one) is
    explained now, from its stored facts and its model version, as registration would have.
    """
    row = visible_decision(session, actor, declaration_id)
    if not (actor.is_customs or actor.role == Role.ADMIN):
        return DecisionView(row.declaration_id, row.channel, row.decided_at, row.state, False)
    explanation = row.explanation
    if models_dir is not None:
        explanation = explained(session, row, models_dir=models_dir)
    return DecisionView(
        declaration_id=row.declaration_id,
        channel=row.channel,
        decided_at=row.decided_at,
        state=row.state,
        full=True,
        score=row.score,
        model_version_id=row.model_version_id,
        randomly_selected=row.randomly_selected,
        explanation=explanation,
        inspection=repository.inspection_of(session, declaration_id),
    )


def _unexplained_model_reason(explanation: dict[str, Any]) -> bool:
    return any(
        r.get("code") == "model"
        and isinstance(r.get("details"), dict)
        and "top_features" in r["details"]
        and r["details"]["top_features"] is None
        for r in explanation.get("reasons", [])
    )


def explained(session: Session, row: RiskDecision, *, models_dir: Path) -> dict[str, Any]:
    """The decision's explanation, its model's top features computed if they were not stored.

    Computed features are marked `"explained_on_view": true`; the stored row is not changed.
    When the model file is gone, the explanation is returned as stored (top features null).
    """
    stored = row.explanation
    if row.model_version_id is None or not _unexplained_model_reason(stored):
        return stored
    version = repository.model_version(session, row.model_version_id)
    if version is None:
        return stored
    scoring = training.score_lazily(
        facts_from_json(row.facts),
        version=version,
        models_dir=models_dir,
        models=carried(session, LoadedModels),
        at=row.decided_at,
    )
    if scoring is None:
        return stored
    top = [[name, value] for name, value in scoring.top_features()]
    reasons = [
        {**r, "details": {**r["details"], "top_features": top, "explained_on_view": True}}
        if r.get("code") == "model" and isinstance(r.get("details"), dict)
        else r
        for r in stored.get("reasons", [])
    ]
    return {**stored, "reasons": reasons}


def find_decision(
    session: Session, *, actor: Actor, declaration_id: int, models_dir: Path | None = None
) -> DecisionView | None:
    """Like decision_for, but None when there is none to show (for the declaration page)."""
    try:
        return decision_for(
            session, actor=actor, declaration_id=declaration_id, models_dir=models_dir
        )
    except NotFound:
        return None


# ---------------------------------------------------------------------------- worklists


@dataclass(frozen=True)
class WorklistEntry:
    decision: RiskDecision
    number: str | None
    status: str
    type_code: str | None
    invoice_amount: Decimal | None
    invoice_currency: str | None
    registered_at: datetime | None
    enterprise_name: str | None = None
    enterprise_tax_code: str | None = None


def worklist(
    session: Session, *, actor: Actor, channel: Channel, request: PageRequest
) -> Page[WorklistEntry]:
    """Yellow or red declarations of the officer's office still awaiting their check."""
    if not actor.is_customs or actor.office_code is None:
        raise error(PermissionDenied, "worklist_customs_only")
    if channel == Channel.GREEN:
        raise error(ValidationFailed, "worklist_not_green")
    found = repository.worklist(
        session, office_code=actor.office_code, channel=str(channel), request=request
    )
    # The importers' names are identity's: asked for the page at once, never joined.
    named = identity.organisations_by_id(session, (row.enterprise_id for row in found.items))
    entries = []
    for row in found.items:
        d = declarations.get_declaration(session, actor=actor, declaration_id=row.declaration_id)
        entries.append(
            WorklistEntry(
                row,
                d.number,
                d.status,
                d.type_code,
                d.invoice_amount,
                d.invoice_currency,
                d.registered_at,
                named[row.enterprise_id].name if row.enterprise_id in named else None,
                named[row.enterprise_id].tax_code if row.enterprise_id in named else None,
            )
        )
    return Page(entries, found.total, found.page, found.size)


def channels_of(
    session: Session, *, declaration_ids: Collection[int]
) -> dict[int, tuple[str, datetime]]:
    """(channel, when it was decided) by declaration, for the Time Release Study another
    domain computes (the caller has checked who may see it)."""
    return {
        d.declaration_id: (d.channel, d.decided_at)
        for d in repository.decisions_of(session, declaration_ids)
    }


def inspection_times_of(
    session: Session, *, declaration_ids: Collection[int]
) -> dict[int, tuple[datetime, datetime]]:
    """(the check asked for, its result recorded) by inspected declaration, for the Time
    Release Study another domain computes: the check is asked for when the channel is
    decided (an inspection's own start is not recorded); the caller has checked who may see
    it."""
    return {
        d: (asked, done) for d, asked, done in repository.inspection_times(session, declaration_ids)
    }
