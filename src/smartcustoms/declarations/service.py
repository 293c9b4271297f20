"""Declaration use cases: the domain's public API."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import datetime
from typing import Any, NamedTuple, Protocol

from sqlalchemy.orm import Session

from smartcustoms.declarations import repository
from smartcustoms.declarations.content import HEADER_FIELDS, DeclarationContent, ItemContent
from smartcustoms.declarations.models import Declaration, DeclarationItem, StatusChange
from smartcustoms.declarations.pipeline import (
    RegistrationContext,
    RegistrationRefused,
    RegistrationSetup,
    StepOutcome,
    run_steps,
)
from smartcustoms.declarations.repository import DECLARATIONS, DeclarationFilter
from smartcustoms.declarations.rules import (
    AMENDABLE,
    CANCELLABLE,
    EDITABLE,
    SUBMITTABLE,
    Status,
    declaration_number,
    validate_for_submission,
)
from smartcustoms.documents import service as documents
from smartcustoms.documents.models import Document
from smartcustoms.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from smartcustoms.identity.rules import Actor, Role
from smartcustoms.inserts import InsertBatch
from smartcustoms.kit.pagination import Page, PageRequest
from smartcustoms.outbox.service import Event, add_events, emit


def _not_found(declaration_id: int) -> NotFound:
    return NotFound(
        message_en=f"Declaration {declaration_id} not found.",
        message_vi=f"Không tìm thấy tờ khai {declaration_id}.",
    )


class _Visible(Protocol):
    @property
    def office_code(self) -> str | None: ...
    @property
    def status(self) -> str: ...
    @property
    def enterprise_id(self) -> int: ...


def _may_see(actor: Actor, declaration: _Visible) -> bool:
    if actor.role == Role.ADMIN:
        return True
    if actor.is_customs:
        return declaration.office_code == actor.office_code and declaration.status != Status.DRAFT
    return actor.may_declare_for(declaration.enterprise_id)


def _visible(
    session: Session, actor: Actor, declaration_id: int, *, lock: bool = False
) -> Declaration:
    declaration = (
        repository.get_for_update(session, declaration_id)
        if lock
        else repository.get(session, declaration_id)
    )
    # Another enterprise's declaration is reported as missing, so ids cannot be probed.
    if declaration is None or not _may_see(actor, declaration):
        raise _not_found(declaration_id)
    return declaration


def _own(session: Session, actor: Actor, declaration_id: int) -> Declaration:
    declaration = _visible(session, actor, declaration_id, lock=True)
    if not actor.may_declare_for(declaration.enterprise_id):
        raise _not_declarant()
    return declaration


def _not_declarant() -> PermissionDenied:
    return PermissionDenied(
        message_en="Only the declarant may change this declaration.",
        message_vi="Chỉ người khai hải quan mới được thay đổi tờ khai này.",
    )


def content_of(declaration: Declaration) -> DeclarationContent:
    header = {name: getattr(declaration, name) for name in HEADER_FIELDS}
    items = tuple(
        ItemContent(**{f.name: getattr(item, f.name) for f in fields(ItemContent)})
        for item in declaration.items
    )
    return DeclarationContent(**header, items=items)


def _write_content(session: Session, declaration: Declaration, content: DeclarationContent) -> None:
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
class _Transition:
    """One status step of one declaration, written as a history row and an outbox event."""

    declaration_id: int
    number: str | None
    version: int
    office_code: str | None
    enterprise_id: int
    from_status: str | None
    to_status: Status
    actor_id: int | None = None
    note: str | None = None


def _transition(
    declaration: Declaration,
    to: Status,
    *,
    actor: Actor | None,
    note: str | None = None,
) -> _Transition:
    return _Transition(
        declaration_id=declaration.id,
        number=declaration.number,
        version=declaration.version,
        office_code=declaration.office_code,
        enterprise_id=declaration.enterprise_id,
        from_status=declaration.status,
        to_status=to,
        actor_id=actor.user_id if actor else None,
        note=note,
    )


def _row_transition(
    declaration_id: int,
    row: dict[str, Any],
    to: Status,
    *,
    actor_id: int | None = None,
    note: str | None = None,
) -> _Transition:
    """A step of a declaration read as a row (repository.header_for_update)."""
    return _Transition(
        declaration_id=declaration_id,
        number=row["number"],
        version=row["version"],
        office_code=row["office_code"],
        enterprise_id=row["enterprise_id"],
        from_status=row["status"],
        to_status=to,
        actor_id=actor_id,
        note=note,
    )


def _add_transitions(
    batch: InsertBatch,
    steps: list[_Transition],
    *,
    at: datetime,
    also: Sequence[Event] = (),
) -> None:
    """History rows and events for these steps (and `also`, other events to record)."""
    repository.add_status_changes(
        batch,
        [
            {
                "declaration_id": t.declaration_id,
                "from_status": t.from_status,
                "to_status": str(t.to_status),
                "actor_id": t.actor_id,
                "at": at,
                "note": t.note,
            }
            for t in steps
        ],
    )
    add_events(
        batch,
        [
            Event(
                topic=f"declaration.{t.to_status}",
                aggregate_type="declaration",
                aggregate_id=t.declaration_id,
                payload={
                    "number": t.number,
                    "version": t.version,
                    "from": t.from_status,
                    "to": str(t.to_status),
                    "office_code": t.office_code,
                    "enterprise_id": t.enterprise_id,
                },
            )
            for t in steps
        ]
        + list(also),
        at=at,
    )


def _record_status(
    session: Session,
    declaration: Declaration,
    to: Status,
    *,
    actor: Actor | None,
    at: datetime,
    note: str | None = None,
) -> None:
    step = _transition(declaration, to, actor=actor, note=note)
    declaration.status = to
    declaration.updated_at = at
    batch = InsertBatch(session)
    _add_transitions(batch, [step], at=at)
    batch.write()


@dataclass(frozen=True)
class WrittenDeclaration:
    """A declaration as this request wrote it: no ORM object is built on these paths."""

    id: int
    row: dict[str, Any]  # the declaration row's columns but id
    content: DeclarationContent
    document_ids: tuple[int, ...]
    outcomes: list[StepOutcome] = field(default_factory=list)

    @property
    def status(self) -> str:
        return str(self.row["status"])

    @property
    def number(self) -> str | None:
        number = self.row["number"]
        return str(number) if number is not None else None


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
    docs = _dossier_for_new(session, actor, enterprise_id, document_ids)
    batch = InsertBatch(session)
    row = _new_row(actor, enterprise_id, content, status=Status.DRAFT, at=at)
    written = _add_new(batch, batch.new_id(DECLARATIONS), row, content, docs)
    _add_transitions(batch, [_opened(written, Status.DRAFT, actor)], at=at)
    batch.write()
    return written


def _dossier_for_new(
    session: Session, actor: Actor, enterprise_id: int, document_ids: tuple[int, ...]
) -> list[Document]:
    """The documents a new declaration attaches, once the actor may declare for it."""
    if not actor.may_declare_for(enterprise_id):
        raise PermissionDenied(
            message_en="You may not declare for this enterprise.",
            message_vi="Bạn không được khai báo cho doanh nghiệp này.",
        )
    return documents.documents_for_attachment(
        session, actor=actor, enterprise_id=enterprise_id, document_ids=document_ids
    )


def _opened(written: WrittenDeclaration, status: Status, actor: Actor) -> _Transition:
    """The first step of a declaration just written: from nothing to its status."""
    return _Transition(
        declaration_id=written.id,
        number=None,
        version=1,
        office_code=written.content.office_code,
        enterprise_id=written.row["enterprise_id"],
        from_status=None,
        to_status=status,
        actor_id=actor.user_id,
    )


def _new_row(
    actor: Actor,
    enterprise_id: int,
    content: DeclarationContent,
    *,
    status: Status,
    at: datetime,
    direction: str | None = None,
) -> dict[str, Any]:
    """The columns (all but id) of a new first version in the given status."""
    row: dict[str, Any] = {name: getattr(content, name) for name in HEADER_FIELDS}
    row.update(
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
    )
    return row


def _add_new(
    batch: InsertBatch,
    declaration_id: int,
    row: dict[str, Any],
    content: DeclarationContent,
    docs: Sequence[Document],
) -> WrittenDeclaration:
    """Add a new declaration's row, items and dossier to the batch."""
    attached = tuple(d.id for d in docs)
    repository.add_declaration(batch, declaration_id, row, content.items, attached)
    return WrittenDeclaration(declaration_id, row, content, attached)


