"""Facts that reach risk after its decision: a manifest filed after the declaration (the
border's late link) or an ACDD matched after the import registered (partners). The
declaration is scored again with them; a stricter channel is raised while the goods are not
released, released goods are flagged for post-clearance audit, a channel is never lowered.

Both sources arrive as outbox events (`LATE_FACT_TOPICS`), handled by the worker
(`late_facts_handler`). Once per declaration, source and set of facts: the same late facts
again change nothing (`risk_reassessments`, unique).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from pathlib import Path

from sqlalchemy.orm import Session

from smartcustoms.audit import service as audit
from smartcustoms.db import carried
from smartcustoms.declarations import service as declarations
from smartcustoms.errors import PermissionDenied
from smartcustoms.identity.rules import Actor
from smartcustoms.kit.bilingual import Both
from smartcustoms.kit.pagination import Page, PageRequest
from smartcustoms.outbox.service import Handler, OutboxEvent, emit
from smartcustoms.risk import reassessments, repository, training
from smartcustoms.risk.messages import CHANNEL_WORDS, error, reason_texts
from smartcustoms.risk.model_files import LoadedModels
from smartcustoms.risk.models import RiskDecision, RiskReassessment
from smartcustoms.risk.policy import current_policy
from smartcustoms.risk.rule_admin import rule_of
from smartcustoms.risk.rules import (
    DISCREPANCIES_KEY,
    Channel,
    ChannelDecision,
    Reason,
    facts_from_json,
    facts_to_json,
)
from smartcustoms.risk.selection import decide
from smartcustoms.risk.selection_cache import SelectionInputs

# The border's event (border.service.linking.LATE_LINK_TOPIC) and partners' (acdd).
MANIFEST_TOPIC = "border.declaration_linked_late"
ACDD_TOPIC = "partners.acdd_matched_late"
LATE_FACT_TOPICS = frozenset({MANIFEST_TOPIC, ACDD_TOPIC})

# A declaration in these states has not released its goods: a stricter channel is raised.
_RAISABLE = frozenset({"registered", "approved", "stored"})
# Released goods: only flagged for post-clearance audit.
_RELEASED = frozenset({"released", "cleared"})

_SOURCE_WORDS = {
    "manifest": Both("the cargo manifest", "bản khai hàng hóa"),
    "acdd": Both("the ACDD", "dữ liệu ACDD"),
}


class Source(StrEnum):
    MANIFEST = "manifest"
    ACDD = "acdd"


class Outcome(StrEnum):
    RAISED = "raised"  # the channel was raised: on the officers' worklist, the trader told
    FLAGGED = "flagged"  # goods released (or checked): flagged for post-clearance audit
    UNCHANGED = "unchanged"  # no stricter channel, or a declaration no longer in force


@dataclass(frozen=True)
class LateFacts:
    declaration_id: int
    source: Source
    discrepancies: tuple[str, ...]
    reference: str | None = None  # the bill of lading, or the ACDD message's id

    @property
    def key(self) -> str:
        return ",".join(sorted(set(self.discrepancies)))[:200]


def reassess(
    session: Session, late: LateFacts, *, at: datetime, models_dir: Path
) -> RiskReassessment | None:
    """Score the declaration again with the late facts added; see the module.

    None when there is nothing to reassess: no late discrepancy, or no decision yet (the
    registration's own step will see the facts). The same late facts again return the
    reassessment recorded the first time, changing nothing.
    """
    if not late.discrepancies:
        return None
    decision = repository.decision_of(session, late.declaration_id)
    if decision is None:
        return None
    done = reassessments.reassessment_of(session, late.declaration_id, str(late.source), late.key)
    if done is not None:
        return done
    before = Channel(decision.channel)
    facts = facts_from_json(decision.facts)
    added = tuple(d for d in dict.fromkeys(late.discrepancies) if d not in facts.discrepancies)
    facts = replace(facts, discrepancies=(*facts.discrepancies, *added))
    inputs = SelectionInputs(
        policy=current_policy(session),
        rules=tuple(rule_of(r) for r in repository.rules(session, active_only=True)),
        model=training.active_model(session),
    )
    scored, model_version_id = decide(
        facts=facts,
        inputs=inputs,
        models_dir=models_dir,
        models=carried(session, LoadedModels),
        at=at,
    )
    declaration = declarations.declaration_for_exchange(session, declaration_id=late.declaration_id)
    status = declaration.status if declaration is not None else "unknown"
    stricter = bool(added) and scored.channel.rank > before.rank
    if not stricter:
        outcome = Outcome.UNCHANGED
    elif status in _RELEASED or (status in _RAISABLE and decision.state == "done"):
        outcome = Outcome.FLAGGED  # released, or its check done: audited after clearance
    elif status in _RAISABLE:
        outcome = Outcome.RAISED
    else:
        outcome = Outcome.UNCHANGED  # cancelled, amended: no longer in force
    record = RiskReassessment(
        declaration_id=late.declaration_id,
        enterprise_id=decision.enterprise_id,
        office_code=decision.office_code,
        source=str(late.source),
        reference=(late.reference or None) and str(late.reference)[:60],
        discrepancies=list(late.discrepancies),
        facts_key=late.key,
        outcome=str(outcome),
        channel_before=str(before),
        channel_after=str(scored.channel),
        status=status[:12],
        at=at,
    )
    session.add(record)
    if outcome == Outcome.RAISED:
        _raise(session, decision, late, scored, facts_to_json(facts), model_version_id, at)
    audit.record(
        session,
        action=f"risk.late_facts_{outcome}",
        object_type="declaration",
        object_id=late.declaration_id,
        at=at,
        actor_id=None,  # the system
        on_behalf_of=decision.enterprise_id,
        details={
            "source": str(late.source),
            "reference": record.reference,
            "discrepancies": list(late.discrepancies),
            "channel_before": str(before),
            "channel_after": str(scored.channel),
            "status": status,
        },
    )
    session.flush()
    return record


def _late_reason(late: LateFacts, before: Channel) -> Reason:
    words = _SOURCE_WORDS[str(late.source)]
    en, vi = reason_texts(
        "late_facts",
        source=words,
        codes=", ".join(late.discrepancies),
        before=CHANNEL_WORDS[str(before)],
    )
    details = {"source": str(late.source), "reference": late.reference, "before": str(before)}
    return Reason("late_facts", en, vi, details=details)


def _raise(
    session: Session,
    decision: RiskDecision,
    late: LateFacts,
    scored: ChannelDecision,
    facts: dict[str, object],
    model_version_id: int | None,
    at: datetime,
) -> None:
    """The stricter channel in place of the decision's, pending its check; the trader is told
    as for a channel selected at registration (the same event)."""
    before = Channel(decision.channel)
    explanation = scored.explanation()
    explanation["reasons"] = [_late_reason(late, before).to_json(), *explanation["reasons"]]
    explanation["reassessed"] = {
        "source": str(late.source),
        "before": str(before),
        "actor": "system",
    }
    decision.channel = str(scored.channel)
    decision.state = "pending"
    decision.score = scored.score
    decision.rule_points = scored.rule_points
    decision.model_points = scored.model_points
    decision.profile_points = scored.profile_points
    decision.model_version_id = model_version_id
    decision.facts = facts
    decision.explanation = explanation
    decision.decided_at = at
    emit(
        session,
        topic="risk.channel_selected",
        aggregate_type="risk_decision",
        aggregate_id=decision.id,
        payload={
            "declaration_id": decision.declaration_id,
            "channel": str(scored.channel),
            "office_code": decision.office_code,
            "enterprise_id": decision.enterprise_id,
            "model_version_id": model_version_id,
            "randomly_selected": decision.randomly_selected,
            "reassessed": True,
            "reason": "late_facts",
            "source": str(late.source),
            "channel_before": str(before),
        },
        at=at,
    )


def late_facts_of(event: OutboxEvent) -> LateFacts | None:
    """The late facts an event carries; None when it carries none usable."""
    payload = event.payload
    declaration_id = payload.get("declaration_id")
    codes = payload.get(DISCREPANCIES_KEY) or ()
    if not isinstance(declaration_id, int) or not isinstance(codes, list | tuple):
        return None
    if event.topic == MANIFEST_TOPIC:
        source, reference = Source.MANIFEST, payload.get("document_number")
    elif event.topic == ACDD_TOPIC:
        source, reference = Source.ACDD, payload.get("acdd_message_id")
    else:
        return None
    ref = None if reference is None else str(reference)
    return LateFacts(declaration_id, source, tuple(str(c) for c in codes), ref)


def reassess_events(
    session: Session, events: Iterable[OutboxEvent], at: datetime, *, models_dir: Path
) -> None:
    for event in events:
        late = late_facts_of(event)
        if late is not None:
            reassess(session, late, at=at, models_dir=models_dir)


def late_facts_handler(models_dir: Path) -> Handler:
    """The worker's handler of late facts (both topics)."""

    def handle(session: Session, events: Sequence[OutboxEvent], at: datetime) -> None:
        reassess_events(session, events, at, models_dir=models_dir)

    return Handler("risk.late_facts", LATE_FACT_TOPICS, handle)


def post_clearance_flags(
    session: Session, *, actor: Actor, request: PageRequest
) -> Page[RiskReassessment]:
    """Released goods whose late facts would have selected a stricter channel, of the
    officer's office, newest first."""
    if not actor.is_customs or actor.office_code is None:
        raise error(PermissionDenied, "customs_only")
    return reassessments.flagged(session, office_code=actor.office_code, request=request)


def reassessments_of(session: Session, declaration_id: int) -> list[RiskReassessment]:
    """A declaration's reassessments, oldest first (the caller has checked who may see it)."""
    return reassessments.reassessments_of(session, declaration_id)
