"""The sandbox bank's pure rules: callback retries and the test controls' fault plan."""

from __future__ import annotations

from datetime import timedelta

import pytest

from smartcustoms.bank_sandbox.rules import (
    DEMO_PAYERS,
    DeliveryState,
    Fault,
    FaultPlan,
    Treatment,
    retry_after,
)
from smartcustoms.demo import ENTERPRISES


@pytest.mark.parametrize(
    ("attempts", "wait"),
    [
        (0, timedelta(0)),
        (1, timedelta(seconds=2)),
        (2, timedelta(seconds=4)),
        (5, timedelta(seconds=32)),
        (9, timedelta(seconds=512)),
        (10, timedelta(minutes=10)),  # 1024 s, held at the ceiling
        (10_000, timedelta(minutes=10)),
    ],
)
def test_retries_back_off_to_a_ceiling(attempts: int, wait: timedelta) -> None:
    assert retry_after(attempts) == wait


def test_without_faults_every_callback_is_sent_once() -> None:
    assert FaultPlan().treat_next() == Treatment()


def test_each_fault_applies_to_the_next_callbacks_in_order_then_stops() -> None:
    plan = FaultPlan()
    plan.arm(Fault.DROP, 1)
    plan.arm(Fault.DUPLICATE, 2)
    plan.arm(Fault.DELAY, 1)
    assert plan.treat_next() == Treatment(state=DeliveryState.DROPPED)
    assert plan.treat_next() == Treatment(copies=2)
    assert plan.treat_next() == Treatment(copies=2)
    assert plan.treat_next() == Treatment(state=DeliveryState.HELD, held_for=Fault.DELAY)
    assert plan.treat_next() == Treatment()


def test_a_reorder_holds_its_group_and_releases_it_with_the_last() -> None:
    plan = FaultPlan()
    plan.arm(Fault.REORDER, 3)
    treatments = [plan.treat_next() for _ in range(4)]
    assert [t.state for t in treatments[:3]] == [DeliveryState.HELD] * 3
    assert [t.release_group for t in treatments[:3]] == [False, False, True]
    assert treatments[3] == Treatment()


def test_two_reorders_armed_one_after_the_other_make_one_group() -> None:
    plan = FaultPlan()
    plan.arm(Fault.REORDER, 1)
    plan.arm(Fault.REORDER, 1)
    assert [plan.treat_next().release_group for _ in range(2)] == [False, True]


def test_a_fault_needs_a_positive_count_and_can_be_cleared() -> None:
    plan = FaultPlan()
    with pytest.raises(ValueError, match="at least 1"):
        plan.arm(Fault.DROP, 0)
    plan.arm(Fault.DROP, 2)
    assert plan.armed == [Fault.DROP, Fault.DROP]
    plan.clear()
    assert plan.armed == []
    assert plan.treat_next() == Treatment()


def test_the_bank_has_an_account_for_every_demo_enterprise() -> None:
    # Written out in the bank (it imports nothing of the platform): kept equal here.
    assert {(tax_code, name) for tax_code, name, _ in DEMO_PAYERS} == {
        (enterprise.tax_code, enterprise.name) for enterprise in ENTERPRISES
    }
