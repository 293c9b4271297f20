"""Free trade agreements: which preferential rates an item may claim, and its import duty.

The duty is the lowest of the MFN (or normal) rate and every eligible preferential rate; a
preferential rate is eligible when the origin is a member of the agreement, the agreement
has a rate for the line that year, and the declaration references a proof it accepts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any, NoReturn

from smartcustoms.kit.money import round_vnd
from smartcustoms.tariff.messages import BASE_RATE_NAMES, STATUS_NAMES, Both, texts
from smartcustoms.tariff.rules.book import CheckKey, TariffBook
from smartcustoms.tariff.rules.errors import ProofNotAccepted
from smartcustoms.tariff.rules.jsontext import encoded_once
from smartcustoms.tariff.rules.request import QuoteRequest
from smartcustoms.tariff.rules.schedule import (
    HUNDRED,
    Agreement,
    FtaRate,
    RateKind,
    Tax,
    TaxRate,
    format_decimal,
)
from smartcustoms.tariff.rules.taxes import TaxLine, assess, tax_line


class PreferenceStatus(StrEnum):
    ELIGIBLE = "eligible"
    NO_PROOF = "no_proof"
    NO_RATE = "no_rate"


@dataclass(frozen=True, slots=True)
class PreferenceCheck:
    """Why one agreement's preferential rate was or was not eligible for the item."""

    agreement: Agreement
    year: int
    status: PreferenceStatus
    origin: str
    hs8: str
    fta: FtaRate | None = None
    proof: str | None = None
    # Checks are remembered by the book and repeat across quotes: their reason and JSON are
    # kept with them.
    _reason: Both | None = field(default=None, init=False, repr=False, compare=False)
    _json: str | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def eligible(self) -> bool:
        return self.status is PreferenceStatus.ELIGIBLE

    @property
    def rate(self) -> Decimal | None:
        return None if self.fta is None else self.fta.rate

    @property
    def reason(self) -> Both:
        reason = self._reason
        if reason is None:
            reason = self._write_reason()
            object.__setattr__(self, "_reason", reason)
        return reason

    def _write_reason(self) -> Both:
        code, year = self.agreement.code, self.year
        if self.fta is None:
            return texts("check.no_rate", agreement=code, hs8=self.hs8, year=year)
        rate = f"{format_decimal(self.fta.rate)}%"
        if self.status is PreferenceStatus.NO_PROOF:
            accepted = " ".join(sorted(self.agreement.proofs))
            return texts("check.no_proof", agreement=code, year=year, rate=rate, accepted=accepted)
        return texts(
            "check.eligible",
            agreement=code,
            year=year,
            rate=rate,
            origin=self.origin,
            proof=self.proof,
        )

    @property
    def reason_en(self) -> str:
        return self.reason.en

    @property
    def reason_vi(self) -> str:
        return self.reason.vi

    def as_dict(self) -> dict[str, Any]:
        reason = self.reason
        return {
            "agreement": self.agreement.code,
            "year": self.year,
            "status": self.status.value,
            "eligible": self.eligible,
            "rate": None if self.fta is None else f"{format_decimal(self.fta.rate)}%",
            "source": None if self.fta is None else self.fta.source,
            "proof": self.proof,
            "reason_en": reason.en,
            "reason_vi": reason.vi,
        }

    def as_json(self) -> str:
        """json.dumps(self.as_dict()), encoded once per check."""
        return encoded_once(self)


def preference_checks(book: TariffBook, request: QuoteRequest) -> tuple[PreferenceCheck, ...]:
    """Check every agreement the origin belongs to; refuse proofs none of them accepts.

    A proof referenced for an agreement without a rate this year is kept as a NO_RATE check
    (the roadmap has ended or not started); a proof no agreement of the origin accepts is a
    declaration error, raised as ProofNotAccepted.
    """
    return _checks(book, request, _check_key(request))


def _check_key(request: QuoteRequest) -> CheckKey:
    return (request.hs8, request.date.year, request.origin, request.proofs)


def _checks(book: TariffBook, request: QuoteRequest, key: CheckKey) -> tuple[PreferenceCheck, ...]:
    remembered = book.remembered_checks(key)
    if remembered is not None:
        return remembered
    memberships = book.agreements_of(request.origin)
    proofs = request.proofs
    if proofs and not proofs <= book.proofs_accepted_from(request.origin):
        _refuse_proofs(proofs, request.origin, memberships)
    offered = book.fta_rates(request.hs8, request.date.year)
    checks = []
    for agreement in memberships:
        check = _check_one(agreement, offered.get(agreement.code), request)
        if check is not None:
            checks.append(check)
    result = tuple(checks)
    book.remember_checks(key, result)
    return result


