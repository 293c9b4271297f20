"""Quotes per second of the tariff engine, against a plain dict lookup of the same rates.

Run: .venv/bin/python bench/tariff.py [N] [REPEATS]   (goal: at least 20,000 quotes/s)

Each side runs REPEATS times over the same N requests, the two sides interleaved, and the best
run of each counts, as timeit does: slower runs measure the machine's other processes, not the code.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

import smartcustoms
from smartcustoms.kit.money import round_vnd
from smartcustoms.tariff.importer import SAMPLE_DIR, import_schedule, load_hs6_codes
from smartcustoms.tariff.rules import (
    Direction,
    Incoterm,
    QuoteRequest,
    TariffBook,
    Tax,
    quote,
)

HS_CSV = Path(smartcustoms.__file__).parent / "reference" / "data" / "hs2022.csv"
# Origin, its invoice currency and the proofs a declarant from there would reference.
ORIGINS = [
    ("DE", "EUR", ("EUR.1", "REX")),
    ("JP", "JPY", ("CPTPP", "VJ", "AJ", "RCEP")),
    ("CN", "CNY", ("E", "RCEP")),
    ("TH", "THB", ("D", "RCEP")),
    ("KR", "KRW", ("AK", "VK", "RCEP")),
    ("GB", "GBP", ("EUR.1",)),
    ("SG", "SGD", ("D", "CPTPP")),
    ("US", "USD", ()),
]


def build_book() -> TariffBook:
    return TariffBook(import_schedule(SAMPLE_DIR, hs6_codes=load_hs6_codes(HS_CSV)))


def make_requests(book: TariffBook, n: int, seed: int = 7) -> list[QuoteRequest]:
    rng = random.Random(seed)
    lines = list(book.schedule.lines)
    first = dt.date(2024, 1, 1).toordinal()
    requests = []
    for _ in range(n):
        line = rng.choice(lines)
        origin, currency, proofs = rng.choice(ORIGINS)
        exporting = book.rate_in_force(line.hs8, Tax.EXPORT, dt.date(2024, 1, 1)) is not None
        requests.append(
            QuoteRequest(
                hs8=line.hs8,
                origin="VN" if exporting else origin,
                value=Decimal(rng.randrange(100, 5_000_000)) / 100,
                currency=currency,
                quantity=Decimal(rng.randrange(1, 10_000)),
                unit=line.unit,
                date=dt.date.fromordinal(first + rng.randrange(0, 1095)),
                incoterm=rng.choice(list(Incoterm)),
                freight=Decimal(rng.randrange(0, 50_000)) / 100,
                insurance=Decimal(rng.randrange(0, 5_000)) / 100,
                proofs=frozenset(p for p in proofs if rng.random() < 0.5),
                direction=Direction.EXPORT if exporting else Direction.IMPORT,
            )
        )
    return requests


def plain_limit(book: TariffBook, requests: list[QuoteRequest]) -> float:
    """The same ad valorem arithmetic with every rate pre-resolved in plain dicts."""
    mfn = {r.hs8: r.rate for r in book.schedule.rates if r.tax is Tax.IMPORT_MFN}
    vat = {r.hs8: r.rate for r in book.schedule.rates if r.tax is Tax.VAT and not r.valid_to}
    fx = {r.currency: r.rate_vnd for r in book.schedule.exchange_rates}
    hundred = Decimal(100)
    start = time.perf_counter()
    for request in requests:
        value = round_vnd(
            (request.value + request.freight + request.insurance) * fx[request.currency]
        )
        duty = round_vnd(value * mfn[request.hs8] / hundred)
        tax = round_vnd((value + duty) * vat[request.hs8] / hundred)
        _ = {"customs_value_vnd": value, "total_vnd": duty + tax}
    return time.perf_counter() - start


def engine(book: TariffBook, requests: list[QuoteRequest]) -> tuple[float, int]:
    errors = 0
    start = time.perf_counter()
    for request in requests:
        try:
            quote(book, request)
        except smartcustoms.errors.DomainError:
            errors += 1
    return time.perf_counter() - start, errors


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 7
    book = build_book()
    requests = make_requests(book, n)
    engine(book, requests[:1000])  # warm up
    runs, limits = [], []
    for _ in range(repeats):
        # A fresh book per run: what it remembers comes from this run's requests only.
        runs.append(engine(TariffBook(book.schedule), requests))
        limits.append(plain_limit(book, requests))
    seconds, errors = min(runs)
    limit = min(limits)
    rate, limit_rate = n / seconds, n / limit
    print(f"quotes:            {n:,} x {repeats} runs, best run counts")
    print(f"typed errors:      {errors:,} (e.g. freight above an export price)")
    print(f"engine:            {rate:,.0f} quotes/s  ({seconds * 1e6 / n:.1f} µs/quote)")
    print(f"plain dict (limit): {limit_rate:,.0f} quotes/s  ({limit * 1e6 / n:.1f} µs/quote)")
    print(f"ratio engine/limit: {rate / limit_rate:.2f}")
    print(f"goal >= 20,000 quotes/s: {'met' if rate >= 20_000 else 'NOT met'}")


if __name__ == "__main__":
    main()
