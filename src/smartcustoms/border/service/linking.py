"""Declarations linked to the bills they cover, at registration: the registration step
that finds the declaration's bill of lading or air waybill among the cargo reports,
compares what both state, and passes the discrepancies on to the risk step as facts."""

from __future__ import annotations

from dataclasses import dataclass

from smartcustoms.border import repository
from smartcustoms.border.rules import discrepancies, document_key
from smartcustoms.db.inserts import InsertBatch
from smartcustoms.declarations.pipeline import RegistrationContext, StepOutcome
from smartcustoms.outbox.service import Event
from smartcustoms.risk import service as risk


@dataclass(frozen=True)
class ManifestLinkStep:
    """Runs before the risk step: one read (the bill, by its unique number), one row."""

    name: str = "border"

    def __call__(self, context: RegistrationContext) -> StepOutcome:
        document = context.content.transport_document
        if not document:
            return StepOutcome(self.name)
        line = repository.line_by_document(context.session, document_key(document))
        if line is None:
            return StepOutcome(self.name)
        content = context.content
        found = discrepancies(
            manifest_packages=line.packages,
            manifest_weight=line.gross_weight,
            manifest_consignee_tax_code=line.consignee_tax_code,
            declared_packages=content.packages,
            declared_weight=content.gross_weight,
            declarant_tax_code=context.enterprise_tax_code,
        )
        line_id = line.id

        def record(batch: InsertBatch) -> tuple[Event, ...]:
            batch.add(
                repository.LINKS,
                [repository.link_row(line_id, context.declaration_id, list(found), context.at)],
            )
            return ()

        return StepOutcome(
            self.name, {risk.DISCREPANCIES_KEY: found, "line_id": line_id}, record=record
        )
