"""The selection inputs kept per process: the policy, active rules and active model.

Every registration reads a fingerprint of them (with the enterprise's standing, one query);
they are read again only when it changes, so a change committed by any process is used at
once. Kept: at most `KEPT` fingerprints (all dropped when full), and the inputs last used per
database (their policy says how far to count earlier decisions). A rule or policy change in
this process drops them all: the fingerprint alone cannot tell a rolled-back change from a
later one that reused its id at the same instant (SQLite reuses ids; a fixed clock repeats
instants).
"""

from __future__ import annotations

from dataclasses import dataclass

from smartcustoms.risk.rules import RiskRule, SelectivityPolicy
from smartcustoms.risk.training import ActiveModel

KEPT = 16


@dataclass(frozen=True)
class SelectionInputs:
    """The policy, active rules and active model that every channel selection reads."""

    policy: SelectivityPolicy
    rules: tuple[RiskRule, ...]
    model: ActiveModel | None


_inputs: dict[tuple[object, ...], SelectionInputs] = {}
_latest_inputs: dict[str, SelectionInputs] = {}


def kept(key: tuple[object, ...]) -> SelectionInputs | None:
    return _inputs.get(key)


def keep(key: tuple[object, ...], database: str, inputs: SelectionInputs) -> None:
    """Keep the inputs under their key, and as the latest used on `database`."""
    if key not in _inputs:
        if len(_inputs) >= KEPT:
            _inputs.clear()
        _inputs[key] = inputs
    _latest_inputs[database] = inputs


def latest(database: str) -> SelectionInputs | None:
    return _latest_inputs.get(database)


def forget_selection_inputs() -> None:
    """Drop the kept inputs when a rule or the policy changes in this process."""
    _inputs.clear()
