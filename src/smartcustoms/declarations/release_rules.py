"""Clearance and release decided from the clearance conditions' outcomes, and the Time
Release Study's arithmetic. Pure: no I/O.

The conditions themselves are other domains' (`declarations.clearance` is where they plug
in); what this module decides from their outcomes:

- the system clears a declaration (`Action.CLEAR`) once every condition is met, unless an
  officer's release decision is still awaited: after a yellow or red check an officer decides
  the release (`ReleaseDecision.RELEASE`), a step of its own;
- which officer's decision the procedure allows now (`refusal`).
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from smartcustoms.declarations.lifecycle import Action, State, Status, next_status
from smartcustoms.declarations.messages import DECISIONS, error, texts
from smartcustoms.errors import Conflict, PermissionDenied, ValidationFailed
from smartcustoms.kit.bilingual import Both


class ConditionKind(StrEnum):
    CHECKS = "checks"  # the channel's document check or physical inspection
    LICENCES = "licences"  # licences and specialised inspections (the single window, later)
    TAXES = "taxes"  # taxes and fees paid or guaranteed


@dataclass(frozen=True)
class ConditionOutcome:
    """What a clearance condition answers: met or not, why (a stable code) and a text in
    both languages that reads alone when met ("Green channel: no check") and after
    "Waiting for:" when not ("the document check (yellow channel)")."""

    met: bool
    code: str
    message_en: str
    message_vi: str
    # The check this condition stands for asks for an officer's release decision (a yellow
    # or red channel): until it is made, the declaration does not clear by itself.
    officer_decides: bool = False


@dataclass(frozen=True)
class Evaluated:
    """One condition's outcome, with the condition's name and kind."""

    name: str
    kind: ConditionKind
    outcome: ConditionOutcome


class ReleaseDecision(StrEnum):
    """An officer's decisions on a declaration's goods."""

    RELEASE = "release"  # after the channel's check: the goods go once every condition is met
    STORAGE = "storage"  # release for storage (đưa hàng về bảo quản, Article 32)
    PENDING_TAX = "pending_tax"  # release pending tax determination (Article 33)


ACTION_OF: dict[ReleaseDecision, Action] = {
    ReleaseDecision.RELEASE: Action.RELEASE,
    ReleaseDecision.STORAGE: Action.STORE,
    ReleaseDecision.PENDING_TAX: Action.RELEASE_PENDING_TAX,
}

# Where clearance may still move; the others are before registration or past its end.
AWAITING = frozenset({Status.REGISTERED, Status.APPROVED, Status.STORED, Status.RELEASED})
# The goods are at the declarant's disposal: the release the Time Release Study measures.
RELEASED = frozenset({Status.RELEASED, Status.CLEARED})
# The officers' decisions, by the status each leads to.
DECIDED = frozenset({Status.APPROVED, Status.STORED, Status.RELEASED})


def officer_awaited(status: State | str, evaluated: Sequence[Evaluated]) -> bool:
    """After a yellow or red check, nothing clears until an officer decided the release
    (or released the goods pending their taxes)."""
    return status in (Status.REGISTERED, Status.STORED) and any(
        e.outcome.officer_decides for e in evaluated
    )


def unmet(evaluated: Sequence[Evaluated]) -> list[Evaluated]:
    return [e for e in evaluated if not e.outcome.met]


def automatic_action(status: State | str, evaluated: Sequence[Evaluated]) -> Action | None:
    """What the system does on (re-)evaluating the conditions: clear the declaration when
    every condition is met and no officer's decision is awaited.

    With no condition at all nothing is known, so nothing clears by itself.
    """
    if status not in AWAITING or not evaluated or unmet(evaluated):
        return None
    if officer_awaited(status, evaluated):
        return None
    return Action.CLEAR


# ---------------------------------------------------------------------------- texts


def waiting_for(status: State | str, evaluated: Sequence[Evaluated]) -> list[Both]:
    """What the goods wait for, in the procedure's order: the checks, the officer's
    decision they lead to, then the rest (licences, taxes)."""
    waiting = unmet(evaluated)
    checks = [
        Both(e.outcome.message_en, e.outcome.message_vi)
        for e in waiting
        if e.kind == ConditionKind.CHECKS
    ]
    decision = [texts("officer_decision")] if officer_awaited(status, evaluated) else []
    others = [
        Both(e.outcome.message_en, e.outcome.message_vi)
        for e in waiting
        if e.kind != ConditionKind.CHECKS
    ]
    return checks + decision + others


class ReleaseRefused(Conflict):
    """The procedure does not allow this release decision now; the details say why."""

    code = "release_refused"


def _listed(items: Iterable[Evaluated]) -> Both:
    chosen = list(items)
    return Both(
        "; ".join(e.outcome.message_en for e in chosen),
        "; ".join(e.outcome.message_vi for e in chosen),
    )


def _refused(reason: str, **params: object) -> ReleaseRefused:
    en, vi = texts(reason, **params)
    return ReleaseRefused(message_en=en, message_vi=vi, details={"reason": reason})


def refusal(decision: ReleaseDecision, status: State | str, evaluated: Sequence[Evaluated]) -> None:
    """Refuse (TransitionRefused, ReleaseRefused) the decision the procedure does not allow.

    - `release`: after a check the channel asked for, once it is recorded (a green
      declaration needs no decision: it is cleared when its conditions are met);
    - `pending_tax`: when only the taxes are outstanding: the checks done, the licences
      satisfied (Article 33 releases goods that meet the conditions of import or export);
    - `storage`: before release, at the officer's discretion (Article 32: goods waiting for
      a specialised inspection's result, for instance).
    """
    next_status(status, ACTION_OF[decision])
    if decision == ReleaseDecision.RELEASE:
        if not any(e.outcome.officer_decides for e in evaluated):
            raise _refused("no_decision_needed")
        checks = [e for e in unmet(evaluated) if e.kind == ConditionKind.CHECKS]
        if checks:
            raise _refused("checks_pending", waiting=_listed(checks))
    elif decision == ReleaseDecision.PENDING_TAX:
        others = [e for e in unmet(evaluated) if e.kind != ConditionKind.TAXES]
        if others:
            raise _refused("checks_pending", waiting=_listed(others))


def checked_note(decision: ReleaseDecision, note: str) -> str | None:
    """The officer's note, trimmed: a decision other than the plain release says why."""
    text = note.strip()
    if len(text) > 1000:
        raise error(ValidationFailed, "note_too_long")
    if not text and decision != ReleaseDecision.RELEASE:
        raise error(ValidationFailed, "note_required", decision=DECISIONS[decision])
    return text or None


