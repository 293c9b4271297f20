"""The generic engine over its whole table of states and actions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import product

import pytest

from smartcustoms.errors import PermissionDenied
from smartcustoms.permits.rules import (
    Action,
    Actor,
    Facts,
    InvalidTransition,
    Procedure,
    State,
    Step,
    deadline,
    missing_documents,
    move,
    who_acts,
)
from smartcustoms.permits.rules.workflow import ACTOR_OF

SAMPLED = Procedure(
    code="pq",
    kind="quarantine",
    agency="PPD",
    name_en="plant quarantine",
    name_vi="kiểm dịch thực vật",
    steps=(
        Step(State.RECEIVED, Actor.AGENCY, 8, ("invoice", "bill_of_lading")),
        Step(State.IN_REVIEW, Actor.AGENCY, 24),
        Step(State.SUPPLEMENT_REQUESTED, Actor.TRADER, 120),
        Step(State.SAMPLE_TAKEN, Actor.AGENCY, 48),
        Step(State.LAB_RESULT, Actor.AGENCY, None),
    ),
)
NO_SAMPLE = Procedure(
    code="cites",
    kind="export_licence",
    agency="CITES",
    name_en="CITES permit",
    name_vi="giấy phép CITES",
    steps=(Step(State.RECEIVED, Actor.AGENCY, 8), Step(State.IN_REVIEW, Actor.AGENCY, 120)),
)

# Every allowed move: (from, action) → to. Anything else is refused.
ALLOWED = {
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
    **{
        (s, Action.WITHDRAW): State.WITHDRAWN
        for s in (
            State.RECEIVED,
            State.IN_REVIEW,
            State.SUPPLEMENT_REQUESTED,
            State.SAMPLE_TAKEN,
            State.LAB_RESULT,
        )
    },
}
PASSED = Facts(sampled=True, lab_passed=True)


@pytest.mark.parametrize(("state", "action"), list(product(State, Action)), ids=str)
def test_every_state_and_action(state: State, action: Action) -> None:
    """The whole table: allowed moves land where they should, by the right side only."""
    by = ACTOR_OF[action]
    other = Actor.TRADER if by == Actor.AGENCY else Actor.AGENCY
    # A lot reaches a lab result only when sampled, and then with a passing result here.
    facts = PASSED if state == State.LAB_RESULT else Facts()
    expected = ALLOWED.get((state, action))
    if expected is None:
        with pytest.raises(InvalidTransition):
            move(SAMPLED, state, action, by=by, facts=facts)
    else:
        assert move(SAMPLED, state, action, by=by, facts=facts) == expected
    with pytest.raises(PermissionDenied):
        move(SAMPLED, state, action, by=other, facts=facts)


def test_only_the_trader_supplements_and_withdraws() -> None:
    assert {a for a, side in ACTOR_OF.items() if side == Actor.TRADER} == {
        Action.SUPPLEMENT,
        Action.WITHDRAW,
    }


def test_a_lot_selected_for_sampling_is_not_approved_before_its_lab_result() -> None:
    with pytest.raises(InvalidTransition) as refused:
        move(SAMPLED, State.IN_REVIEW, Action.APPROVE, by=Actor.AGENCY, facts=Facts(sampled=True))
    assert refused.value.message_en.startswith("This lot was selected")
    # Rejecting it needs no sample.
    assert (
        move(SAMPLED, State.IN_REVIEW, Action.REJECT, by=Actor.AGENCY, facts=Facts(sampled=True))
        == State.REJECTED
    )


@pytest.mark.parametrize("action", [Action.APPROVE, Action.APPROVE_WITH_CONDITIONS])
def test_a_failed_lab_result_can_only_be_rejected(action: Action) -> None:
    failed = Facts(sampled=True, lab_passed=False)
    with pytest.raises(InvalidTransition):
        move(SAMPLED, State.LAB_RESULT, action, by=Actor.AGENCY, facts=failed)
    assert (
        move(SAMPLED, State.LAB_RESULT, Action.REJECT, by=Actor.AGENCY, facts=failed)
        == State.REJECTED
    )


def test_a_procedure_without_a_sample_step_takes_none() -> None:
    with pytest.raises(InvalidTransition):
        move(NO_SAMPLE, State.IN_REVIEW, Action.TAKE_SAMPLE, by=Actor.AGENCY, facts=Facts())


def test_each_step_has_its_legal_deadline_from_when_the_file_entered_it() -> None:
    at = datetime(2026, 11, 20, 2, tzinfo=UTC)
    assert deadline(SAMPLED, State.RECEIVED, at) == at + timedelta(hours=8)
    assert deadline(SAMPLED, State.SAMPLE_TAKEN, at) == at + timedelta(hours=48)
    assert deadline(SAMPLED, State.LAB_RESULT, at) is None
    assert deadline(SAMPLED, State.APPROVED, at) is None


def test_who_holds_the_file() -> None:
    assert who_acts(SAMPLED, State.RECEIVED) == Actor.AGENCY
    assert who_acts(SAMPLED, State.SUPPLEMENT_REQUESTED) == Actor.TRADER
    assert who_acts(NO_SAMPLE, State.SUPPLEMENT_REQUESTED) == Actor.TRADER  # not in its steps
    for done in (State.APPROVED, State.REJECTED, State.WITHDRAWN, State.REVOKED):
        assert who_acts(SAMPLED, done) is None


def test_the_documents_a_procedure_requires_are_checked_by_type() -> None:
    assert missing_documents(SAMPLED, frozenset({"invoice"})) == ["bill_of_lading"]
    assert missing_documents(SAMPLED, frozenset({"invoice", "bill_of_lading", "other"})) == []
