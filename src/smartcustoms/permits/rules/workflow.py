"""Procedures as data and the generic engine that runs them. Pure: no I/O.

A procedure (import licence, conformity inspection, quarantine, food-safety check …) is a
definition read from a file (`sample/procedures.yaml`): its steps, who acts at each, the
legal deadline of each, the documents required and the fee. One engine runs every one:

    received → in_review → (sample_taken → lab_result) → approved | approved_with_conditions
                                                          | rejected

with supplement requests (back to the trader, then in review again), withdrawal by the
trader before a decision, and revocation of a granted licence.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from smartcustoms.errors import Conflict, PermissionDenied, ValidationFailed
from smartcustoms.permits.messages import error


class State(StrEnum):
    RECEIVED = "received"
    IN_REVIEW = "in_review"
    SUPPLEMENT_REQUESTED = "supplement_requested"
    SAMPLE_TAKEN = "sample_taken"
    LAB_RESULT = "lab_result"
    APPROVED = "approved"
    APPROVED_WITH_CONDITIONS = "approved_with_conditions"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    REVOKED = "revoked"


class Action(StrEnum):
    ACCEPT = "accept"  # the agency takes the file into review
    REQUEST_SUPPLEMENT = "request_supplement"
    SUPPLEMENT = "supplement"  # the trader answers a supplement request
    TAKE_SAMPLE = "take_sample"
    RECORD_LAB_RESULT = "record_lab_result"
    APPROVE = "approve"
    APPROVE_WITH_CONDITIONS = "approve_with_conditions"
    REJECT = "reject"
    WITHDRAW = "withdraw"
    REVOKE = "revoke"


class Actor(StrEnum):
    AGENCY = "agency"
    TRADER = "trader"


GRANTED = frozenset({State.APPROVED, State.APPROVED_WITH_CONDITIONS})
FINAL = frozenset({State.REJECTED, State.WITHDRAWN, State.REVOKED})
# Before a decision: the file is with the agency or the trader.
OPEN = frozenset(
    {
        State.RECEIVED,
        State.IN_REVIEW,
        State.SUPPLEMENT_REQUESTED,
        State.SAMPLE_TAKEN,
        State.LAB_RESULT,
    }
)
DECISIONS = frozenset({Action.APPROVE, Action.APPROVE_WITH_CONDITIONS, Action.REJECT})

# (from, action) → to; who may act is the action's.
_MOVES: dict[tuple[State, Action], State] = {
    (State.RECEIVED, Action.ACCEPT): State.IN_REVIEW,
    (State.RECEIVED, Action.REQUEST_SUPPLEMENT): State.SUPPLEMENT_REQUESTED,
    (State.IN_REVIEW, Action.REQUEST_SUPPLEMENT): State.SUPPLEMENT_REQUESTED,
    (State.SUPPLEMENT_REQUESTED, Action.SUPPLEMENT): State.IN_REVIEW,
    (State.IN_REVIEW, Action.TAKE_SAMPLE): State.SAMPLE_TAKEN,
    (State.SAMPLE_TAKEN, Action.RECORD_LAB_RESULT): State.LAB_RESULT,
    (State.IN_REVIEW, Action.APPROVE): State.APPROVED,
    (State.IN_REVIEW, Action.APPROVE_WITH_CONDITIONS): State.APPROVED_WITH_CONDITIONS,
    (State.IN_REVIEW, Action.REJECT): State.REJECTED,
    (State.LAB_RESULT, Action.APPROVE): State.APPROVED,
    (State.LAB_RESULT, Action.APPROVE_WITH_CONDITIONS): State.APPROVED_WITH_CONDITIONS,
    (State.LAB_RESULT, Action.REJECT): State.REJECTED,
    (State.APPROVED, Action.REVOKE): State.REVOKED,
    (State.APPROVED_WITH_CONDITIONS, Action.REVOKE): State.REVOKED,
}
for _open in OPEN:
    _MOVES[(_open, Action.WITHDRAW)] = State.WITHDRAWN

ACTOR_OF: dict[Action, Actor] = {
    action: (Actor.TRADER if action in (Action.SUPPLEMENT, Action.WITHDRAW) else Actor.AGENCY)
    for action in Action
}


@dataclass(frozen=True)
class Step:
    """One step of a procedure: the state the file waits in, who must act, in how long."""

    state: State
    actor: Actor
    deadline_hours: int | None  # the legal deadline; None: none set
    documents: tuple[str, ...] = ()  # document types required to enter this step


@dataclass(frozen=True)
class Procedure:
    code: str
    kind: str  # the kind of control (quarantine, food_safety, conformity, import_licence)
    agency: str  # the agency that owns it: only its officers and systems decide
    name_en: str
    name_vi: str
    steps: tuple[Step, ...]
    fee_vnd: int = 0
    validity_days: int = 365
    # The goods may leave the port to storage while the result is pending (Art. 32, Law on
    # Customs); otherwise the licence is needed before the declaration registers.
    release_for_storage: bool = False
    # Mutual-recognition agreements: a certificate from one of these countries is accepted
    # instead of re-testing.
    mutual_recognition: frozenset[str] = frozenset()
    # Applications are filed only with a valid digital signature (JWS over their canonical
    # JSON, by a registered certificate of the enterprise or its broker).
    signature_required: bool = False

    def step(self, state: State) -> Step | None:
        for step in self.steps:
            if step.state == state:
                return step
        return None

    @property
    def samples(self) -> bool:
        return self.step(State.SAMPLE_TAKEN) is not None

    @property
    def documents_required(self) -> tuple[str, ...]:
        first = self.step(State.RECEIVED)
        return () if first is None else first.documents


@dataclass(frozen=True)
class Facts:
    """What the engine needs beyond the state: whether the lot was selected for sampling,
    whether a lab result failed, and whether the application is past its validity."""

    sampled: bool = False
    lab_passed: bool | None = None


def move(procedure: Procedure, state: State, action: Action, *, by: Actor, facts: Facts) -> State:
    """The state after `action`, or a typed error: an action the state does not allow, one by
    the wrong side, a sample asked of a procedure without one, approval of a lot sampled but
    without a passing result."""
    if ACTOR_OF[action] != by:
        raise error(PermissionDenied, f"only_{ACTOR_OF[action].value}", action=action.value)
    target = _MOVES.get((state, action))
    if target is None:
        raise error(
            InvalidTransition,
            "invalid_transition",
            action=action.value,
            state=state.value,
        )
    if action == Action.TAKE_SAMPLE and not procedure.samples:
        raise error(InvalidTransition, "procedure_takes_no_sample", procedure=procedure.code)
    if state == State.IN_REVIEW and action in DECISIONS - {Action.REJECT} and facts.sampled:
        raise error(InvalidTransition, "sample_selected_first", procedure=procedure.code)
    approving = action in DECISIONS - {Action.REJECT}
    if state == State.LAB_RESULT and approving and facts.lab_passed is not True:
        raise error(InvalidTransition, "lab_failed_cannot_approve")
    return target


class InvalidTransition(Conflict):
    code = "invalid_transition"


def deadline(procedure: Procedure, state: State, entered_at: datetime) -> datetime | None:
    """When the step the file entered at `entered_at` must be done, by law."""
    step = procedure.step(state)
    if step is None or step.deadline_hours is None:
        return None
    return entered_at + timedelta(hours=step.deadline_hours)


def who_acts(procedure: Procedure, state: State) -> Actor | None:
    """Who holds the file in this state (None once decided)."""
    if state in GRANTED or state in FINAL:
        return None
    step = procedure.step(state)
    if step is not None:
        return step.actor
    return Actor.TRADER if state == State.SUPPLEMENT_REQUESTED else Actor.AGENCY


def missing_documents(procedure: Procedure, types_on_file: frozenset[str]) -> list[str]:
    """The procedure's required document types the application does not carry."""
    return [kind for kind in procedure.documents_required if kind not in types_on_file]


