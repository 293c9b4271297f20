"""Two versions of the server, the same load, in alternating phases: which costs more CPU?

`bench/declarations.py` measures one version per run, and on a machine shared with other
work the same code's server CPU per declaration varies by ±20 % from one run to the next. To
tell two versions apart by a few per cent, this script runs both servers at once over one
scratch PostgreSQL database (prepared by the code it is run with, so its migrations must suit
both), and files declarations in one request through each in turn, in short phases ordered
ABBA ABBA ..., so that the machine's drift falls on both alike. It prints the server CPU per
declaration of every phase and the medians.

Run: PYTHONPATH=<this tree>/src .venv/bin/python bench/compare_servers.py BEFORE_SRC AFTER_SRC
         [--phases 8] [--seconds 12] [--clients 16] [--workers 2]
where BEFORE_SRC and AFTER_SRC are the `src` directories of two checkouts (`git worktree` or
`git archive`).
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path

from harness.api_load import ONE, through_api
from harness.cpu import CpuWatch, machine_speed_ms
from harness.server import get_token, running_server
from harness.setup import PG_ADMIN_URL, prepare, scratch_database

WARM_UP = 100
# Bodies are made before a phase starts (and its clock with them): no more than it can file.
PER_PHASE = 3000


def order(phases: int) -> list[int]:
    """Which version each phase loads, 0 (before) or 1 (after): ABBA ABBA ..."""
    return [side for i in range(phases) for side in ((0, 1) if i % 2 == 0 else (1, 0))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("before", type=Path, help="src directory of the version before")
    parser.add_argument("after", type=Path, help="src directory of the version after")
    parser.add_argument("--phases", type=int, default=8, help="phases of each version")
    parser.add_argument("--seconds", type=float, default=12.0, help="length of one phase")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    # Stopped from outside: still stop both servers and drop the scratch database.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("stopped"))
    sources = [args.before.resolve(), args.after.resolve()]
    names = ["before", "after"]
    print(f"machine speed: a fixed Python loop took {machine_speed_ms():.0f} ms")
    with ExitStack() as stack:
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        url = stack.enter_context(scratch_database("postgresql", workdir, PG_ADMIN_URL))
        prepare(url)
        servers = []
        for name, source in zip(names, sources, strict=True):
            os.environ["PYTHONPATH"] = str(source)  # the server runs this version's code
            (workdir / name).mkdir()
            base, pid = stack.enter_context(
                running_server(
                    url, workdir / name, workers=args.workers, pool_size=None, threads=None
                )
            )
            servers.append((base, pid, get_token(base)))
        start = 0
        for (base, pid, token), name in zip(servers, names, strict=True):
            warm = through_api(
                base,
                token,
                ONE,
                start=start,
                n=WARM_UP,
                clients=args.clients,
                seconds=60,
                watch=CpuWatch(pid, url),
            )
            start += WARM_UP
            print(f"  {name}: warm-up {warm.done} declarations, failures {dict(warm.failures)}")
        cpu: list[list[float]] = [[], []]
        rates: list[list[float]] = [[], []]
        for side in order(args.phases):
            base, pid, token = servers[side]
            run = through_api(
                base,
                token,
                ONE,
                start=start,
                n=PER_PHASE,
                clients=args.clients,
                seconds=args.seconds,
                watch=CpuWatch(pid, url),
            )
            start += run.done + 1
            assert run.cpu is not None
            per = run.cpu.server * 1000 / max(1, run.done)
            cpu[side].append(per)
            rates[side].append(run.rate)
            print(
                f"  {names[side]:6} {run.rate:6.1f} declarations/s, server CPU {per:5.2f} ms per "
                f"declaration, failures {dict(run.failures)}; machine "
                f"{run.cpu.machine:.0%} busy",
                flush=True,
            )
    for side, name in enumerate(names):
        print(
            f"{name:6}: server CPU per declaration, median {statistics.median(cpu[side]):.2f} ms "
            f"(phases: {', '.join(f'{c:.2f}' for c in cpu[side])}); "
            f"median {statistics.median(rates[side]):.1f} declarations/s"
        )
    change = statistics.median(cpu[1]) / statistics.median(cpu[0]) - 1
    print(f"after / before, server CPU per declaration: {change:+.1%}")
    print(f"machine speed at the end: the same loop took {machine_speed_ms():.0f} ms")


if __name__ == "__main__":
    main()
