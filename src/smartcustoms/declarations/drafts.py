"""A declarant's drafts: creating one (in one write), editing it, attaching documents."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import datetime

from sqlalchemy.orm import Session

from smartcustoms.audit import service as audit
from smartcustoms.db.inserts import InsertBatch
from smartcustoms.declarations import repository
from smartcustoms.declarations.access import own
from smartcustoms.declarations.content import HEADER_FIELDS, DeclarationContent, ItemContent
from smartcustoms.declarations.lifecycle import Action, Status, next_status
from smartcustoms.declarations.messages import error
from smartcustoms.declarations.models import Declaration, DeclarationItem
from smartcustoms.declarations.pipeline import StepOutcome
from smartcustoms.declarations.repository import DeclarationRow
from smartcustoms.declarations.transitions import add_transitions, opened, record_steps, transition
from smartcustoms.documents import service as documents
from smartcustoms.errors import PermissionDenied
from smartcustoms.identity.rules import Actor, require_procedure


def content_of(declaration: Declaration) -> DeclarationContent:
    header = {name: getattr(declaration, name) for name in HEADER_FIELDS}
    items = tuple(
        ItemContent(**{f.name: getattr(item, f.name) for f in fields(ItemContent)})
        for item in declaration.items
    )
    return DeclarationContent(**header, items=items)


def write_content(session: Session, declaration: Declaration, content: DeclarationContent) -> None:
    """Set a declaration object's header and items to the content."""
    for name in HEADER_FIELDS:
        setattr(declaration, name, getattr(content, name))
    if declaration.id is not None:
        # Old rows must go before new ones take their line numbers (unique per declaration).
        declaration.items = []
        session.flush()
    declaration.items = [
        DeclarationItem(line_no=index + 1, **{f.name: getattr(item, f.name) for f in fields(item)})
        for index, item in enumerate(content.items)
    ]


@dataclass(frozen=True)
class WrittenDeclaration:
    """A declaration as this request wrote it: no ORM object is built on these paths."""

    declaration: DeclarationRow
    document_ids: tuple[int, ...]
    outcomes: list[StepOutcome] = field(default_factory=list)

    @property
    def id(self) -> int:
        return self.declaration.id

    @property
    def status(self) -> str:
        return self.declaration.status

    @property
    def number(self) -> str | None:
        return self.declaration.number

    @property
    def content(self) -> DeclarationContent:
        return self.declaration.content


def create_draft(
    session: Session,
    *,
    actor: Actor,
    enterprise_id: int,
    content: DeclarationContent,
    document_ids: tuple[int, ...] = (),
    at: datetime,
) -> WrittenDeclaration:
    """A new draft, written by one statement (the batch): a caller may run this in a
    `db.single_write_unit`."""
    attached = dossier_for_new(session, actor, enterprise_id, document_ids, content.type_code)
    batch = InsertBatch(session)
    step = opened(
        repository.new_declaration_id(batch),
        enterprise_id,
        content.office_code,
        Action.CREATE,
        actor_id=actor.user_id,
    )
    row = new_row(step.declaration_id, actor, enterprise_id, content, status=step.to_status, at=at)
    repository.add_declaration(batch, row, attached)
    add_transitions(batch, [step], at=at)
    batch.write()
    return WrittenDeclaration(row, attached)


def dossier_for_new(
    session: Session,
    actor: Actor,
    enterprise_id: int,
    document_ids: tuple[int, ...],
    type_code: str | None = None,
) -> tuple[int, ...]:
    """The ids of the documents a new declaration attaches, once the actor may declare for
    it (under this procedure) and each is checked to be the enterprise's."""
    if not actor.may_declare_for(enterprise_id):
        raise error(PermissionDenied, "not_mandated")
    require_procedure(actor, enterprise_id, type_code)
    docs = documents.documents_for_attachment(
        session, actor=actor, enterprise_id=enterprise_id, document_ids=document_ids
    )
    return tuple(d.id for d in docs)


def new_row(
    declaration_id: int,
    actor: Actor,
    enterprise_id: int,
    content: DeclarationContent,
    *,
    status: Status,
    at: datetime,
    direction: str | None = None,
) -> DeclarationRow:
    """A new first version in the given status."""
    return DeclarationRow(
        id=declaration_id,
        number=None,
        version=1,
        supersedes_id=None,
        status=status.value,
        status_reasons=[],
        cancel_reason=None,
        direction=direction,
        enterprise_id=enterprise_id,
        created_by_id=actor.user_id,
        created_at=at,
        updated_at=at,
        submitted_at=at if status != Status.DRAFT else None,
        registered_at=None,
        content=content,
    )


def update_draft(
    session: Session,
    *,
    actor: Actor,
    declaration_id: int,
    content: DeclarationContent,
    document_ids: tuple[int, ...] | None = None,
    at: datetime,
) -> Declaration:
    declaration = own(session, actor, declaration_id)
    require_procedure(actor, declaration.enterprise_id, content.type_code)
    edited = transition(declaration, Action.EDIT, actor_id=actor.user_id)
    write_content(session, declaration, content)
    if document_ids is not None:
        docs = documents.documents_for_attachment(
            session,
            actor=actor,
            enterprise_id=declaration.enterprise_id,
            document_ids=document_ids,
        )
        repository.replace_documents(session, declaration.id, [d.id for d in docs])
    if edited.to_status != edited.from_status:  # a rejection's reasons were about the old content
        declaration.status_reasons = []
    record_steps(session, [(declaration, edited)], at=at)
    session.flush()
    return declaration


def attach_documents(
    session: Session,
    *,
    actor: Actor,
    declaration_id: int,
    document_ids: tuple[int, ...],
    at: datetime,
) -> Declaration:
    """Add documents on file to an editable declaration's dossier, keeping those attached."""
    declaration = own(session, actor, declaration_id)
    next_status(declaration.status, Action.ATTACH)
    current = repository.document_ids(session, declaration.id)
    wanted = tuple(dict.fromkeys((*current, *document_ids)))
    documents.documents_for_attachment(
        session, actor=actor, enterprise_id=declaration.enterprise_id, document_ids=wanted
    )
    repository.replace_documents(session, declaration.id, wanted)
    declaration.updated_at = at
    session.flush()
    audit.record(
        session,
        action="declaration.documents_attached",
        object_type="declaration",
        object_id=declaration.id,
        at=at,
        actor_id=actor.user_id,
        on_behalf_of=declaration.enterprise_id,
        details={"before": list(current), "after": list(wanted)},
    )
    return declaration
