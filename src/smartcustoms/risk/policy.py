"""The selectivity policy in force, and supervisors' changes to it."""

from __future__ import annotations

from dataclasses import asdict, fields, replace
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from smartcustoms.audit import service as audit
from smartcustoms.errors import ValidationFailed
from smartcustoms.identity.rules import Actor
from smartcustoms.risk import repository
from smartcustoms.risk.access import require_customs, require_supervisor
from smartcustoms.risk.messages import Texts, texts
from smartcustoms.risk.models import SelectivityPolicyRow
from smartcustoms.risk.rules import Channel, SelectivityPolicy
from smartcustoms.risk.selection_cache import forget_selection_inputs

_POLICY_FIELDS = {f.name for f in fields(SelectivityPolicy)}


def policy_for(session: Session, *, actor: Actor) -> SelectivityPolicy:
    require_customs(actor)
    return current_policy(session)


def current_policy(session: Session) -> SelectivityPolicy:
    row = repository.latest_policy(session)
    if row is None:
        return SelectivityPolicy()
    return _policy_from(row.values)


def _policy_from(values: dict[str, Any]) -> SelectivityPolicy:
    known = {k: v for k, v in values.items() if k in _POLICY_FIELDS}
    if "random_channel" in known:
        known["random_channel"] = Channel(known["random_channel"])
    return replace(SelectivityPolicy(), **known)


def set_policy(
    session: Session, *, actor: Actor, values: dict[str, Any], at: datetime
) -> SelectivityPolicy:
    """Change some policy values; the others keep their current setting."""
    require_supervisor(actor)
    unknown = sorted(set(values) - _POLICY_FIELDS)
    merged = {**asdict(current_policy(session)), **values}
    try:
        policy = _policy_from(merged)
    except (TypeError, ValueError):
        policy = None
    problems: list[Texts] = [texts("unknown_setting", name=name) for name in unknown]
    problems += policy.problem_texts() if policy is not None else [texts("invalid_value")]
    if problems or policy is None:
        message_en, _ = texts("policy_invalid", problems="; ".join(en for en, _vi in problems))
        _, message_vi = texts("policy_invalid", problems="; ".join(vi for _en, vi in problems))
        raise ValidationFailed(message_en=message_en, message_vi=message_vi)
    stored = asdict(policy)
    stored["random_channel"] = str(policy.random_channel)
    before = asdict(current_policy(session))
    session.add(SelectivityPolicyRow(values=stored, author_id=actor.user_id, at=at))
    session.flush()
    audit.record(
        session,
        action="risk_policy.changed",
        object_type="risk_policy",
        object_id="selectivity",
        at=at,
        actor_id=actor.user_id,
        details={"before": audit.digest(before), "after": audit.digest(stored)},
    )
    forget_selection_inputs(session)
    return policy
