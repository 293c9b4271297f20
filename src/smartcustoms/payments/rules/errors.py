"""The payments domain's typed errors: each keeps its stable code; texts from payments.messages."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from smartcustoms.errors import Conflict, DomainError, FieldError, RuleViolated, ValidationFailed
from smartcustoms.payments.messages import texts


class InsufficientBalance(RuleViolated):
    code = "insufficient_balance"


class DefermentLimitExceeded(RuleViolated):
    code = "deferment_limit_exceeded"


class GuaranteeNotValid(RuleViolated):
    code = "guarantee_not_valid"


class GuaranteeOtherDeclaration(RuleViolated):
    code = "guarantee_other_declaration"


class GuaranteeInsufficient(RuleViolated):
    code = "guarantee_insufficient"


class NothingToPay(Conflict):
    code = "nothing_to_pay"


class PaymentNotPending(Conflict):
    code = "payment_not_pending"


class BankUnavailable(DomainError):
    code = "bank_unavailable"
    status = 503
    title = "Bank unavailable"


E = TypeVar("E", bound=DomainError)


def error(
    kind: Callable[..., E], key: str, /, details: dict[str, object] | None = None, **params: object
) -> E:
    """A typed error (its class keeps its stable `code`) with the catalogue's messages; the
    plain parameters (numbers, texts) and `details` are its problem details."""
    en, vi = texts(key, **params)
    plain = {k: v for k, v in params.items() if v.__class__ in (int, str)}
    return kind(message_en=en, message_vi=vi, details=plain | (details or {}))


def field_error(path: str, key: str, /, **params: object) -> FieldError:
    en, vi = texts(key, **params)
    return FieldError(path, key, en, vi)


def invalid(path: str, key: str, /, **params: object) -> ValidationFailed:
    """One field's problem as a validation failure, worded by the catalogue."""
    en, vi = texts(key, **params)
    return ValidationFailed(message_en=en, message_vi=vi, errors=[FieldError(path, key, en, vi)])
