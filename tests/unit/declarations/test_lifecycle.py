"""The declaration lifecycle, every state against every action: allowed, and to which
status, or refused with the reason."""

from __future__ import annotations

import itertools

import pytest

from smartcustoms.declarations.lifecycle import (
    FINAL,
    OPEN,
    Action,
    State,
    Status,
    TransitionRefused,
    allowed_actions,
    allows,
    next_status,
)
from smartcustoms.errors import Conflict

D, S, R, J = Status.DRAFT, Status.SUBMITTED, Status.REGISTERED, Status.REJECTED
C, M, W = Status.CANCELLED, Status.AMENDED, Status.WITHDRAWN

# Written out by hand from the procedure, not read from the module: the test is the spec.
ALLOWED: dict[tuple[State, Action], Status] = {
    (None, Action.CREATE): D,
    (None, Action.FILE): S,
    (D, Action.EDIT): D,
    (J, Action.EDIT): D,  # correcting a rejected declaration makes it a draft again
    (D, Action.ATTACH): D,
    (J, Action.ATTACH): J,
    (D, Action.SUBMIT): S,
    (J, Action.SUBMIT): S,
    (S, Action.REGISTER): R,
    (S, Action.REJECT): J,
    (R, Action.AMEND): R,  # the registered version stays in force while it is amended
    (R, Action.SUPERSEDE): M,
    (R, Action.CANCEL): C,
    (R, Action.INSPECT): R,
    (D, Action.WITHDRAW): W,
    (J, Action.WITHDRAW): W,
}

# Why each state refuses what it refuses (creating what exists is refused as "exists").
REASONS: dict[State, str] = {
    None: "not_written",
    D: "draft",
    S: "being_registered",
    R: "registered",
    J: "rejected",
    C: "cancelled",
    M: "superseded",
    W: "withdrawn",
}

STATES: list[State] = [None, *Status]
EVERY_PAIR = list(itertools.product(STATES, Action))


def _name(pair: tuple[State, Action]) -> str:
    state, action = pair
    return f"{state or 'unwritten'}-{action}"


@pytest.mark.parametrize(("state", "action"), EVERY_PAIR, ids=[_name(p) for p in EVERY_PAIR])
def test_every_state_allows_or_refuses_every_action_with_a_reason(
    state: State, action: Action
) -> None:
    expected = ALLOWED.get((state, action))
    if expected is not None:
        assert next_status(state, action) is expected
        assert allows(state, action)
        return

    with pytest.raises(TransitionRefused) as refused:
        next_status(state, action)

    error = refused.value
    creating = action in (Action.CREATE, Action.FILE) and state is not None
    assert error.details == {
        "declaration_status": None if state is None else state.value,
        "action": action.value,
        "reason": "exists" if creating else REASONS[state],
    }
    assert error.message_en.startswith("Cannot ")
    assert "this declaration: " in error.message_en
    assert error.message_vi.startswith("Không thể ")
    assert "tờ khai này: " in error.message_vi
    assert not allows(state, action)


def test_a_refusal_is_a_conflict_with_a_stable_code() -> None:
    with pytest.raises(TransitionRefused) as refused:
        next_status(Status.CANCELLED, Action.SUPERSEDE)
    assert isinstance(refused.value, Conflict)
    assert (refused.value.status, refused.value.code) == (409, "transition_refused")
    assert refused.value.message_en == (
        "Cannot register an amendment of this declaration: "
        "it was cancelled and no longer has any effect."
    )
    assert refused.value.message_vi == (
        "Không thể đăng ký bản khai sửa đổi của tờ khai này: "
        "tờ khai đã bị hủy và không còn giá trị."
    )


def test_an_amendment_still_open_is_a_draft_a_rejected_or_a_submitted_version() -> None:
    assert {D, S, J} == OPEN


def test_cancelled_superseded_and_withdrawn_versions_never_change_again() -> None:
    assert {C, M, W} == FINAL
    for status in FINAL:
        assert allowed_actions(status) == frozenset()


def test_statuses_read_from_the_database_as_text_are_understood() -> None:
    assert next_status("registered", Action.CANCEL) is Status.CANCELLED
    assert allowed_actions("rejected") == {
        Action.EDIT,
        Action.ATTACH,
        Action.SUBMIT,
        Action.WITHDRAW,
    }