def update_draft(
    session: Session,
    *,
    actor: Actor,
    declaration_id: int,
    content: DeclarationContent,
    document_ids: tuple[int, ...] | None = None,
    at: datetime,
) -> Declaration:
    declaration = _own(session, actor, declaration_id)
    if declaration.status not in EDITABLE:
        raise _conflict_status(declaration, "edit", "sửa")
    _write_content(session, declaration, content)
    if document_ids is not None:
        docs = documents.documents_for_attachment(
            session,
            actor=actor,
            enterprise_id=declaration.enterprise_id,
            document_ids=document_ids,
        )
        repository.replace_documents(session, declaration.id, [d.id for d in docs])
    if declaration.status == Status.REJECTED:
        declaration.status_reasons = []
        _record_status(session, declaration, Status.DRAFT, actor=actor, at=at)
    declaration.updated_at = at
    session.flush()
    return declaration


def _conflict_status(declaration: Declaration, verb_en: str, verb_vi: str) -> Conflict:
    return _conflict(declaration.status, verb_en, verb_vi)


def _conflict(status: str, verb_en: str, verb_vi: str) -> Conflict:
    return Conflict(
        message_en=f"A declaration in status {status!r} cannot be {verb_en}ed.",
        message_vi=f"Không thể {verb_vi} tờ khai đang ở trạng thái {status!r}.",
    )