def officer_only() -> PermissionDenied:
    return error(PermissionDenied, "release_officer_only")


# ---------------------------------------------------------------------------- time release


@dataclass(frozen=True)
class Change:
    """One status step of a declaration number's history (any of its versions)."""

    to_status: str
    at: datetime
    actor_id: int | None


@dataclass(frozen=True)
class TimeRelease:
    """A declaration's milestones for the Time Release Study (WCO), over all its versions:
    an amendment registered after release does not move them."""

    submitted_at: datetime | None
    registered_at: datetime | None
    decided_at: datetime | None  # an officer's first release decision (yellow, red, storage)
    decided_by: int | None
    released_at: datetime | None  # the goods at the declarant's disposal (cleared or released)
    cleared_at: datetime | None
    released_by: int | None = None  # who made the change that released them (none: automatic)

    @property
    def registration_to_release(self) -> timedelta | None:
        return _between(self.registered_at, self.released_at)

    @property
    def registration_to_decision(self) -> timedelta | None:
        return _between(self.registered_at, self.decided_at)

    @property
    def decision_to_release(self) -> timedelta | None:
        return _between(self.decided_at, self.released_at)

    @property
    def registration_to_clearance(self) -> timedelta | None:
        return _between(self.registered_at, self.cleared_at)


def _between(start: datetime | None, end: datetime | None) -> timedelta | None:
    return None if start is None or end is None else end - start


def time_release(changes: Iterable[Change]) -> TimeRelease:
    """The milestones read off a history, oldest first: each the first time it happened."""
    first: dict[str, Change] = {}
    decision: Change | None = None
    released: Change | None = None
    for change in sorted(changes, key=lambda c: c.at):
        first.setdefault(change.to_status, change)
        # An amendment registered after release carries the status over, made by no one.
        if decision is None and change.to_status in DECIDED and change.actor_id is not None:
            decision = change
        if released is None and change.to_status in RELEASED:
            released = change
    submitted, registered, cleared = (
        first.get(s) for s in (Status.SUBMITTED, Status.REGISTERED, Status.CLEARED)
    )
    return TimeRelease(
        submitted_at=submitted.at if submitted else None,
        registered_at=registered.at if registered else None,
        decided_at=decision.at if decision else None,
        decided_by=decision.actor_id if decision else None,
        released_at=released.at if released else None,
        cleared_at=cleared.at if cleared else None,
        released_by=released.actor_id if released else None,
    )


@dataclass(frozen=True)
class ReleaseTimes:
    """Registration-to-release durations over a period: how many, the median and the 95th
    percentile (nearest rank), in seconds."""

    count: int
    median_seconds: float | None
    p95_seconds: float | None


def release_times(durations: Iterable[timedelta]) -> ReleaseTimes:
    seconds = sorted(d.total_seconds() for d in durations)
    if not seconds:
        return ReleaseTimes(0, None, None)
    rank = math.ceil(0.95 * len(seconds))
    return ReleaseTimes(len(seconds), statistics.median(seconds), seconds[rank - 1])
