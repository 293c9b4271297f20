"""The registration pipeline: the extension point where tariff, permits, risk and payment
plug in. Each step is another domain's use case; this module knows none of them.

A step decides first and records afterwards: called with the context, it reads, computes and
may refuse (RegistrationRefused), writing nothing; the outcome it returns carries `record`,
which adds the rows of what it decided to the registration's InsertBatch. Registration calls
every step, then, only if none refused, every `record` in order, and writes the batch with
the declaration's own rows. Nothing is written that a later refusal would have to undo, so
no savepoint is needed."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import Decimal
from typing import Any, Protocol

from sqlalchemy.orm import Session

from smartcustoms.db.inserts import InsertBatch
from smartcustoms.declarations.clearance import ClearanceSetup
from smartcustoms.declarations.content import DeclarationContent
from smartcustoms.errors import FieldError, RuleViolated
from smartcustoms.outbox.service import Event
from smartcustoms.reference.rules import ReferenceCatalog


@dataclass(frozen=True)
class RegistrationContext:
    """What a step may read; steps write only to their own domain's tables."""

    session: Session
    declaration_id: int
    enterprise_id: int
    declarant_id: int  # the user who submits: a trader of the enterprise or its broker
    declarant_username: str
    direction: str
    version: int
    supersedes_id: int | None
    content: DeclarationContent
    document_ids: tuple[int, ...]
    at: datetime
    # The enterprise's tax code (MST) as identity gave it with the declarant (`Actor`), so
    # no step reads identity's tables for it; None when the actor did not carry it.
    enterprise_tax_code: str | None = None
    # What the steps before this one decided, in order: a step may build on an earlier one's
    # outcome (payments turns the tariff's assessed taxes into obligations) without reading
    # back rows that are not written yet. The earlier step's service reads its own summary.
    earlier: tuple[StepOutcome, ...] = ()
    # The filing came with a signature its channel has verified (a WCO XML declaration's
    # enveloped XAdES): the signatures step counts it (it is written with the declaration).
    signed: bool = False

    def outcome_of(self, step: str) -> StepOutcome | None:
        """An earlier step's outcome by the step's name (None: it did not run before this)."""
        for outcome in self.earlier:
            if outcome.step == step:
                return outcome
        return None


def _nothing_to_record(_batch: InsertBatch) -> tuple[Event, ...]:
    return ()


@dataclass(frozen=True)
class StepOutcome:
    step: str
    summary: dict[str, Any] = field(default_factory=dict)
    # Adds the rows of what the step decided to the batch (a step may also write through the
    # session what a batch cannot, such as an update) and returns the events about it, which
    # registration writes with its own.
    record: Callable[[InsertBatch], tuple[Event, ...]] = _nothing_to_record


class RegistrationStep(Protocol):
    @property
    def name(self) -> str: ...

    def __call__(self, context: RegistrationContext) -> StepOutcome: ...


@dataclass
class RegistrationRefused(RuleViolated):
    """A step found a reason the declaration cannot be registered; it becomes rejected."""

    reasons: list[FieldError] = field(default_factory=list)

    code = "registration_refused"


CatalogProvider = Callable[[Session], ReferenceCatalog]
# What another domain closes when a registered declaration is cancelled (by its id, at the
# cancellation's time), in the cancellation's transaction: the risk domain closes a pending
# inspection, payments credits back what was paid, for instance.
CancellationHook = Callable[[Session, int, datetime], None]


@dataclass(frozen=True)
class RegistrationSetup:
    """How submission is checked, which steps registration runs (in order), what other
    domains do when a registered declaration is cancelled, and the clearance conditions a
    declaration is cleared on as it registers (None: it never is at registration)."""

    catalog_provider: CatalogProvider
    steps: Sequence[RegistrationStep] = ()
    value_tolerance_percent: Decimal = Decimal("1.0")
    on_cancel: Sequence[CancellationHook] = ()
    clearance: ClearanceSetup | None = None


@dataclass(frozen=True)
class Registered:
    outcomes: list[StepOutcome]
    events: list[Event]


def run_steps(
    steps: Sequence[RegistrationStep], context: RegistrationContext, batch: InsertBatch
) -> Registered:
    """Every step decides (any may refuse), then every step records into the batch, in order.

    Each step sees the outcomes of the steps before it (`RegistrationContext.earlier`)."""
    outcomes: list[StepOutcome] = []
    for step in steps:
        outcomes.append(step(replace(context, earlier=tuple(outcomes)) if outcomes else context))
    events = [event for outcome in outcomes for event in outcome.record(batch)]
    return Registered(outcomes, events)
