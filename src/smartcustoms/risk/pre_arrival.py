"""Pre-arrival risk: cargo reported before it arrives, scored with the rules in force, the
selectivity policy and the active model, as a declaration would be at registration; the
decision is returned to the caller (the border domain keeps it with the bill), not stored
as a declaration's."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session

from smartcustoms.db import carried
from smartcustoms.risk import repository, training
from smartcustoms.risk.model_files import LoadedModels
from smartcustoms.risk.policy import current_policy
from smartcustoms.risk.rule_admin import rule_of
from smartcustoms.risk.rules import ChannelDecision, DeclarationFacts
from smartcustoms.risk.selection import decide
from smartcustoms.risk.selection_cache import SelectionInputs


def score_before_arrival(
    session: Session, *, facts: Sequence[DeclarationFacts], models_dir: Path, at: datetime
) -> list[ChannelDecision]:
    """The channel each consignment would get now, in the order given (inputs read once)."""
    if not facts:
        return []
    inputs = SelectionInputs(
        policy=current_policy(session),
        rules=tuple(rule_of(r) for r in repository.rules(session, active_only=True)),
        model=training.active_model(session),
    )
    models = carried(session, LoadedModels)
    return [
        decide(facts=f, inputs=inputs, models_dir=models_dir, models=models, at=at)[0]
        for f in facts
    ]
