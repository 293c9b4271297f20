"""Declarations linked to the bills they cover: at registration, the registration step that
finds the declaration's bill of lading or air waybill among the cargo reports, compares what
both state and passes the discrepancies on to the risk step as facts; and when a manifest is
filed after its declarations registered, the late link of those declarations to its bills."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy.orm import Session

from smartcustoms.border import repository
from smartcustoms.border.models import DeclarationLink, ManifestLine
from smartcustoms.border.rules import discrepancies, document_key
from smartcustoms.db.inserts import InsertBatch
from smartcustoms.declarations import service as declarations
from smartcustoms.declarations.pipeline import RegistrationContext, StepOutcome
from smartcustoms.identity import service as identity
from smartcustoms.outbox.service import Event, emit
from smartcustoms.risk import service as risk

LATE_LINK_TOPIC = "border.declaration_linked_late"


def _against(
    line: ManifestLine, packages: int | None, weight: Decimal | None, tax_code: str | None
) -> tuple[str, ...]:
    """What a declaration states differently from its bill."""
    return discrepancies(
        manifest_packages=line.packages,
        manifest_weight=line.gross_weight,
        manifest_consignee_tax_code=line.consignee_tax_code,
        declared_packages=packages,
        declared_weight=weight,
        declarant_tax_code=tax_code,
    )


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
        found = _against(line, content.packages, content.gross_weight, context.enterprise_tax_code)
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


def link_registered(
    session: Session, lines: Sequence[ManifestLine], at: datetime
) -> list[DeclarationLink]:
    """Link the bills just reported to the declarations registered before them that state
    them (versions in force), with their discrepancies. Idempotent: a declaration already
    linked to a bill is left as it is. Risk decided those declarations without the
    discrepancies: they are kept on the link for officers, and an event tells risk."""
    by_key = {line.document_number: line for line in lines}
    found = declarations.registered_by_transport_documents(session, keys=list(by_key))
    if not found:
        return []
    existing = {
        (k.line_id, k.declaration_id)
        for k in repository.links_of_lines(session, [line.id for line in lines])
    }
    tax_codes = {
        o.id: o.tax_code
        for o in identity.organisations_by_id(session, {d.enterprise_id for d in found}).values()
    }
    links: list[DeclarationLink] = []
    for declaration in found:
        line = by_key.get(document_key(declaration.transport_document or ""))
        if line is None or (line.id, declaration.id) in existing:
            continue
        differing = _against(
            line,
            declaration.packages,
            declaration.gross_weight,
            tax_codes.get(declaration.enterprise_id),
        )
        link = DeclarationLink(
            line_id=line.id,
            declaration_id=declaration.id,
            discrepancies=list(differing),
            linked_at=at,
            late=True,
        )
        session.add(link)
        links.append(link)
        emit(
            session,
            topic=LATE_LINK_TOPIC,
            aggregate_type="declaration",
            aggregate_id=declaration.id,
            payload={
                "declaration_id": declaration.id,
                "document_number": line.document_number,
                risk.DISCREPANCIES_KEY: list(differing),
            },
            at=at,
        )
    session.flush()
    return links
