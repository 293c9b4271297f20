"""The sandbox bank's decisions as plain data and functions: no database, no HTTP."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from datetime import timedelta
from enum import StrEnum

from smartcustoms.bank_sandbox.messages import ERRORS

BANK_NAME = "sandbox"  # how notices and statements name this bank (BankNotice.bank)
BANK_BIC = "SBXBVNVX"  # a made-up BIC: "SBXB", Vietnam, location VX
PAYEE_EN = "State Treasury"
PAYEE_VI = "Kho bạc Nhà nước"
# The treasury's collection account for budget revenue (7111 is the budget's revenue code).
COLLECTION_ACCOUNT = "7111000000001"
COLLECTION_ACCOUNT_NAME = "Kho bạc Nhà nước - Tài khoản thu ngân sách nhà nước"
CURRENCY = "VND"

# The demo enterprises of `smartcustoms seed-demo`, by tax code, so `make run` has payers
# with money. Written out rather than imported: the bank knows nothing of the platform.
# tests/unit/bank_sandbox/test_rules.py checks they are the platform's demo enterprises.
DEMO_PAYERS: tuple[tuple[str, str, int], ...] = (
    ("0101234565", "Công ty TNHH Thương mại Sông Hồng (demo)", 20_000_000_000),
    ("0309876547", "Công ty Cổ phần Điện tử Sài Gòn (demo)", 20_000_000_000),
    ("0401112222", "Công ty TNHH Đại lý Hải quan Duyên Hải (demo)", 2_000_000_000),
)


class OrderStatus(StrEnum):
    PENDING = "pending"  # waiting for the payer
    BOOKED = "booked"  # the payer confirmed; debited and credited to the treasury
    REJECTED = "rejected"  # cancelled by the payer, or refused (no funds, no account)


class DeliveryState(StrEnum):
    PENDING = "pending"  # to be sent, now or at next_attempt_at
    HELD = "held"  # kept back by a test control (delay, reorder) until released
    DROPPED = "dropped"  # lost on purpose by a test control; never sent
    DELIVERED = "delivered"  # the platform answered 2xx


class Fault(StrEnum):
    """What a test asks the bank to do to its next callbacks."""

    DROP = "drop"  # never send it: the platform must find the payment on the statement
    DUPLICATE = "duplicate"  # send it twice
    DELAY = "delay"  # hold it until the test releases held callbacks
    REORDER = "reorder"  # hold the next `count`, then send them last first


class SandboxError(Exception):
    """A refusal the bank answers with: a stable code, an HTTP status, text in both languages."""

    def __init__(self, code: str, status: int, **params: object) -> None:
        en, vi = ERRORS[code]
        self.code = code
        self.status = status
        self.params = params
        self.message_en = en.format_map(params)
        self.message_vi = vi.format_map(params)
        super().__init__(self.message_en)

    def message(self, lang: str) -> str:
        return self.message_vi if lang == "vi" else self.message_en


# Retries of a callback the platform did not take: 2 s, 4 s, 8 s … at most 10 minutes apart,
# and never given up (the platform may be down for hours; a real bank would alert someone).
FIRST_RETRY = timedelta(seconds=2)
LONGEST_WAIT = timedelta(minutes=10)


def retry_after(attempts: int) -> timedelta:
    """How long to wait after the `attempts`-th failed delivery before the next one."""
    if attempts < 1:
        return timedelta(0)
    # Past 2**20 the wait is at its ceiling anyway; the exponent is bounded so it stays small.
    return min(FIRST_RETRY * (1 << min(attempts - 1, 20)), LONGEST_WAIT)


@dataclass(frozen=True)
class Treatment:
    """What happens to one new callback: how many copies to send and whether to hold them."""

    copies: int = 1
    state: DeliveryState = DeliveryState.PENDING
    held_for: Fault | None = None  # DELAY (until released) or REORDER (until its group is whole)
    # A reorder group is complete with this callback: release the group, last first.
    release_group: bool = False


@dataclass
class FaultPlan:
    """The faults armed for the next callbacks, in order; consumed one callback at a time."""

    _next: deque[Fault] = field(default_factory=deque)
    _reorder_left: int = 0

    def arm(self, fault: Fault, count: int) -> None:
        if count < 1:
            raise ValueError("count must be at least 1")
        self._next.extend([fault] * count)

    def clear(self) -> None:
        self._next.clear()
        self._reorder_left = 0

    @property
    def armed(self) -> list[Fault]:
        return list(self._next)

    def treat_next(self) -> Treatment:
        if not self._next:
            return Treatment()
        fault = self._next.popleft()
        if fault is Fault.DROP:
            return Treatment(state=DeliveryState.DROPPED)
        if fault is Fault.DUPLICATE:
            return Treatment(copies=2)
        if fault is Fault.DELAY:
            return Treatment(state=DeliveryState.HELD, held_for=Fault.DELAY)
        # REORDER: the group is this one and the REORDERs queued right after it.
        if self._reorder_left == 0:
            self._reorder_left = 1 + _leading(self._next, Fault.REORDER)
        self._reorder_left -= 1
        return Treatment(
            state=DeliveryState.HELD,
            held_for=Fault.REORDER,
            release_group=self._reorder_left == 0,
        )


def _leading(queue: deque[Fault], fault: Fault) -> int:
    count = 0
    for item in queue:
        if item is not fault:
            break
        count += 1
    return count
