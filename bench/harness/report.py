"""What a declarations run prints: rates, latencies, where the CPU went, goals met, and
which code was measured."""

from __future__ import annotations

import argparse
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

import smartcustoms
from harness.measure import Run, percentile

GOAL_RATE, GOAL_P99_MS, GOAL_RATIO = 300.0, 150.0, 0.3


@dataclass
class Result:
    backend: str
    api: dict[str, Run]  # by flow
    driver: Run
    registered_rows: int  # new registered declarations in the database after all runs
    expected_rows: int  # warm-up + API + driver
    rows_per_declaration: int  # what one API registration (the last flow run) wrote


def print_result(result: Result, args: argparse.Namespace) -> None:
    driver = result.driver
    cores = os.cpu_count() or 1
    print(
        f"== {result.backend}: up to {args.n} declarations x 10 items, {args.clients} clients, "
        f"{args.workers} uvicorn worker(s)"
    )
    print(
        f"  driver  {driver.rate:8.1f} declarations/s  ({driver.done} written in "
        f"{driver.seconds:.1f}s; {sum(driver.failures.values())} failed; the "
        f"{result.rows_per_declaration} rows one API registration wrote, copied)"
    )
    print(
        f"    driver transaction latency: p50 {percentile(driver.latencies, 50):.1f} ms, "
        f"p99 {percentile(driver.latencies, 99):.1f} ms"
    )
    print(f"    CPU during the driver run: {cpu_line(driver, cores)}")
    for flow, api in result.api.items():
        print_flow(result.backend, flow, api, driver, cores)
    print(
        f"  check: {result.registered_rows} registered declarations in the database "
        f"(warm-up + API + driver = {result.expected_rows})"
    )
    if driver.failures:
        print(f"  driver failures: {dict(driver.failures)}\n    first: {driver.sample_failure}")


def print_flow(backend: str, flow: str, api: Run, driver: Run, cores: int) -> None:
    ratio = api.rate / driver.rate if driver.rate else float("nan")
    p50, p99 = percentile(api.latencies, 50), percentile(api.latencies, 99)
    print(
        f"  API, {flow:<12} {api.rate:8.1f} declarations/s  ({api.done} registered in "
        f"{api.seconds:.1f}s; {sum(api.failures.values())} failed); ratio API/driver {ratio:.2f}"
    )
    print(f"    declaration latency: p50 {p50:.1f} ms, p99 {p99:.1f} ms")
    for step, values in api.request_latencies.items():
        print(
            f"    {step:<7} request latency: p50 {percentile(values, 50):.1f} ms, "
            f"p99 {percentile(values, 99):.1f} ms"
        )
    print(f"    CPU during the run: {cpu_line(api, cores)}")
    if api.failures:
        print(f"    failures: {dict(api.failures)}\n    first: {api.sample_failure}")
    if backend == "postgresql":
        goals = [
            (f"API >= {GOAL_RATE:.0f} declarations/s", api.rate >= GOAL_RATE),
            (f"p99 < {GOAL_P99_MS:.0f} ms", p99 < GOAL_P99_MS),
            (f"API/driver >= {GOAL_RATIO}", ratio >= GOAL_RATIO),
        ]
        print(
            "    goals: " + "; ".join(f"{name}: {'met' if ok else 'NOT met'}" for name, ok in goals)
        )


def cpu_line(run: Run, cores: int) -> str:
    """Where the cores went, in ms of CPU per declaration, and how busy the machine was."""
    cpu = run.cpu
    if cpu is None or not run.done:
        return "n/a"
    machine = cpu.machine * cores * cpu.seconds
    other = max(0.0, machine - cpu.server - cpu.postgres - cpu.own)
    per = 1000 / run.done
    parts = [f"server {cpu.server * per:.1f}"] if cpu.server_pid else []
    parts += [f"PostgreSQL {cpu.postgres * per:.1f}"] if cpu.postgres else []
    parts += [f"this script {cpu.own * per:.1f}", f"everything else {other * per:.1f}"]
    return (
        f"{', '.join(parts)} ms per declaration; machine {cpu.machine * 100:.0f}% busy, "
        f"{cpu.iowait * 100:.0f}% waiting for I/O, {cpu.checkpoints} checkpoint(s) "
        f"({other / cpu.seconds:.2f} of {cores} cores used by other processes)"
    )


def code_version() -> str:
    """Where the measured smartcustoms package comes from, and its commit when known."""
    source = Path(smartcustoms.__file__).parent
    try:
        commit = subprocess.run(
            ["git", "-C", str(source), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(source), "status", "--porcelain", "--", "."],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return str(source)
    return f"{source} at {commit}" + (" with uncommitted changes" if dirty else "")