def get_declaration(session: Session, *, actor: Actor, declaration_id: int) -> Declaration:
    return _visible(session, actor, declaration_id)


def attached_document_ids(session: Session, *, declaration_id: int) -> list[int]:
    return repository.document_ids(session, declaration_id)


def list_declarations(
    session: Session, *, actor: Actor, flt: DeclarationFilter, request: PageRequest
) -> Page[Declaration]:
    """The actor's declarations: a trader's enterprises, an officer's office."""
    if actor.role == Role.ADMIN:
        scoped = flt
    elif actor.is_customs:
        scoped = DeclarationFilter(
            **{
                **flt.__dict__,
                "office_code": actor.office_code,
                "enterprise_ids": flt.enterprise_ids,
            }
        )
        if not scoped.statuses:
            scoped = DeclarationFilter(**{**scoped.__dict__, "statuses": _OFFICE_STATUSES})
    else:
        scoped = DeclarationFilter(**{**flt.__dict__, "enterprise_ids": actor.enterprise_ids})
    return repository.page(session, scoped, request)


_OFFICE_STATUSES = (Status.SUBMITTED, Status.REGISTERED, Status.REJECTED, Status.CANCELLED)


def worklist(session: Session, *, actor: Actor, request: PageRequest) -> Page[Declaration]:
    """Registered declarations awaiting the officer's office."""
    if not actor.is_customs or actor.office_code is None:
        raise PermissionDenied(
            message_en="Only customs officers have an office worklist.",
            message_vi="Chỉ công chức hải quan mới có danh sách công việc của chi cục.",
        )
    flt = DeclarationFilter(office_code=actor.office_code, statuses=(Status.REGISTERED,))
    return repository.page(session, flt, request)


