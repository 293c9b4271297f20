"""Bank payments: notices in any order, references, matching a day's statement."""

from __future__ import annotations

import itertools
import re
from datetime import UTC, datetime
from functools import reduce

import pytest

from smartcustoms.payments.gateway import BookingStatus, StatementLine
from smartcustoms.payments.rules import (
    BookingVia,
    ExceptionKind,
    Finding,
    KnownBooking,
    KnownOrder,
    PaymentStatus,
    amount_finding,
    new_reference,
    reconcile,
    status_after,
)

BOOKED, REJECTED = BookingStatus.BOOKED, BookingStatus.REJECTED


@pytest.mark.parametrize(
    ("current", "notice", "after"),
    [
        (PaymentStatus.PENDING, BOOKED, PaymentStatus.BOOKED),
        (PaymentStatus.PENDING, REJECTED, PaymentStatus.REJECTED),
        (PaymentStatus.BOOKED, REJECTED, PaymentStatus.BOOKED),
        (PaymentStatus.BOOKED, BOOKED, PaymentStatus.BOOKED),
        (PaymentStatus.REJECTED, BOOKED, PaymentStatus.BOOKED),
        (PaymentStatus.REJECTED, REJECTED, PaymentStatus.REJECTED),
    ],
)
def test_status_after_a_notice(
    current: PaymentStatus, notice: BookingStatus, after: PaymentStatus
) -> None:
    assert status_after(current, notice) is after


@pytest.mark.parametrize(
    "notices",
    [(BOOKED, REJECTED, REJECTED), (REJECTED, BOOKED), (BOOKED, BOOKED, REJECTED, BOOKED)],
)
def test_the_final_status_does_not_depend_on_the_notices_order(
    notices: tuple[BookingStatus, ...],
) -> None:
    finals = {
        reduce(status_after, order, PaymentStatus.PENDING)
        for order in itertools.permutations(notices)
    }
    assert finals == {PaymentStatus.BOOKED}


def test_references_are_unguessable_and_statement_safe() -> None:
    references = {new_reference() for _ in range(200)}
    assert len(references) == 200
    assert all(re.fullmatch(r"SCP[0-9A-HJKMNP-TV-Z]{12}", r) for r in references)


def test_a_booking_of_another_amount_is_a_finding() -> None:
    assert amount_finding(bank_txn_id="T", reference="R", ordered_vnd=5, received_vnd=5) is None
    assert amount_finding(bank_txn_id="T", reference="R", ordered_vnd=5, received_vnd=7) == Finding(
        ExceptionKind.WRONG_AMOUNT, "T", "R", 5, 7
    )


AT = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)


def line(txn: str, reference: str, amount: int) -> StatementLine:
    return StatementLine(txn, reference, amount, AT, "0101234565")


def test_a_statement_is_matched_line_by_line() -> None:
    lines = [
        line("T1", "R1", 100),  # booked by its notice, same amount
        line("T2", "R2", 250),  # booked by its notice as 200
        line("T3", "R3", 300),  # our order, no notice came: recovered
        line("T4", "R4", 400),  # our order of 350, no notice: recovered, wrong amount
        line("T9", "NOBODY", 50),  # no order of ours
    ]
    bookings = {
        "T1": KnownBooking("T1", "R1", 100, BookingVia.NOTICE),
        "T2": KnownBooking("T2", "R2", 200, BookingVia.NOTICE),
    }
    orders = {r: KnownOrder(r, a) for r, a in (("R3", 300), ("R4", 350), ("R5", 500))}
    that_day = [
        *bookings.values(),
        KnownBooking("T5", "R5", 500, BookingVia.NOTICE),  # notice, but no statement line
        KnownBooking("T6", "R6", 600, BookingVia.STATEMENT),  # an earlier recovery
    ]
    plan = reconcile(lines, bookings=bookings, orders=orders, booked_by_notice_that_day=that_day)
    assert plan.matched == ["T1", "T2"]
    assert [r.bank_txn_id for r in plan.recover] == ["T3", "T4"]
    assert plan.findings == [
        Finding(ExceptionKind.WRONG_AMOUNT, "T2", "R2", 200, 250),
        Finding(ExceptionKind.PAYMENT_WITHOUT_CALLBACK, "T3", "R3", 300, 300),
        Finding(ExceptionKind.PAYMENT_WITHOUT_CALLBACK, "T4", "R4", 350, 400),
        Finding(ExceptionKind.WRONG_AMOUNT, "T4", "R4", 350, 400),
        Finding(ExceptionKind.UNKNOWN_REFERENCE, "T9", "NOBODY", None, 50),
        Finding(ExceptionKind.CALLBACK_WITHOUT_STATEMENT_LINE, "T5", "R5", 500, None),
    ]


def test_a_statement_whose_every_line_was_notified_has_no_finding() -> None:
    bookings = {"T1": KnownBooking("T1", "R1", 100, BookingVia.NOTICE)}
    plan = reconcile(
        [line("T1", "R1", 100)],
        bookings=bookings,
        orders={},
        booked_by_notice_that_day=bookings.values(),
    )
    assert plan.findings == []
    assert plan.recover == []
    assert plan.matched == ["T1"]
