"""The selection inputs an app keeps: the policy, active rules and active model.

Every registration reads a fingerprint of them (with the enterprise's standing, one query);
they are read again only when it changes, so a change committed by any process is used at
once. A rule or policy change through the app also drops them all: the fingerprint alone
cannot tell a rolled-back change from a later one that reused its id at the same instant
(SQLite reuses ids; a fixed clock repeats instants).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from smartcustoms.db import carried
from smartcustoms.kit.caches import UNTIL_DROPPED, Kept
from smartcustoms.risk.rules import RiskRule, SelectivityPolicy
from smartcustoms.risk.training import ActiveModel

KEPT = 16


@dataclass(frozen=True)
class SelectionInputs:
    """The policy, active rules and active model that every channel selection reads."""

    policy: SelectivityPolicy
    rules: tuple[RiskRule, ...]
    model: ActiveModel | None


class RiskCaches:
    """The risk domain's selection caches in one app (made by `caches.AppCaches`, carried by
    its sessions; the loaded fraud models are `training.LoadedModels`).

    - `inputs`: the selection inputs by database and fingerprint, at most `KEPT`; a change
      committed anywhere changes the fingerprint, and one made through the app drops them all.
    - `latest`: the inputs last used per database, at most 8 (their policy says how far to
      count earlier decisions before the fingerprint is read); dropped with `inputs`.
    """

    def __init__(self) -> None:
        dropped_when = "a risk rule or the selectivity policy changes through the app"
        self.inputs: Kept[tuple[object, ...], SelectionInputs] = Kept(
            "risk.selection_inputs",
            maxsize=KEPT,
            ttl_seconds=UNTIL_DROPPED,
            dropped_when=dropped_when + "; keyed by the fingerprint of rules, policy, model",
        )
        self.latest: Kept[str, SelectionInputs] = Kept(
            "risk.latest_inputs", maxsize=8, ttl_seconds=UNTIL_DROPPED, dropped_when=dropped_when
        )

    def all(self) -> tuple[Kept[Any, Any], ...]:
        return (self.inputs, self.latest)


def risk_caches(session: Session) -> RiskCaches:
    return carried(session, RiskCaches)


def forget_selection_inputs(session: Session) -> None:
    """Drop the kept inputs when a rule or the policy changes through this app."""
    caches = risk_caches(session)
    caches.inputs.clear()
    caches.latest.clear()
