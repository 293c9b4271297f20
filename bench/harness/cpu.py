"""Where the cores went during a phase: the server, PostgreSQL, this process, the machine."""

from __future__ import annotations

import math
import os
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg


def cpu_seconds(pids: list[int]) -> dict[int, float]:
    """User + system CPU each process has used so far (Linux /proc; missing ones skipped)."""
    tick = os.sysconf("SC_CLK_TCK")
    used = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            used[pid] = (int(fields[11]) + int(fields[12])) / tick
        except (OSError, IndexError, ValueError):
            continue
    return used


def server_pids(server_pid: int) -> list[int]:
    """The uvicorn master and its worker processes."""
    try:
        children = Path(f"/proc/{server_pid}/task/{server_pid}/children").read_text().split()
    except OSError:
        children = []
    return [server_pid, *(int(p) for p in children)]


def postgres_pids(url: str) -> list[int]:
    """Server processes of the connections to this run's database (none for SQLite)."""
    if url.startswith("sqlite"):
        return []
    with psycopg.connect(url, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
            " AND pid <> pg_backend_pid()"
        ).fetchall()
    return [int(pid) for (pid,) in rows]


@dataclass
class CpuWatch:
    """CPU used during a phase by the server, PostgreSQL (this database), this process,
    and the whole machine, so a reader can tell what else was competing for the cores."""

    server_pid: int
    url: str

    def __enter__(self) -> CpuWatch:
        self.server0 = cpu_seconds(server_pids(self.server_pid)) if self.server_pid else {}
        self.pg0 = cpu_seconds(postgres_pids(self.url))
        self.own0, self.busy0, self.wall0 = time.process_time(), machine_busy(), time.monotonic()
        self.checkpoints0 = checkpoints(self.url)
        return self

    def __exit__(self, *_: object) -> None:
        self.seconds = time.monotonic() - self.wall0
        server = cpu_seconds(server_pids(self.server_pid)) if self.server_pid else {}
        pg = cpu_seconds(postgres_pids(self.url) + list(self.pg0))
        self.server = sum(v - self.server0.get(pid, 0.0) for pid, v in server.items())
        self.postgres = sum(v - self.pg0.get(pid, 0.0) for pid, v in pg.items())
        self.own = time.process_time() - self.own0
        busy1 = machine_busy()
        total = max(1.0, busy1[2] - self.busy0[2])
        self.machine = (busy1[0] - self.busy0[0]) / total
        self.iowait = (busy1[1] - self.busy0[1]) / total
        self.checkpoints = checkpoints(self.url) - self.checkpoints0


def checkpoints(url: str) -> int:
    """Checkpoints PostgreSQL has made since its statistics were reset (0 for SQLite): one
    during a run flushes dirty pages and slows commits for a while."""
    if url.startswith("sqlite"):
        return 0
    with psycopg.connect(url, autocommit=True) as conn:
        row = conn.execute(
            "SELECT checkpoints_timed + checkpoints_req FROM pg_stat_bgwriter"
        ).fetchone()
    return int(row[0]) if row else 0


def machine_busy() -> tuple[float, float, float]:
    """(busy, waiting for I/O, total) jiffies of all CPUs since boot, from /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle, iowait = values[3], values[4]
    return float(sum(values) - idle - iowait), float(iowait), float(sum(values))


def machine_speed_ms() -> float:
    """Milliseconds of CPU for a fixed pure-Python loop, best of five: the same code's
    figures vary with the machine (shared cores), so each run says how fast it found it."""

    def loop() -> int:
        total = 0
        for i in range(1_000_000):
            total += i * i
        return total

    best = math.inf
    for _ in range(5):
        started = time.process_time()
        loop()
        best = min(best, time.process_time() - started)
    return best * 1000