def _checked_direction(
    session: Session, content: DeclarationContent, setup: RegistrationSetup, at: datetime
) -> str:
    """Validate a declaration for submission, reporting every error; return its direction."""
    catalog = setup.catalog_provider(session)
    errors = validate_for_submission(
        content, catalog, today=at.date(), value_tolerance_percent=setup.value_tolerance_percent
    )
    if errors:
        raise ValidationFailed(
            message_en=f"The declaration has {len(errors)} error(s); nothing was submitted.",
            message_vi=f"Tờ khai có {len(errors)} lỗi; chưa gửi được.",
            errors=errors,
        )
    return catalog.declaration_types[content.type_code or ""].direction


@dataclass(frozen=True)
class _Decision:
    """What registration decided: registered with a number, or rejected with reasons."""

    status: Status
    number: str | None
    reasons: list[dict[str, Any]]
    outcomes: list[StepOutcome]
    events: list[Event]  # what the steps recorded
    note: str | None = None

    def row_values(self, at: datetime) -> dict[str, Any]:
        """The declaration's columns this decision sets."""
        return {
            "status": self.status.value,
            "number": self.number,
            "status_reasons": self.reasons,
            "registered_at": at if self.status == Status.REGISTERED else None,
        }

    def step_after(self, submitted: _Transition) -> _Transition:
        """The step from submitted to what was decided, made by the system."""
        return replace(
            submitted,
            number=self.number,
            from_status=Status.SUBMITTED,
            to_status=self.status,
            actor_id=None,
            note=self.note,
        )


def _decide(
    context: RegistrationContext,
    setup: RegistrationSetup,
    number: str | None,
    batch: InsertBatch,
) -> _Decision:
    """Run the steps (each decides, then all record into the batch; a refusal leaves nothing
    to write), then take a number.

    The number comes last, so that only a failure of the final writes or the commit can
    leave a gap on PostgreSQL, and SQLite's counter row is held as briefly as possible.
    """
    try:
        registered = run_steps(setup.steps, context, batch)
    except RegistrationRefused as refused:
        reasons = [asdict(e) for e in refused.reasons] or [
            {
                "path": "",
                "code": refused.code,
                "message_en": refused.message_en,
                "message_vi": refused.message_vi,
            }
        ]
        return _Decision(Status.REJECTED, number, reasons, [], [], note=refused.message_en)
    if number is None:
        sequence = repository.next_number(context.session, context.direction)
        number = declaration_number(direction=context.direction, sequence=sequence)
    return _Decision(Status.REGISTERED, number, [], registered.outcomes, registered.events)


def _context(
    session: Session,
    *,
    actor: Actor,
    declaration_id: int,
    enterprise_id: int,
    direction: str,
    version: int,
    supersedes_id: int | None,
    content: DeclarationContent,
    document_ids: tuple[int, ...],
    at: datetime,
) -> RegistrationContext:
    return RegistrationContext(
        session=session,
        declaration_id=declaration_id,
        enterprise_id=enterprise_id,
        declarant_id=actor.user_id,
        declarant_username=actor.username,
        direction=direction,
        version=version,
        supersedes_id=supersedes_id,
        content=content,
        document_ids=document_ids,
        at=at,
    )


