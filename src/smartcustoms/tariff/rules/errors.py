"""The tariff's typed errors: each keeps its stable code; its texts come from tariff.messages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from smartcustoms.errors import FieldError, NotFound, RuleViolated, ValidationFailed
from smartcustoms.tariff.messages import TAX_NAMES, texts

if TYPE_CHECKING:
    from smartcustoms.tariff.rules.schedule import Agreement, Tax, TaxRate


class UnknownTariffLine(NotFound):
    code = "unknown_tariff_line"

    @classmethod
    def of(cls, hs8: str) -> UnknownTariffLine:
        en, vi = texts(cls.code, hs8=hs8)
        return cls(message_en=en, message_vi=vi, details={"hs8": hs8})


class NoRateInForce(RuleViolated):
    code = "no_rate_in_force"

    @classmethod
    def of(cls, hs8: str, tax: Tax, on: dt.date, known: Sequence[TaxRate]) -> NoRateInForce:
        periods = ", ".join(r.period for r in known) or "none"
        en, vi = texts(cls.code, tax=TAX_NAMES[tax], hs8=hs8, date=on.isoformat(), periods=periods)
        return cls(
            message_en=en,
            message_vi=vi,
            details={"hs8": hs8, "tax": tax.value, "date": on.isoformat()},
        )


class NoExchangeRate(RuleViolated):
    code = "no_exchange_rate"

    @classmethod
    def of(cls, currency: str, on: dt.date) -> NoExchangeRate:
        en, vi = texts(cls.code, currency=currency, date=on.isoformat())
        return cls(
            message_en=en, message_vi=vi, details={"currency": currency, "date": on.isoformat()}
        )


class ProofNotAccepted(RuleViolated):
    code = "proof_not_accepted"

    @classmethod
    def of(cls, proof: str, origin: str, memberships: Sequence[Agreement]) -> ProofNotAccepted:
        accepted = "; ".join(f"{a.code}: {' '.join(sorted(a.proofs))}" for a in memberships)
        where = (
            texts("proof_not_accepted.accepted", accepted=accepted)
            if accepted
            else texts("proof_not_accepted.no_agreement")
        )
        en, vi = texts(cls.code, proof=proof, origin=origin, where=where)
        return cls(message_en=en, message_vi=vi, details={"proof": proof, "origin": origin})


class UnitMismatch(RuleViolated):
    code = "unit_mismatch"

    @classmethod
    def of(cls, rate: TaxRate, unit: str) -> UnitMismatch:
        en, vi = texts(
            cls.code,
            tax=TAX_NAMES[rate.tax],
            hs8=rate.hs8,
            expected=rate.unit,
            source=rate.source,
            unit=unit or texts("unit_mismatch.no_unit"),
        )
        return cls(
            message_en=en,
            message_vi=vi,
            details={"hs8": rate.hs8, "expected_unit": rate.unit, "unit": unit},
        )


class InvalidQuoteRequest(ValidationFailed):
    code = "invalid_quote_request"

    @classmethod
    def of(cls, errors: list[FieldError]) -> InvalidQuoteRequest:
        en, vi = texts(cls.code)
        return cls(message_en=en, message_vi=vi, errors=errors)


def field_error(path: str, code: str, /, **params: object) -> FieldError:
    """A problem with one field of a quote request, worded by the catalogue's `code`."""
    en, vi = texts(code, **params)
    return FieldError(path=path, code=code, message_en=en, message_vi=vi)
