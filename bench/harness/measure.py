"""A phase's outcome (completed declarations, latencies, failures), the work its clients
share, and a clean stop on Ctrl-C."""

from __future__ import annotations

import math
import signal
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

from harness.cpu import CpuWatch


@dataclass
class Run:
    """The outcome of one phase: completed declarations and their latencies in seconds."""

    done: int = 0
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    request_latencies: dict[str, list[float]] = field(default_factory=dict)
    failures: Counter[str] = field(default_factory=Counter)
    sample_failure: str = ""
    cpu: CpuWatch | None = None
    warm_done: int = 0  # declarations registered by the untimed warm-up before this run

    @property
    def rate(self) -> float:
        return self.done / self.seconds if self.seconds else 0.0

    def fail(self, what: str, detail: str) -> None:
        self.failures[what] += 1
        self.sample_failure = self.sample_failure or detail[:500]


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile, in milliseconds."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, math.ceil(p / 100 * len(ordered)) - 1))
    return ordered[rank] * 1000


# Set by the first Ctrl-C: clients take no new work, the phase ends, everything is cleaned up.
STOP = threading.Event()


def interrupt(_signum: int, _frame: object) -> None:
    print("\n  interrupted: finishing requests in flight, then cleaning up", flush=True)
    STOP.set()
    signal.signal(signal.SIGINT, signal.default_int_handler)  # a second Ctrl-C is immediate


def stop_if_interrupted() -> None:
    if STOP.is_set():
        raise KeyboardInterrupt


class Tickets:
    """Hands out declaration indexes until n are taken, the time is up or Ctrl-C."""

    def __init__(self, start: int, n: int, seconds: float) -> None:
        self.next, self.end = start, start + n
        self.deadline = time.monotonic() + seconds
        self.lock = threading.Lock()

    def take(self) -> int | None:
        with self.lock:
            if self.next >= self.end or time.monotonic() > self.deadline or STOP.is_set():
                return None
            self.next += 1
            return self.next - 1