def submit(
    session: Session,
    *,
    actor: Actor,
    declaration_id: int,
    setup: RegistrationSetup,
    at: datetime,
) -> WrittenDeclaration:
    """Validate, then register (number assigned) or reject; invalid input changes nothing."""
    row = repository.header_for_update(session, declaration_id)
    # Another enterprise's declaration is reported as missing, so ids cannot be probed.
    if row is None or not _may_see(
        actor, _Seen(row["office_code"], row["status"], row["enterprise_id"])
    ):
        raise _not_found(declaration_id)
    if not actor.may_declare_for(row["enterprise_id"]):
        raise _not_declarant()
    if row["status"] not in SUBMITTABLE:
        raise _conflict(row["status"], "submitt", "gửi")
    items = repository.items_of(session, declaration_id)
    content = DeclarationContent(**{name: row[name] for name in HEADER_FIELDS}, items=tuple(items))
    direction = _checked_direction(session, content, setup, at)
    document_ids = tuple(repository.document_ids(session, declaration_id))
    context = _context(
        session,
        actor=actor,
        declaration_id=declaration_id,
        enterprise_id=row["enterprise_id"],
        direction=direction,
        version=row["version"],
        supersedes_id=row["supersedes_id"],
        content=content,
        document_ids=document_ids,
        at=at,
    )
    batch = InsertBatch(session)
    decided = _decide(context, setup, row["number"], batch)
    submitted = _row_transition(declaration_id, row, Status.SUBMITTED, actor_id=actor.user_id)
    transitions = [submitted]
    if decided.status == Status.REGISTERED and row["supersedes_id"] is not None:
        transitions += _superseded(session, row["supersedes_id"], row["version"], at=at)
    transitions.append(decided.step_after(submitted))
    final = {
        "direction": direction,
        "submitted_at": at,
        "updated_at": at,
        **decided.row_values(at),
    }
    repository.update_declaration(session, declaration_id, final)
    _add_transitions(batch, transitions, at=at, also=decided.events)
    batch.write()
    repository.forget_loaded(session, [declaration_id, *(t.declaration_id for t in transitions)])
    del row["id"]
    return WrittenDeclaration(declaration_id, row | final, content, document_ids, decided.outcomes)


class _Seen(NamedTuple):
    """What deciding who may see a declaration needs."""

    office_code: str | None
    status: str
    enterprise_id: int


def _superseded(
    session: Session, previous_id: int, version: int, *, at: datetime
) -> list[_Transition]:
    """An amendment registered: the version it replaces becomes 'amended'."""
    previous = repository.header_for_update(session, previous_id)
    if previous is None:
        return []
    step = _row_transition(
        previous_id, previous, Status.AMENDED, note=f"superseded by version {version}"
    )
    repository.update_declaration(
        session, previous_id, {"status": Status.AMENDED.value, "updated_at": at}
    )
    return [step]


def file_and_submit(
    session: Session,
    *,
    actor: Actor,
    enterprise_id: int,
    content: DeclarationContent,
    document_ids: tuple[int, ...] = (),
    setup: RegistrationSetup,
    at: datetime,
    before_write: Callable[[WrittenDeclaration, InsertBatch], None] | None = None,
) -> WrittenDeclaration:
    """File a complete declaration and submit it at once: registered or rejected.

    Invalid content writes nothing at all (no draft is left behind); a refusal by a
    registration step keeps the declaration, rejected with the reasons, as submit does.
    Everything is written by one statement (the batch), so a caller may run this in a
    `db.single_write_unit`; `before_write` adds the caller's own rows to that statement
    (the API's answer kept under an Idempotency-Key), knowing what was decided.
    """
    docs = _dossier_for_new(session, actor, enterprise_id, document_ids)
    direction = _checked_direction(session, content, setup, at)
    batch = InsertBatch(session)
    declaration_id = batch.new_id(DECLARATIONS)
    context = _context(
        session,
        actor=actor,
        declaration_id=declaration_id,
        enterprise_id=enterprise_id,
        direction=direction,
        version=1,
        supersedes_id=None,
        content=content,
        document_ids=tuple(d.id for d in docs),
        at=at,
    )
    decided = _decide(context, setup, None, batch)
    # Written once, as decided: never inserted as submitted and then updated.
    row = _new_row(
        actor, enterprise_id, content, status=Status.SUBMITTED, at=at, direction=direction
    )
    row.update(decided.row_values(at))
    written = _add_new(batch, declaration_id, row, content, docs)
    submitted = _opened(written, Status.SUBMITTED, actor)
    _add_transitions(batch, [submitted, decided.step_after(submitted)], at=at, also=decided.events)
    written = replace(written, outcomes=decided.outcomes)
    if before_write is not None:
        before_write(written, batch)
    batch.write()
    return written


