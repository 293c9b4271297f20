"""Fraud-model speed: training time, one-declaration latency, batch throughput vs bare LightGBM.

Run: .venv/bin/python bench/risk.py [DATA_DIR] [REPEATS]
Goals: score_one p99 < 5 ms; batch >= 50,000 declarations/s; training < 2 minutes.

Batch figures are the best of REPEATS runs, as timeit does: slower runs measure the
machine's other processes, not the code. Single-thread runs are also given per CPU-second
(process time), which a busy shared host does not distort. Latency percentiles use every call.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from smartcustoms.risk.ml.evaluation import selectivity_report
from smartcustoms.risk.ml.model import train
from smartcustoms.risk.ml.records import read_kcs_csv, records_from_frame

DATA_DIR = Path("/work/shared/data/customs-declarations-kcs")
SINGLE_CALLS = 5_000
WARMUP_CALLS = 200
BATCH_ROWS = 100_000


def best_seconds(run: Callable[[], object], repeats: int) -> tuple[float, float]:
    """Best wall-clock and best CPU (process) seconds over `repeats` runs."""
    walls, cpus = [], []
    for _ in range(repeats):
        wall, cpu = time.perf_counter(), time.process_time()
        run()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return min(walls), min(cpus)


def rate(rows: int, seconds: tuple[float, float]) -> str:
    wall, cpu = seconds
    return f"{rows / wall:>9,.0f} /s wall  {rows / cpu:>9,.0f} /CPU-s"


def main(data_dir: Path = DATA_DIR, repeats: int = 5) -> None:
    training = read_kcs_csv(data_dir / "df_syn_train_eng.csv")
    valid = read_kcs_csv(data_dir / "df_syn_valid_eng.csv")

    started = time.perf_counter()
    model = train(training, seed=0, holdout=False)
    print(f"train: {len(training):,} rows, {time.perf_counter() - started:.1f} s (no hold-out)")
    report = selectivity_report(model.score(valid), valid["fraud"].to_numpy())
    print(f"valid: P@5% {report['precision_at_5']:.4f}  P@10% {report['precision_at_10']:.4f}")

    # (a) one declaration at a time, as at registration
    records = records_from_frame(valid)
    calls = [records[i % len(records)] for i in range(WARMUP_CALLS + SINGLE_CALLS)]
    walls, cpus = [], []
    for i, record in enumerate(calls):
        wall, cpu = time.perf_counter(), time.thread_time()
        model.score_one(record)
        if i >= WARMUP_CALLS:
            walls.append(time.perf_counter() - wall)
            cpus.append(time.thread_time() - cpu)
    for clock, seconds in (("wall", walls), ("CPU", cpus)):
        p50, p99 = np.percentile(np.asarray(seconds) * 1000, [50, 99])
        print(f"score_one, {SINGLE_CALLS:,} calls, {clock:>4}: p50 {p50:.3f} ms  p99 {p99:.3f} ms")

    # (b) a batch: the valid file repeated to at least BATCH_ROWS declarations
    copies = -(-BATCH_ROWS // len(valid))
    batch = pd.concat([valid] * copies, ignore_index=True)
    batch_s = best_seconds(lambda: model.score(batch), repeats)
    print(f"score, batch of {len(batch):,}, 1 thread:    {rate(len(batch), batch_s)}")
    two_s = best_seconds(lambda: model.score(batch, threads=2), repeats)
    print(f"score, batch of {len(batch):,}, 2 threads:   {rate(len(batch), two_s)}")
    batch_records = records_from_frame(batch)
    records_s = best_seconds(lambda: model.score(batch_records), max(1, repeats // 2))
    print(f"score, from DeclarationRecord objects:  {rate(len(batch), records_s)}")

    # (c) bare LightGBM on the same rows, features already built
    matrix = model.features(batch)
    bare_s = best_seconds(lambda: model.booster.predict(matrix, num_threads=1), repeats)
    print(f"bare booster.predict, 1 thread:         {rate(len(batch), bare_s)}")
    print(
        f"batch / bare time ratio (1 thread): wall {batch_s[0] / bare_s[0]:.2f}, "
        f"CPU {batch_s[1] / bare_s[1]:.2f}"
    )


if __name__ == "__main__":
    arguments = sys.argv[1:]
    main(
        Path(arguments[0]) if arguments else DATA_DIR,
        int(arguments[1]) if len(arguments) > 1 else 5,
    )
