"""The registration pipeline: the extension point where tariff, permits, risk and payment
plug in. Each step is another domain's use case; this module knows none of them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any, Protocol

from sqlalchemy.orm import Session

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


@dataclass(frozen=True)
class StepOutcome:
    step: str
    summary: dict[str, Any] = field(default_factory=dict)
    # Events about what the step recorded. Registration writes them with its own, in one
    # statement, and only if every step succeeded.
    events: tuple[Event, ...] = ()


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


@dataclass(frozen=True)
class RegistrationSetup:
    """How submission is checked and which steps registration runs, in order."""

    catalog_provider: CatalogProvider
    steps: Sequence[RegistrationStep] = ()
    value_tolerance_percent: Decimal = Decimal("1.0")


def run_steps(steps: Sequence[RegistrationStep], context: RegistrationContext) -> list[StepOutcome]:
    return [step(context) for step in steps]
