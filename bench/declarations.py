"""Declarations per second through the HTTP API against the same rows written straight
through the database driver, on SQLite and on PostgreSQL.

One "declaration" is done when it is registered, in either of the API's two ways:
- one request: POST /api/v1/declarations/submit with the complete declaration (10 goods
  items), answering 201 with status "registered" (or "cleared": a green declaration with
  nothing else awaited is cleared as it registers; the way a trader's software files);
- two requests: POST /api/v1/declarations (a draft), then POST /api/v1/declarations/{id}/submit
  answering 200 with status "registered" (the way the portal works); its latency is the two
  requests back to back.
The load comes from clients with one keep-alive connection each, sending prepared requests
as wrk does, so that the load generator takes as little of the shared cores as it can.

The driver baseline copies, per declaration and in one transaction, every row one API
registration wrote (declaration, items, status changes, tax assessment and its lines, risk
decision, outbox events; the number counter taken last), with psycopg / sqlite3 and the same
number of concurrent clients.

Run: .venv/bin/python bench/declarations.py [--n 3000] [--clients 16] [--workers 2]
                          [--backend sqlite|postgresql|both] [--flow one|two|both]
Goal (PostgreSQL, 2 cores): >= 300 declarations/s through the API, p99 < 150 ms,
API/driver ratio >= 0.3. Figures and analysis: docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import signal
import sys
import tempfile
import time
from pathlib import Path

from harness.api_load import ONE, TWO, through_api
from harness.cpu import CpuWatch, machine_speed_ms
from harness.driver_copy import read_template, through_driver
from harness.measure import Run, interrupt
from harness.report import Result, code_version, print_result
from harness.server import get_token, running_server
from harness.setup import PG_ADMIN_URL, count_registered, prepare, scratch_database


def bench_backend(backend: str, args: argparse.Namespace) -> Result:
    flows = [TWO, ONE] if args.flow == "both" else [ONE if args.flow == "one" else TWO]
    with tempfile.TemporaryDirectory(prefix="bench-declarations-") as tmp:
        workdir = Path(tmp)
        with scratch_database(backend, workdir, args.pg_url) as url:
            started = time.perf_counter()
            prepare(url)
            print(f"  database prepared in {time.perf_counter() - started:.1f}s", flush=True)
            seeded = count_registered(url)  # the demo data files some declarations too
            runs: dict[str, Run] = {}
            done = 0
            with running_server(
                url, workdir, workers=args.workers, pool_size=args.pool_size, threads=args.threads
            ) as (
                base,
                server_pid,
            ):
                token = get_token(base)
                for flow in flows:
                    runs[flow] = measure_flow(base, token, flow, done, url, server_pid, args)
                    done += args.warmup + args.n
            # The driver copies the rows of the last registration: the last flow's.
            template = read_template(backend, url)
            driver = through_driver(
                backend, url, template, n=args.n, clients=args.clients, seconds=args.max_seconds
            )
            registered = count_registered(url) - seeded
    expected = sum(r.done + r.warm_done for r in runs.values()) + driver.done
    return Result(backend, runs, driver, registered, expected, template.row_count)


def measure_flow(
    base: str,
    token: str,
    flow: str,
    start: int,
    url: str,
    server_pid: int,
    args: argparse.Namespace,
) -> Run:
    """Warm up (untimed), then time up to --n declarations filed the given way."""
    warm = through_api(
        base,
        token,
        flow,
        start=start,
        n=args.warmup,
        clients=args.clients,
        seconds=30,
        watch=CpuWatch(server_pid, url),
    )
    print(f"  {flow}: warm-up {warm.done} declarations in {warm.seconds:.1f}s", flush=True)
    if warm.failures:
        raise RuntimeError(f"warm-up failed: {dict(warm.failures)}\n{warm.sample_failure}")
    run = through_api(
        base,
        token,
        flow,
        start=start + args.warmup,
        n=args.n,
        clients=args.clients,
        seconds=args.max_seconds,
        watch=CpuWatch(server_pid, url),
    )
    run.warm_done = warm.done
    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=3000, help="declarations per phase")
    parser.add_argument("--clients", type=int, default=16, help="concurrent clients")
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument(
        "--flow",
        choices=("one", "two", "both"),
        default="both",
        help="file each declaration in one request, in two (draft, then submit), or both",
    )
    parser.add_argument("--workers", type=int, default=2, help="uvicorn worker processes")
    parser.add_argument(
        "--pool-size",
        type=int,
        default=None,
        help="SMARTCUSTOMS_DB_POOL_SIZE for the server (default: its own)",
    )
    parser.add_argument(
        "--threads",
        type=int,
        default=None,
        help="SMARTCUSTOMS_WORKER_THREADS for the server (default: its own)",
    )
    parser.add_argument("--warmup", type=int, default=100, help="declarations before timing")
    parser.add_argument(
        "--max-seconds",
        type=float,
        default=40.0,
        help="stop a phase after this long, whatever --n says",
    )
    parser.add_argument(
        "--pg-url",
        default=PG_ADMIN_URL,
        help="PostgreSQL database to connect to for CREATE/DROP DATABASE",
    )
    args = parser.parse_args()
    signal.signal(signal.SIGINT, interrupt)
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    started = time.perf_counter()
    now = dt.datetime.now(dt.UTC)
    print(f"code: {code_version()}; {os.cpu_count()} cores; {now:%Y-%m-%d %H:%M} UTC")
    print(f"machine speed: a fixed Python loop took {machine_speed_ms():.0f} ms (lower is faster)")
    for backend in backends:
        print(f"-- {backend}", flush=True)
        print_result(bench_backend(backend, args), args)
    print(f"machine speed at the end: the same loop took {machine_speed_ms():.0f} ms")
    print(f"total {time.perf_counter() - started:.0f}s")


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit("interrupted; server stopped and scratch database removed")
