"""Clearance decided from the conditions' outcomes, the officers' decisions the procedure
allows, and the Time Release Study's arithmetic: pure, over their tables of cases."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest

from smartcustoms.declarations.lifecycle import Action, Status, TransitionRefused
from smartcustoms.declarations.release_rules import (
    Change,
    ConditionKind,
    ConditionOutcome,
    Evaluated,
    ReleaseDecision,
    ReleaseRefused,
    automatic_action,
    checked_note,
    officer_awaited,
    refusal,
    release_times,
    time_release,
    waiting_for,
)
from smartcustoms.errors import ValidationFailed


def _checks(met: bool, *, officer: bool) -> Evaluated:
    code = ("done" if met else "pending") if officer else "green"
    outcome = ConditionOutcome(met, code, f"check {code}", f"kiểm tra {code}", officer)
    return Evaluated("channel_checks", ConditionKind.CHECKS, outcome)


def _taxes(met: bool) -> Evaluated:
    outcome = ConditionOutcome(met, "paid" if met else "unpaid", "payment of taxes", "nộp thuế")
    return Evaluated("taxes", ConditionKind.TAXES, outcome)


def _licences(met: bool) -> Evaluated:
    outcome = ConditionOutcome(met, "ok" if met else "missing", "the licence", "giấy phép")
    return Evaluated("licences", ConditionKind.LICENCES, outcome)


GREEN, GREEN_TAXES_DUE = (
    [_checks(True, officer=False)],
    [_checks(True, officer=False), _taxes(False)],
)
CHECK_PENDING = [_checks(False, officer=True), _taxes(True)]
CHECKED = [_checks(True, officer=True), _taxes(True)]
CHECKED_TAXES_DUE = [_checks(True, officer=True), _taxes(False)]
CHECKED_NO_LICENCE = [_checks(True, officer=True), _licences(False), _taxes(False)]
CASES = {
    "green": GREEN,
    "green_taxes_due": GREEN_TAXES_DUE,
    "check_pending": CHECK_PENDING,
    "checked": CHECKED,
    "checked_taxes_due": CHECKED_TAXES_DUE,
    "checked_no_licence": CHECKED_NO_LICENCE,
    "no_condition": [],
}

# The system clears when every condition is met and no officer's decision is awaited: after
# a yellow or red check, a registered (or stored) declaration waits for the officer.
CLEARS: set[tuple[Status, str]] = {
    (Status.REGISTERED, "green"),
    (Status.STORED, "green"),
    (Status.APPROVED, "green"),
    (Status.RELEASED, "green"),
    (Status.APPROVED, "checked"),
    (Status.RELEASED, "checked"),
}


@pytest.mark.parametrize(
    ("status", "case"),
    list(itertools.product(Status, CASES)),
    ids=[f"{s}-{c}" for s, c in itertools.product(Status, CASES)],
)
def test_the_system_clears_exactly_when_everything_is_met_and_no_officer_is_awaited(
    status: Status, case: str
) -> None:
    expected = Action.CLEAR if (status, case) in CLEARS else None
    assert automatic_action(status, CASES[case]) is expected


# What an officer may decide, by status and case: the decision's new status, or the refusal.
DECISIONS: dict[tuple[ReleaseDecision, Status, str], Status | str] = {
    # Release after the check: only where a check was asked for and is recorded.
    (ReleaseDecision.RELEASE, Status.REGISTERED, "green"): "no_decision_needed",
    (ReleaseDecision.RELEASE, Status.REGISTERED, "check_pending"): "checks_pending",
    (ReleaseDecision.RELEASE, Status.REGISTERED, "checked"): Status.APPROVED,
    (ReleaseDecision.RELEASE, Status.REGISTERED, "checked_taxes_due"): Status.APPROVED,
    (ReleaseDecision.RELEASE, Status.STORED, "checked"): Status.APPROVED,
    (ReleaseDecision.RELEASE, Status.APPROVED, "checked_taxes_due"): "transition_refused",
    (ReleaseDecision.RELEASE, Status.CLEARED, "checked"): "transition_refused",
    # Pending tax determination: when only taxes are outstanding.
    (ReleaseDecision.PENDING_TAX, Status.REGISTERED, "green_taxes_due"): Status.RELEASED,
    (ReleaseDecision.PENDING_TAX, Status.REGISTERED, "check_pending"): "checks_pending",
    (ReleaseDecision.PENDING_TAX, Status.APPROVED, "checked_taxes_due"): Status.RELEASED,
    (ReleaseDecision.PENDING_TAX, Status.STORED, "checked_no_licence"): "checks_pending",
    (ReleaseDecision.PENDING_TAX, Status.RELEASED, "green_taxes_due"): "transition_refused",
    # Storage: before release, whatever waits.
    (ReleaseDecision.STORAGE, Status.REGISTERED, "check_pending"): Status.STORED,
    (ReleaseDecision.STORAGE, Status.REGISTERED, "checked_no_licence"): Status.STORED,
    (ReleaseDecision.STORAGE, Status.APPROVED, "checked_taxes_due"): "transition_refused",
    (ReleaseDecision.STORAGE, Status.CANCELLED, "checked"): "transition_refused",
}


@pytest.mark.parametrize(("decision", "status", "case"), list(DECISIONS), ids=str)
def test_an_officers_decision_is_allowed_or_refused_as_the_procedure_says(
    decision: ReleaseDecision, status: Status, case: str
) -> None:
    expected = DECISIONS[(decision, status, case)]
    if isinstance(expected, Status):
        refusal(decision, status, CASES[case])
        return
    with pytest.raises((TransitionRefused, ReleaseRefused)) as refused:
        refusal(decision, status, CASES[case])
    reason = refused.value.details.get("reason")
    assert (refused.value.code if expected == "transition_refused" else reason) == expected


def test_a_refused_release_names_what_it_waits_for() -> None:
    with pytest.raises(ReleaseRefused) as refused:
        refusal(ReleaseDecision.PENDING_TAX, Status.REGISTERED, CHECKED_NO_LICENCE)
    assert refused.value.message_en == "The release waits for the licence."
    assert refused.value.message_vi == "Chưa thể giải phóng hàng: đang chờ giấy phép."
    assert refused.value.status == 409


def test_the_goods_wait_for_the_checks_then_the_officer_then_the_rest() -> None:
    assert waiting_for(Status.REGISTERED, CHECK_PENDING) == [
        ("check pending", "kiểm tra pending"),
        (
            "the customs officer's release decision",
            "quyết định giải phóng hàng của công chức hải quan",
        ),
    ]
    assert [w.en for w in waiting_for(Status.REGISTERED, CHECKED_NO_LICENCE)] == [
        "the customs officer's release decision",
        "the licence",
        "payment of taxes",
    ]
    assert [w.en for w in waiting_for(Status.APPROVED, CHECKED_TAXES_DUE)] == ["payment of taxes"]
    assert [w.en for w in waiting_for(Status.REGISTERED, GREEN_TAXES_DUE)] == ["payment of taxes"]
    assert not officer_awaited(Status.APPROVED, CHECKED_TAXES_DUE)


def test_storage_and_pending_tax_need_a_reason_the_plain_release_does_not() -> None:
    assert checked_note(ReleaseDecision.RELEASE, "  ") is None
    assert checked_note(ReleaseDecision.STORAGE, " awaiting the quarantine result ") == (
        "awaiting the quarantine result"
    )
    for decision in (ReleaseDecision.STORAGE, ReleaseDecision.PENDING_TAX):
        with pytest.raises(ValidationFailed):
            checked_note(decision, "")
    with pytest.raises(ValidationFailed):
        checked_note(ReleaseDecision.RELEASE, "x" * 1001)


T0 = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)


def test_the_milestones_are_the_first_of_each_over_the_versions() -> None:
    hour = timedelta(hours=1)
    history = [
        Change("submitted", T0, 5),
        Change("registered", T0, None),
        Change("approved", T0 + 2 * hour, 7),
        Change("cleared", T0 + 3 * hour, None),
        # version 2, registered after release, carries the clearance over
        Change("amended", T0 + 9 * hour, None),
        Change("submitted", T0 + 9 * hour, 5),
        Change("registered", T0 + 9 * hour, None),
        Change("cleared", T0 + 9 * hour, None),
    ]
    found = time_release(reversed(history))  # read in any order
    assert (found.registered_at, found.decided_at, found.decided_by) == (T0, T0 + 2 * hour, 7)
    assert found.released_at == found.cleared_at == T0 + 3 * hour
    assert found.registration_to_release == 3 * hour
    assert found.registration_to_decision == 2 * hour
    assert found.decision_to_release == hour


def test_a_release_pending_tax_is_the_release_and_the_clearance_comes_later() -> None:
    found = time_release(
        [
            Change("registered", T0, None),
            Change("released", T0 + timedelta(minutes=30), 7),
            Change("cleared", T0 + timedelta(days=2), None),
        ]
    )
    assert found.registration_to_release == timedelta(minutes=30)
    assert found.registration_to_clearance == timedelta(days=2)
    assert found.decided_by == 7


def test_nothing_released_has_no_interval() -> None:
    found = time_release([Change("registered", T0, None)])
    assert found.released_at is None
    assert found.registration_to_release is None


def test_median_and_95th_percentile_by_nearest_rank() -> None:
    assert release_times([]).count == 0
    twenty = release_times(timedelta(seconds=s) for s in range(1, 21))
    assert (twenty.count, twenty.median_seconds, twenty.p95_seconds) == (20, 10.5, 19.0)
    one = release_times([timedelta(minutes=2)])
    assert (one.median_seconds, one.p95_seconds) == (120.0, 120.0)