def parse_procedures(data: Mapping[str, Any]) -> list[Procedure]:
    """Procedures from the file's parsed YAML (`sample/procedures.yaml`), or a typed error."""
    found: list[Procedure] = []
    for raw in data.get("procedures") or []:
        try:
            steps = tuple(_step(s) for s in raw["steps"])
            found.append(
                Procedure(
                    code=str(raw["code"]),
                    kind=str(raw["kind"]),
                    agency=str(raw["agency"]),
                    name_en=str(raw["name_en"]),
                    name_vi=str(raw["name_vi"]),
                    steps=steps,
                    fee_vnd=int(raw.get("fee_vnd", 0)),
                    validity_days=int(raw.get("validity_days", 365)),
                    release_for_storage=bool(raw.get("release_for_storage", False)),
                    mutual_recognition=frozenset(raw.get("mutual_recognition") or ()),
                    signature_required=bool(raw.get("signature_required", False)),
                )
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise error(
                ValidationFailed, "procedure_file_invalid", code=raw.get("code", "?"), reason=exc
            ) from exc
    codes = [p.code for p in found]
    if len(set(codes)) != len(codes):
        raise error(ValidationFailed, "procedure_file_duplicate")
    return found


def _step(raw: Mapping[str, Any]) -> Step:
    hours = raw.get("deadline_hours")
    return Step(
        state=State(raw["state"]),
        actor=Actor(raw["actor"]),
        deadline_hours=None if hours is None else int(hours),
        documents=tuple(str(d) for d in raw.get("documents") or ()),
    )


def steps_in_order(procedure: Procedure) -> Sequence[State]:
    return [s.state for s in procedure.steps]
