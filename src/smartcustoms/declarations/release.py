"""Clearance and release: the system clears a declaration when its conditions are met (at
registration, or when another domain asks again), officers decide releases, and everyone
reads where a declaration stands. Each change is a status step with its time (the Time
Release Study reads them: `release_times`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from smartcustoms.declarations import repository
from smartcustoms.declarations.access import not_found, visible
from smartcustoms.declarations.clearance import ClearanceSetup, ClearanceSubject, evaluate
from smartcustoms.declarations.lifecycle import Action, Status, next_status
from smartcustoms.declarations.models import Declaration
from smartcustoms.declarations.release_rules import (
    ACTION_OF,
    AWAITING,
    Evaluated,
    ReleaseDecision,
    automatic_action,
    checked_note,
    officer_awaited,
    officer_only,
    refusal,
    unmet,
    waiting_for,
)
from smartcustoms.declarations.transitions import Transition, Version, record_steps, transition
from smartcustoms.errors import DomainError
from smartcustoms.identity.rules import Actor
from smartcustoms.kit.bilingual import Both


def subject_of(
    declaration: Version, *, registering: Mapping[str, Mapping[str, Any]] | None = None
) -> ClearanceSubject:
    return ClearanceSubject(
        declaration_id=declaration.id,
        enterprise_id=declaration.enterprise_id,
        office_code=declaration.office_code,
        number=declaration.number,
        version=declaration.version,
        registering=registering,
    )


@dataclass(frozen=True)
class Clearance:
    """Where a declaration's clearance stands: its conditions' outcomes (evaluated only
    while clearance may still move), and whether an officer's decision is awaited."""

    declaration: Declaration
    evaluated: list[Evaluated]

    @property
    def status(self) -> Status:
        return Status(self.declaration.status)

    @property
    def waiting(self) -> list[Evaluated]:
        return unmet(self.evaluated)

    @property
    def waiting_for(self) -> list[Both]:
        """What the goods wait for, in both languages (the officer's decision included)."""
        return waiting_for(self.status, self.evaluated)

    @property
    def done(self) -> list[Evaluated]:
        return [e for e in self.evaluated if e.outcome.met]

    @property
    def officer_awaited(self) -> bool:
        return officer_awaited(self.status, self.evaluated)


def _conditions(
    session: Session, setup: ClearanceSetup, declaration: Declaration, at: datetime
) -> list[Evaluated]:
    if declaration.status not in AWAITING:
        return []
    return evaluate(setup, session, subject_of(declaration), at)


def _cleared_after(step: Transition) -> Transition:
    """The system's clearance right after a step, in the same instant."""
    return replace(
        step,
        from_status=step.to_status,
        to_status=next_status(step.to_status, Action.CLEAR),
        actor_id=None,
        note=None,
    )


def reevaluate_clearance(
    session: Session, *, declaration_id: int, setup: ClearanceSetup, at: datetime
) -> Clearance:
    """Evaluate the declaration's conditions again and clear it if every one is met and no
    officer's decision is awaited; for other domains, once something a condition reads has
    changed (a payment confirmed, an inspection recorded), in their transaction.

    The version is read locked (PostgreSQL), so two re-evaluations, or one and an officer's
    decision, do not both write a step. A version past clearance's reach (cleared,
    cancelled, superseded) is left as it is.
    """
    declaration = repository.get_for_update(session, declaration_id)
    if declaration is None:
        raise not_found(declaration_id)
    evaluated = _conditions(session, setup, declaration, at)
    action = automatic_action(declaration.status, evaluated)
    if action is not None:
        record_steps(
            session, [(declaration, transition(declaration, action, actor_id=None))], at=at
        )
        session.flush()
    return Clearance(declaration, evaluated)


def decide_release(
    session: Session,
    *,
    actor: Actor,
    declaration_id: int,
    decision: ReleaseDecision,
    note: str = "",
    setup: ClearanceSetup,
    at: datetime,
) -> Clearance:
    """An officer of the declaration's office decides on its goods: release after the
    channel's check, release for storage, or release pending tax determination (the
    procedure's preconditions: `release_rules.refusal`). The decision is a status step of
    its own, recorded with the officer and the time (the trader is told through its outbox
    event, `declaration.approved`, `.stored` or `.released`, and on the declaration's page);
    when nothing else is awaited the goods are cleared in the same instant, by the system.
    """
    declaration = visible(session, actor, declaration_id, lock=True)
    if not actor.is_customs or actor.office_code != declaration.office_code:
        raise officer_only()
    text = checked_note(decision, note)
    evaluated = _conditions(session, setup, declaration, at)
    refusal(decision, declaration.status, evaluated)
    decided = transition(declaration, ACTION_OF[decision], actor_id=actor.user_id, note=text)
    steps = [(declaration, decided)]
    if automatic_action(decided.to_status, evaluated) is not None:
        steps.append((declaration, _cleared_after(decided)))
    record_steps(session, steps, at=at)
    session.flush()
    return Clearance(declaration, evaluated)


def clearance_of(
    session: Session, *, actor: Actor, declaration_id: int, setup: ClearanceSetup, at: datetime
) -> Clearance:
    """Where the declaration's clearance stands, as anyone who may see it may read it."""
    declaration = visible(session, actor, declaration_id)
    return Clearance(declaration, _conditions(session, setup, declaration, at))


def offered_decisions(actor: Actor, clearance: Clearance) -> list[ReleaseDecision]:
    """The decisions an officer of the declaration's office may make on it now."""
    declaration = clearance.declaration
    if not actor.is_customs or actor.office_code != declaration.office_code:
        return []
    offered = []
    for decision in ReleaseDecision:
        try:
            refusal(decision, declaration.status, clearance.evaluated)
        except DomainError:  # refused by the lifecycle or the procedure: not offered
            continue
        offered.append(decision)
    return offered


# Carried over to an amendment registered after its version's goods left (or went into
# storage): the goods' situation does not change with what is declared about them.
CARRIED: dict[str, Action] = {
    Status.CLEARED: Action.CLEAR,
    Status.RELEASED: Action.RELEASE_PENDING_TAX,
    Status.STORED: Action.STORE,
}


def at_registration(
    session: Session,
    setup: ClearanceSetup,
    subject: ClearanceSubject,
    *,
    amended: Version | None,
    at: datetime,
) -> list[tuple[Action, str | None]]:
    """The steps after `registered` that registration writes with it (none, or some of:
    the status carried over from the amended version, then the system's clearance).

    An amendment registered after release keeps the release: the goods are gone, and what
    the amendment changes is what is owed (the payments domain's concern). An officer's
    release decision (`approved`) is not carried: it was about the content the amendment
    changes, and the new version's channel says whether a check comes first.
    """
    steps: list[tuple[Action, str | None]] = []
    status = Status.REGISTERED
    carried = None if amended is None else CARRIED.get(amended.status)
    if carried is not None and amended is not None:
        note = f"carried over from version {amended.version} ({amended.status})"
        steps.append((carried, note))
        status = next_status(status, carried)
    if status in AWAITING:
        action = automatic_action(status, evaluate(setup, session, subject, at))
        if action is not None:
            steps.append((action, None))
    return steps
