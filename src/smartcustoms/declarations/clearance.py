"""Clearance conditions: the extension point where the checks, licences and payments say
whether a registered declaration's goods may be released. This module knows none of them;
`smartcustoms/clearance.py` (a composition root, like `registration.py`) lists them.

A condition is any callable with a `name` and a `kind`, called as

    condition(session: Session, subject: ClearanceSubject, at: datetime) -> ConditionOutcome

where `ConditionOutcome(met: bool, code: str, message_en: str, message_vi: str,
officer_decides: bool = False)` (in `declarations.release_rules`) says whether it is met, why
(a stable code), and a text in both languages that reads alone when met ("Green channel: no
check") and after "Waiting for:" when not ("payment of taxes"). `kind` is a
`ConditionKind`: `checks`, `licences` or `taxes`; an officer may release goods pending tax
determination while only `taxes` conditions are unmet. A condition only reads: it never
writes, and it answers the same until something it reads changes.

The conditions in place: the risk domain's channel checks (`risk.clearance_checks.
ChannelChecksDone`) and the payments domain's "taxes paid or guaranteed"
(`payments.clearance_taxes.TaxesPaidOrGuaranteed`). A domain that changes what a condition
reads asks again, in its own transaction:

    declarations.service.reevaluate_clearance(
        session, declaration_id=..., setup=services.clearance, at=at
    ) -> Clearance

which clears the declaration if nothing else is awaited. The risk domain's inspection
routes call it with the setup they get from `deps.Services.clearance`; payments calls the
hooks of `PaymentsSetup.after_taxes_met`, which `app.build_payments` makes from the same
setup, once a payment, a guarantee or a recovered booking meets a declaration's taxes. No
domain's service imports the composition root.

Registration evaluates the conditions too, before the declaration is written (a green one
is cleared at once): then `subject.registering` holds each registration step's summary by
step name (`{"risk": {"channel": "green"}, "tariff": {...}}`) and the declaration's rows are
not in the database yet. A condition should answer from it without a query where it can:
the filing path is benchmarked, and a query there is a statement more per filing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy.orm import Session

from smartcustoms.declarations.release_rules import ConditionKind, ConditionOutcome, Evaluated


@dataclass(frozen=True)
class ClearanceSubject:
    """The declaration version a condition is asked about."""

    declaration_id: int
    enterprise_id: int
    office_code: str | None
    number: str | None
    version: int
    # While registration decides: each step's summary by step name; None afterwards.
    registering: Mapping[str, Mapping[str, Any]] | None = None


class ClearanceCondition(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def kind(self) -> ConditionKind: ...

    def __call__(
        self, session: Session, subject: ClearanceSubject, at: datetime
    ) -> ConditionOutcome: ...


@dataclass(frozen=True)
class ClearanceSetup:
    """The conditions a declaration's goods are released on, in the order they are shown.

    With none, nothing is cleared by itself (officers' decisions still apply)."""

    conditions: Sequence[ClearanceCondition] = ()


def evaluate(
    setup: ClearanceSetup, session: Session, subject: ClearanceSubject, at: datetime
) -> list[Evaluated]:
    """Every condition's outcome, in order."""
    return [
        Evaluated(condition.name, condition.kind, condition(session, subject, at))
        for condition in setup.conditions
    ]
