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
# Clearance and release: an officer's release decision awaiting a condition, released for
# storage, released pending tax determination, cleared.
A, ST, RL, CL = Status.APPROVED, Status.STORED, Status.RELEASED, Status.CLEARED

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
    # An officer decides the release after the check; the goods wait for what is unmet.
    (R, Action.RELEASE): A,
    (ST, Action.RELEASE): A,
    (R, Action.STORE): ST,  # before release only
    (R, Action.RELEASE_PENDING_TAX): RL,
    (ST, Action.RELEASE_PENDING_TAX): RL,
    (A, Action.RELEASE_PENDING_TAX): RL,
    # The system clears once every condition is met (and the officer decided, if asked).
    (R, Action.CLEAR): CL,
    (A, Action.CLEAR): CL,
    (ST, Action.CLEAR): CL,
    (RL, Action.CLEAR): CL,
    # Amended after release or not, a version stays as it is until its amendment registers.
    (A, Action.AMEND): A,
    (ST, Action.AMEND): ST,
    (RL, Action.AMEND): RL,
    (CL, Action.AMEND): CL,
    (A, Action.SUPERSEDE): M,
    (ST, Action.SUPERSEDE): M,
    (RL, Action.SUPERSEDE): M,
    (CL, Action.SUPERSEDE): M,
    # Cancelled while the goods are under customs control; never after release.
    (A, Action.CANCEL): C,
    (ST, Action.CANCEL): C,
    # Goods in storage are checked there; after release only an amendment's check is recorded.
    (ST, Action.INSPECT): ST,
    (RL, Action.INSPECT): RL,
    (CL, Action.INSPECT): CL,
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
    A: "release_approved",
    ST: "stored",
    RL: "released",
    CL: "cleared",
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


@pytest.mark.parametrize("released", [RL, CL])
def test_a_declaration_whose_goods_were_released_cannot_be_cancelled(released: Status) -> None:
    with pytest.raises(TransitionRefused) as refused:
        next_status(released, Action.CANCEL)
    assert refused.value.details["reason"] == released.value
    assert "after release a declaration can only be amended" in refused.value.message_en
    assert "sau khi giải phóng hàng" in refused.value.message_vi


def test_every_status_a_version_in_force_can_have_is_amended_and_superseded_alike() -> None:
    in_force = {s for s in Status if allows(s, Action.AMEND)}
    assert in_force == {R, A, ST, RL, CL}
    for status in in_force:
        assert next_status(status, Action.AMEND) is status
        assert next_status(status, Action.SUPERSEDE) is M
