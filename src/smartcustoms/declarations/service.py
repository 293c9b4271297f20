"""Declaration use cases: the domain's public API."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import datetime
from typing import Any, NamedTuple, Protocol

from sqlalchemy.orm import Session

from smartcustoms.db.inserts import InsertBatch
from smartcustoms.declarations import repository
from smartcustoms.declarations.content import HEADER_FIELDS, DeclarationContent, ItemContent
from smartcustoms.declarations.lifecycle import (
    OPEN,
    Action,
    Status,
    allowed_actions,
    next_status,
)
from smartcustoms.declarations.models import Declaration, DeclarationItem, StatusChange
from smartcustoms.declarations.pipeline import (
    RegistrationContext,
    RegistrationRefused,
    RegistrationSetup,
    StepOutcome,
    run_steps,
)
from smartcustoms.declarations.repository import DECLARATIONS, DeclarationFilter
from smartcustoms.declarations.rules import declaration_number, validate_for_submission
from smartcustoms.documents import service as documents
from smartcustoms.documents.models import Document
from smartcustoms.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from smartcustoms.identity.rules import Actor, Role
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


# A trader's own work that customs never received as it stands: a draft, or an amendment
# withdrawn before it registered.
_TRADERS_ONLY = (Status.DRAFT, Status.WITHDRAWN)


def _may_see(actor: Actor, declaration: _Visible) -> bool:
    if actor.role == Role.ADMIN:
        return True
    if actor.is_customs:
        return (
            declaration.office_code == actor.office_code and declaration.status not in _TRADERS_ONLY
        )
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


class _Version(Protocol):
    """What a status step needs of a declaration version: an ORM object or a _Header."""

    @property
    def id(self) -> int: ...
    @property
    def number(self) -> str | None: ...
    @property
    def version(self) -> int: ...
    @property
    def office_code(self) -> str | None: ...
    @property
    def enterprise_id(self) -> int: ...
    @property
    def status(self) -> str: ...


class _Header(NamedTuple):
    """A declaration version read as a row (the registration's paths build no objects)."""

    id: int
    number: str | None
    version: int
    office_code: str | None
    enterprise_id: int
    status: str

    @classmethod
    def of(cls, row: dict[str, Any]) -> _Header:
        return cls(*(row[name] for name in cls._fields))


def _transition(
    declaration: _Version,
    action: Action,
    *,
    actor_id: int | None,
    note: str | None = None,
) -> _Transition:
    """The step the action makes, as the lifecycle allows it: TransitionRefused otherwise."""
    return _Transition(
        declaration_id=declaration.id,
        number=declaration.number,
        version=declaration.version,
        office_code=declaration.office_code,
        enterprise_id=declaration.enterprise_id,
        from_status=declaration.status,
        to_status=next_status(declaration.status, action),
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


def _record_steps(
    session: Session, steps: Sequence[tuple[Declaration, _Transition]], *, at: datetime
) -> None:
    """Apply steps to declarations loaded as objects; those that change a status go into
    the history (and the outbox) in one write."""
    changed = [step for _, step in steps if step.from_status != step.to_status]
    for declaration, step in steps:
        declaration.status = step.to_status
        declaration.updated_at = at
    if changed:
        batch = InsertBatch(session)
        _add_transitions(batch, changed, at=at)
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
    opened = _opened(batch.new_id(DECLARATIONS), enterprise_id, content, Action.CREATE, actor)
    row = _new_row(actor, enterprise_id, content, status=opened.to_status, at=at)
    written = _add_new(batch, opened.declaration_id, row, content, docs)
    _add_transitions(batch, [opened], at=at)
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


def _opened(
    declaration_id: int,
    enterprise_id: int,
    content: DeclarationContent,
    action: Action,
    actor: Actor,
) -> _Transition:
    """The first step of a first version being written: from nothing to what the action
    makes of it."""
    return _Transition(
        declaration_id=declaration_id,
        number=None,
        version=1,
        office_code=content.office_code,
        enterprise_id=enterprise_id,
        from_status=None,
        to_status=next_status(None, action),
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
    edited = _transition(declaration, Action.EDIT, actor_id=actor.user_id)
    _write_content(session, declaration, content)
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
    _record_steps(session, [(declaration, edited)], at=at)
    session.flush()
    return declaration


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

    action: Action  # REGISTER or REJECT
    number: str | None
    reasons: list[dict[str, Any]]
    outcomes: list[StepOutcome]
    events: list[Event]  # what the steps recorded
    note: str | None = None

    @property
    def status(self) -> Status:
        return next_status(Status.SUBMITTED, self.action)

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
            from_status=submitted.to_status,
            to_status=next_status(submitted.to_status, self.action),
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
        return _Decision(Action.REJECT, number, reasons, [], [], note=refused.message_en)
    if number is None:
        sequence = repository.next_number(context.session, context.direction)
        number = declaration_number(direction=context.direction, sequence=sequence)
    return _Decision(Action.REGISTER, number, [], registered.outcomes, registered.events)


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
        enterprise_tax_code=actor.tax_code_of(enterprise_id),
    )


def submit(
    session: Session,
    *,
    actor: Actor,
    declaration_id: int,
    setup: RegistrationSetup,
    at: datetime,
) -> WrittenDeclaration:
    """Validate, then register (number assigned) or reject; invalid input changes nothing.

    An amendment registers only while the version it amends is in force. Both rows are read
    locked, the amended one first, before anything is decided, and stay locked until the
    commit; a cancellation locks in the same order (the cancelled version, then its open
    amendments). So a cancellation and this submit racing are serialised on PostgreSQL, the
    second seeing what the first committed (READ COMMITTED reads the row again once the lock
    is granted): the submit finds its amendment withdrawn, or the cancellation finds the
    version superseded. SQLite runs one writing transaction at a time (BEGIN IMMEDIATE).
    This needs a transaction: it must not run in a `db.single_write_unit`, whose autocommit
    would release the locks at once.
    """
    row, amended = repository.header_and_superseded_for_update(session, declaration_id)
    # Another enterprise's declaration is reported as missing, so ids cannot be probed.
    if row is None or not _may_see(actor, header := _Header.of(row)):
        raise _not_found(declaration_id)
    if not actor.may_declare_for(row["enterprise_id"]):
        raise _not_declarant()
    submitted = _transition(header, Action.SUBMIT, actor_id=actor.user_id)
    superseding = (
        None
        if amended is None
        else _transition(
            _Header.of(amended),
            Action.SUPERSEDE,
            actor_id=None,
            note=f"superseded by version {row['version']}",
        )
    )
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
    transitions = [submitted]
    if decided.status == Status.REGISTERED and superseding is not None:
        # The amended version stays in force until its amendment registers.
        transitions.append(superseding)
        repository.update_declaration(
            session,
            superseding.declaration_id,
            {"status": superseding.to_status.value, "updated_at": at},
        )
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
    repository.forget_loaded(session, [t.declaration_id for t in transitions])
    del row["id"]
    return WrittenDeclaration(declaration_id, row | final, content, document_ids, decided.outcomes)


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
    filed = _opened(declaration_id, enterprise_id, content, Action.FILE, actor)
    decided = _decide(context, setup, None, batch)
    # Written once, as decided: never inserted as submitted and then updated.
    row = _new_row(
        actor, enterprise_id, content, status=filed.to_status, at=at, direction=direction
    )
    row.update(decided.row_values(at))
    written = _add_new(batch, declaration_id, row, content, docs)
    _add_transitions(batch, [filed, decided.step_after(filed)], at=at, also=decided.events)
    written = replace(written, outcomes=decided.outcomes)
    if before_write is not None:
        before_write(written, batch)
    batch.write()
    return written


def amend(session: Session, *, actor: Actor, declaration_id: int, at: datetime) -> Declaration:
    """Open a new draft version of a registered declaration; the registered one stays in force."""
    original = _own(session, actor, declaration_id)
    next_status(original.status, Action.AMEND)  # refuses unless the version is in force
    if repository.has_open_amendment(session, original.id):
        raise Conflict(
            message_en="An amendment of this declaration is already open.",
            message_vi="Tờ khai này đang có một bản khai sửa đổi chưa hoàn tất.",
        )
    draft = Declaration(
        status=next_status(None, Action.CREATE),
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
            to_status=draft.status,
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
    """Cancel a registered declaration; an amendment of it still open is withdrawn with it.

    A cancelled declaration has no effect any more, so an amendment has nothing left to
    amend; the cancellation is not held up by the trader's unfinished draft (docs/
    architecture.md, "Cancelling a declaration with an open amendment").
    """
    declaration = _own(session, actor, declaration_id)  # locked first: see submit
    cancelled = _transition(declaration, Action.CANCEL, actor_id=actor.user_id, note=reason)
    if not reason.strip():
        raise ValidationFailed(
            message_en="A cancellation needs a reason.",
            message_vi="Hủy tờ khai phải nêu lý do.",
        )
    steps = [(declaration, cancelled)]
    for amendment in repository.open_amendments_for_update(session, declaration.id):
        note = f"withdrawn: version {declaration.version} was cancelled ({reason.strip()})"
        steps.append(
            (amendment, _transition(amendment, Action.WITHDRAW, actor_id=actor.user_id, note=note))
        )
    declaration.cancel_reason = reason.strip()
    _record_steps(session, steps, at=at)
    for close in setup.on_cancel:
        close(session, declaration.id)
    session.flush()
    return declaration


@dataclass(frozen=True)
class History:
    versions: list[Declaration]
    changes: list[StatusChange]


# What a declarant does to a declaration; inspecting is an officer's, the rest the system's.
_DECLARANT_ACTIONS = frozenset(
    {Action.EDIT, Action.ATTACH, Action.SUBMIT, Action.AMEND, Action.CANCEL}
)


def open_amendment(declaration: Declaration, versions: Sequence[Declaration]) -> Declaration | None:
    """The amendment of this version still open, among its number's versions (History)."""
    return next(
        (v for v in versions if v.supersedes_id == declaration.id and v.status in OPEN), None
    )


def offered_actions(
    actor: Actor, declaration: Declaration, *, versions: Sequence[Declaration]
) -> frozenset[Action]:
    """What the portal offers the actor on this version: what its status allows and the
    actor may do, without a second amendment while one is open (that one is edited)."""
    if not actor.may_declare_for(declaration.enterprise_id):
        return frozenset()
    offered = allowed_actions(declaration.status) & _DECLARANT_ACTIONS
    if open_amendment(declaration, versions) is not None:
        offered -= {Action.AMEND}
    return offered


def check_action(declaration: Declaration, action: Action) -> None:
    """Refuse (TransitionRefused) what the declaration's status does not allow: for other
    domains' actions on a declaration, such as recording an inspection."""
    next_status(declaration.status, action)


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
    next_status(declaration.status, Action.ATTACH)
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
