"""An incoming ACDD and the import declaration it announces, whichever comes first.

- ACDD first: the import's registration step (`AcddMatchStep`, before risk's) finds the
  ACDD by transport document or invoice number, matches it, and passes its value and
  quantity discrepancies to the risk step as facts (`risk.DISCREPANCIES_KEY`), as the
  border's step does with the cargo report's: a risk rule on "acdd_value" or
  "acdd_quantity" sends the declaration yellow or red.
- Import first: the ACDD is matched as it arrives (`acdd.match_received`); a registration
  after that (of the draft, or of an amendment) selects the channel with its facts.

Matching twice changes nothing: the message keeps its declaration (the latest version) and
its facts are computed again from the same two documents.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from smartcustoms.db.inserts import InsertBatch
from smartcustoms.declarations.content import ItemContent
from smartcustoms.declarations.pipeline import RegistrationContext, StepOutcome
from smartcustoms.outbox.service import Event
from smartcustoms.partners import repository
from smartcustoms.partners.rules import ACDD_ITEM, Discrepancy, discrepancies
from smartcustoms.risk import service as risk

# The codes risk rules name ("discrepancies": [...]) for an ACDD's discrepancies.
RISK_CODES = {"value": "acdd_value", "quantity": "acdd_quantity"}


def risk_codes(found: Sequence[Discrepancy]) -> tuple[str, ...]:
    """The risk facts of an ACDD's discrepancies: each kind once, value first."""
    kinds = {d.kind for d in found}
    return tuple(RISK_CODES[k] for k in ("value", "quantity") if k in kinds)


def exported_items(body: dict[str, Any]) -> list[dict[str, Any]]:
    return [i for i in body.get("items") or [] if isinstance(i, dict)]


def _declared(item: ItemContent) -> dict[str, Any]:
    """An item as the ACDD states it: its invoice value, or quantity × unit price."""
    found = {name: getattr(item, name, None) for name in ACDD_ITEM}
    if found["invoice_value"] is None and item.quantity is not None and item.unit_price:
        found["invoice_value"] = item.quantity * item.unit_price
    return found


@dataclass(frozen=True)
class AcddMatchStep:
    """Runs before the risk step on imports: one indexed read; an update when found."""

    name: str = "partners"

    def __call__(self, context: RegistrationContext) -> StepOutcome:
        if context.direction != "import":
            return StepOutcome(self.name)
        content = context.content
        message = repository.acdd_for_import(
            context.session,
            transport_document=content.transport_document,
            invoice_number=content.invoice_number,
            declaration_ids=(context.declaration_id, context.supersedes_id),
        )
        if message is None:
            return StepOutcome(self.name)
        declared = [_declared(item) for item in content.items]
        found = discrepancies(declared, exported_items(message.envelope["body"]))
        codes = risk_codes(found)

        def record(_batch: InsertBatch) -> tuple[Event, ...]:
            message.declaration_id = context.declaration_id
            message.state = "matched"
            message.facts = [d.as_fact() for d in found]
            message.updated_at = context.at
            return ()

        summary = {risk.DISCREPANCIES_KEY: codes, "acdd_message_id": message.id}
        return StepOutcome(self.name, summary, record=record)
