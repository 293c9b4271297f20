"""Declaration use cases: the domain's public API."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from datetime import datetime

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
from smartcustoms.declarations.repository import DeclarationFilter
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
from smartcustoms.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from smartcustoms.identity.rules import Actor, Role
from smartcustoms.kit.pagination import Page, PageRequest
from smartcustoms.outbox.service import emit


def _not_found(declaration_id: int) -> NotFound:
    return NotFound(
        message_en=f"Declaration {declaration_id} not found.",
        message_vi=f"Không tìm thấy tờ khai {declaration_id}.",
    )


def _may_see(actor: Actor, declaration: Declaration) -> bool:
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
        raise PermissionDenied(
            message_en="Only the declarant may change this declaration.",
            message_vi="Chỉ người khai hải quan mới được thay đổi tờ khai này.",
        )
    return declaration


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


def _record_status(
    session: Session,
    declaration: Declaration,
    to: Status,
    *,
    actor: Actor | None,
    at: datetime,
    note: str | None = None,
) -> None:
    previous = declaration.status
    declaration.status = to
    declaration.updated_at = at
    session.add(
        StatusChange(
            declaration_id=declaration.id,
            from_status=previous,
            to_status=to,
            actor_id=actor.user_id if actor else None,
            at=at,
            note=note,
        )
    )
    emit(
        session,
        topic=f"declaration.{to}",
        aggregate_type="declaration",
        aggregate_id=declaration.id,
        payload={
            "number": declaration.number,
            "version": declaration.version,
            "from": previous,
            "to": str(to),
            "office_code": declaration.office_code,
            "enterprise_id": declaration.enterprise_id,
        },
        at=at,
    )


def create_draft(
    session: Session,
    *,
    actor: Actor,
    enterprise_id: int,
    content: DeclarationContent,
    document_ids: tuple[int, ...] = (),
    at: datetime,
) -> Declaration:
    if not actor.may_declare_for(enterprise_id):
        raise PermissionDenied(
            message_en="You may not declare for this enterprise.",
            message_vi="Bạn không được khai báo cho doanh nghiệp này.",
        )
    docs = documents.documents_for_attachment(
        session, actor=actor, enterprise_id=enterprise_id, document_ids=document_ids
    )
    declaration = Declaration(
        status=Status.DRAFT,
        version=1,
        enterprise_id=enterprise_id,
        created_by_id=actor.user_id,
        created_at=at,
        updated_at=at,
        status_reasons=[],
    )
    _write_content(session, declaration, content)
    session.add(declaration)
    session.flush()
    # A row inserted just now has no documents to delete: attach, without a DELETE round trip.
    repository.add_documents(session, declaration.id, [d.id for d in docs])
    session.add(
        StatusChange(
            declaration_id=declaration.id,
            from_status=None,
            to_status=Status.DRAFT,
            actor_id=actor.user_id,
            at=at,
        )
    )
    emit(
        session,
        topic="declaration.draft",
        aggregate_type="declaration",
        aggregate_id=declaration.id,
        payload={"enterprise_id": enterprise_id},
        at=at,
    )
    session.flush()
    return declaration


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
    return Conflict(
        message_en=f"A declaration in status {declaration.status!r} cannot be {verb_en}ed.",
        message_vi=f"Không thể {verb_vi} tờ khai đang ở trạng thái {declaration.status!r}.",
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


@dataclass(frozen=True)
class SubmissionResult:
    declaration: Declaration
    outcomes: list[StepOutcome]
    # Read once for the steps; steps never change the dossier, so callers need not re-read it.
    document_ids: tuple[int, ...]


def submit(
    session: Session,
    *,
    actor: Actor,
    declaration_id: int,
    setup: RegistrationSetup,
    at: datetime,
) -> SubmissionResult:
    """Validate, then register (number assigned) or reject; invalid input changes nothing."""
    declaration = _own(session, actor, declaration_id)
    if declaration.status not in SUBMITTABLE:
        raise _conflict_status(declaration, "submitt", "gửi")
    content = content_of(declaration)
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
    direction = catalog.declaration_types[content.type_code or ""].direction
    declaration.direction = direction
    declaration.submitted_at = at
    _record_status(session, declaration, Status.SUBMITTED, actor=actor, at=at)
    session.flush()
    document_ids = tuple(repository.document_ids(session, declaration.id))
    context = RegistrationContext(
        session=session,
        declaration_id=declaration.id,
        enterprise_id=declaration.enterprise_id,
        declarant_id=actor.user_id,
        declarant_username=actor.username,
        direction=direction,
        version=declaration.version,
        supersedes_id=declaration.supersedes_id,
        content=content,
        document_ids=document_ids,
        at=at,
    )
    try:
        with session.begin_nested():
            outcomes = run_steps(setup.steps, context)
    except RegistrationRefused as refused:
        declaration.status_reasons = [asdict(e) for e in refused.reasons] or [
            {
                "path": "",
                "code": refused.code,
                "message_en": refused.message_en,
                "message_vi": refused.message_vi,
            }
        ]
        _record_status(
            session, declaration, Status.REJECTED, actor=None, at=at, note=refused.message_en
        )
        session.flush()
        return SubmissionResult(declaration, [], document_ids)
    _register(session, declaration, direction=direction, at=at)
    return SubmissionResult(declaration, outcomes, document_ids)


def _register(session: Session, declaration: Declaration, *, direction: str, at: datetime) -> None:
    if declaration.number is None:
        sequence = repository.next_sequence(session, f"declaration-{direction}")
        declaration.number = declaration_number(direction=direction, sequence=sequence)
    declaration.registered_at = at
    declaration.status_reasons = []
    if declaration.supersedes_id is not None:
        previous = repository.get(session, declaration.supersedes_id, with_items=False)
        if previous is not None:
            _record_status(
                session,
                previous,
                Status.AMENDED,
                actor=None,
                at=at,
                note=f"superseded by version {declaration.version}",
            )
    _record_status(session, declaration, Status.REGISTERED, actor=None, at=at)
    session.flush()


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
    session: Session, *, actor: Actor, declaration_id: int, reason: str, at: datetime
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
