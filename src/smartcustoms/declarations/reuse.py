"""Filing from what a broker has already: goods items from a sheet, a copy of an earlier
declaration, and the warning when a bill of lading is declared twice."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy.orm import Session

from smartcustoms.declarations import repository
from smartcustoms.declarations.access import own, visible
from smartcustoms.declarations.content import ItemContent
from smartcustoms.declarations.drafts import (
    WrittenDeclaration,
    content_of,
    create_draft,
    update_draft,
)
from smartcustoms.declarations.messages import texts
from smartcustoms.declarations.models import Declaration
from smartcustoms.identity.rules import Actor
from smartcustoms.kit.bilingual import Both


def import_items(
    session: Session,
    *,
    actor: Actor,
    declaration_id: int,
    items: tuple[ItemContent, ...],
    at: datetime,
) -> Declaration:
    """A draft's goods items replaced by those of a sheet (read and checked by the caller);
    its header stays as it is."""
    declaration = own(session, actor, declaration_id)
    content = replace(content_of(declaration), items=items)
    return update_draft(session, actor=actor, declaration_id=declaration.id, content=content, at=at)


def copy_declaration(
    session: Session, *, actor: Actor, declaration_id: int, at: datetime
) -> WrittenDeclaration:
    """A new draft with the header and goods items of a declaration the actor may see and
    declare for; not its number, status, dates or dossier (the earlier shipment's arrival,
    departure and invoice dates are left for the new one)."""
    source = visible(session, actor, declaration_id)
    content = replace(content_of(source), arrival_date=None, departure_date=None, invoice_date=None)
    return create_draft(
        session, actor=actor, enterprise_id=source.enterprise_id, content=content, at=at
    )


@dataclass(frozen=True)
class FilingWarning:
    """Something a declarant should check that does not stop the filing."""

    code: str
    path: str
    message_en: str
    message_vi: str
    declaration_ids: tuple[int, ...]

    def message(self, lang: str) -> str:
        return self.message_vi if lang == "vi" else self.message_en


def filing_warnings(
    session: Session,
    *,
    enterprise_id: int,
    transport_document: str | None,
    declaration_id: int | None,
    number: str | None,
) -> list[FilingWarning]:
    """The warnings of a declaration as it stands: its bill of lading on another live
    declaration of the same enterprise."""
    if not transport_document or not transport_document.strip():
        return []
    others = repository.same_transport_document(
        session,
        enterprise_id=enterprise_id,
        transport_document=transport_document,
        declaration_id=declaration_id,
        number=number,
    )
    if not others:
        return []
    named = [texts("other_declaration", ref=o.number or f"#{o.id}") for o in others]
    listed = Both(", ".join(n.en for n in named), ", ".join(n.vi for n in named))
    en, vi = texts(
        "duplicate_transport_document", document=transport_document.strip(), others=listed
    )
    return [
        FilingWarning(
            "duplicate_transport_document",
            "transport_document",
            en,
            vi,
            tuple(o.id for o in others),
        )
    ]


def warnings_of(session: Session, declaration: Declaration) -> list[FilingWarning]:
    return filing_warnings(
        session,
        enterprise_id=declaration.enterprise_id,
        transport_document=declaration.transport_document,
        declaration_id=declaration.id,
        number=declaration.number,
    )