def _check_one(
    agreement: Agreement, fta: FtaRate | None, request: QuoteRequest
) -> PreferenceCheck | None:
    """One agreement's verdict; None when it neither offers a rate nor was claimed."""
    usable = request.proofs & agreement.proofs
    proof = min(usable) if usable else None
    if fta is not None:
        status = PreferenceStatus.NO_PROOF if proof is None else PreferenceStatus.ELIGIBLE
    elif proof is not None:
        status = PreferenceStatus.NO_RATE
    else:
        return None
    return PreferenceCheck(
        agreement, request.date.year, status, request.origin, request.hs8, fta, proof
    )


def _refuse_proofs(
    proofs: frozenset[str], origin: str, memberships: Sequence[Agreement]
) -> NoReturn:
    """Raise for the first (in sorted order) proof no agreement of the origin accepts."""
    accepted = frozenset().union(*(agreement.proofs for agreement in memberships))
    raise ProofNotAccepted.of(min(proofs - accepted), origin, memberships)


# ---------------------------------------------------------------- the import duty


def import_duty(
    book: TariffBook, request: QuoteRequest, customs_value: int
) -> tuple[TaxLine, tuple[PreferenceCheck, ...]]:
    """The lowest of the MFN (or normal) duty and every eligible preferential duty."""
    tax = Tax.IMPORT_MFN if request.mfn_treatment else Tax.IMPORT_NORMAL
    base_rate = book.required_rate(request.hs8, tax, request.date)
    base_amount = assess(base_rate, customs_value, request.quantity, request.unit)
    key = _check_key(request)
    checks = _checks(book, request, key)
    best: PreferenceCheck | None = None
    best_amount = base_amount
    for check in checks:
        # Equal amounts keep the MFN line: it needs no proof to be verified later.
        if check.fta is not None and check.status is PreferenceStatus.ELIGIBLE:
            amount = customs_value * check.fta.rate / HUNDRED
            if amount < best_amount:
                best, best_amount = check, amount
    won = None if best is None else best.agreement.code
    reason_key = (key, base_rate.tax, base_rate.label, base_rate.source, won)
    reason = book.remembered_reason(reason_key)
    if reason is None:
        if best is None:
            reason = _base_reason(base_rate, request, checks)
        else:
            reason = _fta_reason(best, base_rate)
        book.remember_reason(reason_key, reason)
    if best is None or best.fta is None:
        return tax_line(base_rate, customs_value, request, reason), checks
    return _fta_line(best, best.fta, customs_value, best_amount, reason), checks


def _fta_reason(check: PreferenceCheck, base_rate: TaxRate) -> Both:
    return texts(
        "reason.fta",
        check=check.reason,
        base=BASE_RATE_NAMES[base_rate.tax],
        rate=base_rate.label,
        source=base_rate.source,
    )


def _fta_line(
    check: PreferenceCheck, fta: FtaRate, customs_value: int, amount: Decimal, reason: Both
) -> TaxLine:
    reason_en, reason_vi = reason
    return TaxLine(
        tax="import",
        base_vnd=customs_value,
        rate=f"{format_decimal(fta.rate)}%",
        amount_vnd=round_vnd(amount),
        source=fta.source,
        kind=RateKind.AD_VALOREM,
        schedule="fta",
        reason_en=reason_en,
        reason_vi=reason_vi,
        agreement=check.agreement.code,
        year=check.year,
        proof=check.proof,
    )


def _base_reason(rate: TaxRate, request: QuoteRequest, checks: Sequence[PreferenceCheck]) -> Both:
    if rate.tax is Tax.IMPORT_NORMAL:
        return texts("reason.normal_rate", rate=rate.label, origin=request.origin)
    if any(check.eligible for check in checks):
        return texts("reason.mfn_lowest", rate=rate.label)
    if checks:
        # The full reason of each check is in the quote's preferences; name them here.
        why = Both(
            "; ".join(f"{c.agreement.code}: {STATUS_NAMES[c.status].en}" for c in checks),
            "; ".join(f"{c.agreement.code}: {STATUS_NAMES[c.status].vi}" for c in checks),
        )
        return texts("reason.mfn_none_eligible", rate=rate.label, why=why)
    return texts(
        "reason.mfn_no_preference", rate=rate.label, origin=request.origin, year=request.date.year
    )