def amend(session: Session, *, actor: Actor, declaration_id: int, at: datetime) -> Declaration:
    """Open a new draft version of a registered declaration; the registered one stays in force."""
    original = _own(session, actor, declaration_id)
    if original.status not in AMENDABLE:
        raise _conflict_status(original, "amend", "sửa đổi")
    if repository.has_open_amendment(session, original.id):
        raise Conflict(
            message_en="An amendment of this declaration is already open.",
            message_vi="Tờ khai này đang có một bản khai sửa đổi chưa hoàn tất.",
        )
    draft = Declaration(
        status=Status.DRAFT,
        number=original.number,
        version=original.version + 1,
        supersedes_id=original.id,
        enterprise_id=original.enterprise_id,
        direction=original.direction,
        created_by_id=actor.user_id,
        created_at=at,
        updated_at=at,
        status_reasons=[],
    )
    _write_content(session, draft, content_of(original))
    session.add(draft)
    session.flush()
    repository.add_documents(session, draft.id, repository.document_ids(session, original.id))
    session.add(
        StatusChange(
            declaration_id=draft.id,
            from_status=None,
            to_status=Status.DRAFT,
            actor_id=actor.user_id,
            at=at,
            note=f"amends version {original.version}",
        )
    )
    emit(
        session,
        topic="declaration.amendment_opened",
        aggregate_type="declaration",
        aggregate_id=draft.id,
        payload={"number": original.number, "version": draft.version},
        at=at,
    )
    session.flush()
    return draft


def cancel(
    session: Session,
    *,
    actor: Actor,
    declaration_id: int,
    reason: str,
    setup: RegistrationSetup,
    at: datetime,
) -> Declaration:
    declaration = _own(session, actor, declaration_id)
    if declaration.status not in CANCELLABLE:
        raise _conflict_status(declaration, "cancell", "hủy")
    if not reason.strip():
        raise ValidationFailed(
            message_en="A cancellation needs a reason.",
            message_vi="Hủy tờ khai phải nêu lý do.",
        )
    declaration.cancel_reason = reason.strip()
    _record_status(session, declaration, Status.CANCELLED, actor=actor, at=at, note=reason)
    for close in setup.on_cancel:
        close(session, declaration.id)
    session.flush()
    return declaration


@dataclass(frozen=True)
class History:
    versions: list[Declaration]
    changes: list[StatusChange]


def history(session: Session, *, actor: Actor, declaration_id: int) -> History:
    declaration = _visible(session, actor, declaration_id)
    if declaration.number is None:
        chain = [declaration]
    else:
        chain = [d for d in repository.versions(session, declaration.number) if _may_see(actor, d)]
    return History(chain, repository.status_changes(session, [d.id for d in chain]))


def attach_documents(
    session: Session,
    *,
    actor: Actor,
    declaration_id: int,
    document_ids: tuple[int, ...],
    at: datetime,
) -> Declaration:
    """Add documents on file to an editable declaration's dossier, keeping those attached."""
    declaration = _own(session, actor, declaration_id)
    if declaration.status not in EDITABLE:
        raise _conflict_status(declaration, "edit", "sửa")
    current = repository.document_ids(session, declaration.id)
    wanted = tuple(dict.fromkeys((*current, *document_ids)))
    documents.documents_for_attachment(
        session, actor=actor, enterprise_id=declaration.enterprise_id, document_ids=wanted
    )
    repository.replace_documents(session, declaration.id, wanted)
    declaration.updated_at = at
    session.flush()
    return declaration


def has_any(session: Session, *, created_by_id: int) -> bool:
    return repository.count_created_by(session, created_by_id) > 0
