"""The indexed TariffBook: a schedule's rates in force, exchange rates and agreements by origin."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING

from smartcustoms.kit.money import VND
from smartcustoms.tariff.messages import Both
from smartcustoms.tariff.rules.errors import NoExchangeRate, NoRateInForce, UnknownTariffLine
from smartcustoms.tariff.rules.schedule import (
    Agreement,
    ExchangeRate,
    FtaRate,
    NomenclatureLine,
    TariffSchedule,
    Tax,
    TaxRate,
)

if TYPE_CHECKING:
    from smartcustoms.tariff.rules.preferences import PreferenceCheck

# Line, year, origin and proofs referenced: all that decides the preference checks.
CheckKey = tuple[str, int, str, frozenset[str]]
# What decides the reason an import duty line gives: the check key, the base rate (tax, label,
# source) and the agreement whose preferential rate won (None: the base rate applied).
ReasonKey = tuple[CheckKey, Tax, str, str, str | None]
MAX_REMEMBERED_CHECKS = 100_000


class TariffBook:
    """An in-memory indexed view of a schedule: dict lookups and bisect on dates.

    It also remembers the preference checks of each line, year, origin and proofs, and the
    reasons of import duty lines, since the items of a declaration, and the declarations of a
    day, repeat them (writing a reason in two languages costs more than the rest of its line).
    """

    def __init__(self, schedule: TariffSchedule) -> None:
        self.schedule = schedule
        self._lines = {line.hs8: line for line in schedule.lines}
        self._rates = _timeline(schedule.rates)
        self._agreements = {a.code: a for a in schedule.agreements}
        self._by_member = _agreements_by_member(schedule.agreements)
        self._accepted = {
            member: frozenset().union(*(a.proofs for a in found))
            for member, found in self._by_member.items()
        }
        self._fta: dict[tuple[str, int], dict[str, FtaRate]] = {}
        for fta in schedule.fta_rates:
            self._fta.setdefault((fta.hs8, fta.year), {})[fta.agreement] = fta
        self._fx = _fx_index(schedule.exchange_rates)
        self._checks: dict[CheckKey, tuple[PreferenceCheck, ...]] = {}
        self._reasons: dict[ReasonKey, Both] = {}

    def line(self, hs8: str) -> NomenclatureLine:
        found = self._lines.get(hs8)
        if found is None:
            raise UnknownTariffLine.of(hs8)
        return found

    def rate_in_force(self, hs8: str, tax: Tax, on: dt.date) -> TaxRate | None:
        """The rate in force on the date; None if the line is never subject to this tax.

        A line that has rates for the tax but none covering the date is a gap in the
        schedule, reported as NoRateInForce rather than guessed.
        """
        timeline = self._rates.get((hs8, tax))
        if timeline is None:
            return None
        starts, rates = timeline
        index = bisect_right(starts, on) - 1
        if index >= 0:
            found = rates[index]
            if found.valid_to is None or on <= found.valid_to:
                return found
        raise NoRateInForce.of(hs8, tax, on, rates)

    def required_rate(self, hs8: str, tax: Tax, on: dt.date) -> TaxRate:
        found = self.rate_in_force(hs8, tax, on)
        if found is None:
            raise NoRateInForce.of(hs8, tax, on, ())
        return found

    def exchange_rate(self, currency: str, on: dt.date) -> ExchangeRate:
        """The rate published on the date, or else the latest earlier one."""
        if currency == VND:
            return ExchangeRate(VND, on, Decimal(1), "VND")
        series = self._fx.get(currency)
        if series is not None:
            dates, rates = series
            index = bisect_right(dates, on) - 1
            if index >= 0:
                return rates[index]
        raise NoExchangeRate.of(currency, on)

    def agreement(self, code: str) -> Agreement | None:
        return self._agreements.get(code)

    def agreements_of(self, origin: str) -> tuple[Agreement, ...]:
        return self._by_member.get(origin, ())

    def proofs_accepted_from(self, origin: str) -> frozenset[str]:
        """Every proof of origin some agreement of this origin accepts."""
        return self._accepted.get(origin, frozenset())

    def fta_rates(self, hs8: str, year: int) -> dict[str, FtaRate]:
        return self._fta.get((hs8, year), {})

    def remembered_checks(self, key: CheckKey) -> tuple[PreferenceCheck, ...] | None:
        return self._checks.get(key)

    def remember_checks(self, key: CheckKey, checks: tuple[PreferenceCheck, ...]) -> None:
        # Checks are a pure function of the book and the key; the cap bounds memory only.
        if len(self._checks) >= MAX_REMEMBERED_CHECKS:
            self._checks.clear()
        self._checks[key] = checks

    def remembered_reason(self, key: ReasonKey) -> Both | None:
        return self._reasons.get(key)

    def remember_reason(self, key: ReasonKey, reason: Both) -> None:
        # A pure function of the book and the key, like the checks; the cap bounds memory only.
        if len(self._reasons) >= MAX_REMEMBERED_CHECKS:
            self._reasons.clear()
        self._reasons[key] = reason


def _timeline(
    rates: Iterable[TaxRate],
) -> dict[tuple[str, Tax], tuple[list[dt.date], list[TaxRate]]]:
    grouped: dict[tuple[str, Tax], list[TaxRate]] = {}
    for rate in rates:
        grouped.setdefault((rate.hs8, rate.tax), []).append(rate)
    index: dict[tuple[str, Tax], tuple[list[dt.date], list[TaxRate]]] = {}
    for key, group in grouped.items():
        group.sort(key=lambda r: r.valid_from)
        index[key] = ([r.valid_from for r in group], group)
    return index


def _agreements_by_member(agreements: Iterable[Agreement]) -> dict[str, tuple[Agreement, ...]]:
    by_member: dict[str, list[Agreement]] = {}
    for agreement in sorted(agreements, key=lambda a: a.code):
        for member in agreement.members:
            by_member.setdefault(member, []).append(agreement)
    return {member: tuple(found) for member, found in by_member.items()}


def _fx_index(
    rates: Iterable[ExchangeRate],
) -> dict[str, tuple[list[dt.date], list[ExchangeRate]]]:
    grouped: dict[str, list[ExchangeRate]] = {}
    for rate in rates:
        grouped.setdefault(rate.currency, []).append(rate)
    index: dict[str, tuple[list[dt.date], list[ExchangeRate]]] = {}
    for currency, group in grouped.items():
        group.sort(key=lambda r: r.date)
        index[currency] = ([r.date for r in group], group)
    return index
