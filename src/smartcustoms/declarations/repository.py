"""Declaration queries, and DeclarationRow: the one typed shape in which the registration
paths read and write a declaration, turned into table rows here, below the services (so
this module is a little over 400 lines: the row and its statements belong together)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, fields, replace
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import (
    Select,
    Table,
    bindparam,
    delete,
    func,
    insert,
    inspect,
    or_,
    select,
    update,
)
from sqlalchemy.engine import RowMapping
from sqlalchemy.orm import Session, aliased, selectinload

from smartcustoms.db import first_row
from smartcustoms.db.inserts import InsertBatch
from smartcustoms.declarations.content import (
    HEADER_FIELDS,
    ITEM_FIELDS,
    DeclarationContent,
    ItemContent,
)
from smartcustoms.declarations.lifecycle import OPEN, Status
from smartcustoms.declarations.models import (
    NUMBER_SEQUENCES,
    Declaration,
    DeclarationDocument,
    DeclarationItem,
    NumberSequence,
    StatusChange,
)
from smartcustoms.kit.pagination import Page, PageRequest


@dataclass(frozen=True)
class DeclarationFilter:
    enterprise_ids: Collection[int] | None = None
    office_code: str | None = None
    statuses: Collection[str] | None = None
    type_code: str | None = None
    number: str | None = None
    created_from: date | None = None
    created_to: date | None = None
    latest_only: bool = True


def get(session: Session, declaration_id: int, *, with_items: bool = True) -> Declaration | None:
    # A registration step reading the declaration being registered finds it in the session;
    # a SELECT would return that same object (loaded attributes are not refreshed) anyway.
    known = session.identity_map.get(Session.identity_key(Declaration, declaration_id))
    if isinstance(known, Declaration) and not (with_items and "items" in inspect(known).unloaded):
        return known
    query = select(Declaration).where(Declaration.id == declaration_id)
    if with_items:
        query = query.options(selectinload(Declaration.items))
    return session.scalars(query).first()


def get_for_update(session: Session, declaration_id: int) -> Declaration | None:
    """Lock the row (PostgreSQL) so two submits of one draft cannot both register it.

    Read again even if the session holds the object: the status decided on must be the one
    committed when the lock was granted, not one loaded before another transaction changed it.
    """
    query = (
        select(Declaration)
        .where(Declaration.id == declaration_id)
        .options(selectinload(Declaration.items))
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return session.scalars(query).first()


def open_amendments_for_update(session: Session, declaration_id: int) -> list[Declaration]:
    """The amendments of a version not yet registered nor closed, locked (PostgreSQL).

    Call it with that version locked first: its amendment's submit locks in the same order
    (header_and_superseded_for_update), so the two wait for each other instead of deadlocking.
    """
    query = (
        select(Declaration)
        .where(Declaration.supersedes_id == declaration_id, Declaration.status.in_(sorted(OPEN)))
        .order_by(Declaration.version)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return list(session.scalars(query))


def _filtered(query: Select[Declaration], flt: DeclarationFilter) -> Select[Declaration]:
    if flt.enterprise_ids is not None:
        query = query.where(Declaration.enterprise_id.in_(flt.enterprise_ids))
    if flt.office_code is not None:
        query = query.where(Declaration.office_code == flt.office_code)
    if flt.statuses:
        query = query.where(Declaration.status.in_(flt.statuses))
    if flt.type_code:
        query = query.where(Declaration.type_code == flt.type_code)
    if flt.number:
        query = query.where(Declaration.number == flt.number)
    if flt.created_from:
        query = query.where(func.date(Declaration.created_at) >= flt.created_from)
    if flt.created_to:
        query = query.where(func.date(Declaration.created_at) <= flt.created_to)
    if flt.latest_only:
        # A superseded version or a withdrawn amendment is history: the number's current
        # version is listed instead.
        query = query.where(Declaration.status.not_in(_NOT_LATEST))
    return query


_NOT_LATEST = (Status.AMENDED, Status.WITHDRAWN)


def page(session: Session, flt: DeclarationFilter, request: PageRequest) -> Page[Declaration]:
    base = _filtered(select(Declaration), flt)
    total = session.scalar(select(func.count()).select_from(base.subquery())) or 0
    rows = session.scalars(
        base.order_by(Declaration.updated_at.desc(), Declaration.id.desc())
        .offset(request.offset)
        .limit(request.size)
        .options(selectinload(Declaration.items))
    )
    return Page(list(rows), total, request.page, request.size)


def versions(session: Session, number: str) -> list[Declaration]:
    query = (
        select(Declaration)
        .where(Declaration.number == number)
        .order_by(Declaration.version)
        .options(selectinload(Declaration.items))
    )
    return list(session.scalars(query))


def status_changes(session: Session, declaration_ids: Collection[int]) -> list[StatusChange]:
    query = (
        select(StatusChange)
        .where(StatusChange.declaration_id.in_(declaration_ids))
        .order_by(StatusChange.at, StatusChange.id)
    )
    return list(session.scalars(query))


def registrations_released_between(
    session: Session, *, office_code: str | None, start: datetime, end: datetime
) -> list[tuple[datetime, datetime]]:
    """(first registration, first release) of each declaration number first released in
    [start, end) (of an office, or all): the Time Release Study's durations."""
    released = (
        select(Declaration.number, func.min(StatusChange.at).label("released_at"))
        .join(StatusChange, StatusChange.declaration_id == Declaration.id)
        .where(StatusChange.to_status.in_(_RELEASES), Declaration.number.is_not(None))
        .group_by(Declaration.number)
    )
    if office_code is not None:
        released = released.where(Declaration.office_code == office_code)
    firsts = released.subquery()
    registered = (
        select(Declaration.number, func.min(Declaration.registered_at).label("registered_at"))
        .where(Declaration.number.in_(select(firsts.c.number)))
        .group_by(Declaration.number)
        .subquery()
    )
    query = (
        select(registered.c.registered_at, firsts.c.released_at)
        .join(firsts, firsts.c.number == registered.c.number)
        .where(firsts.c.released_at >= start, firsts.c.released_at < end)
    )
    return [(row[0], row[1]) for row in session.execute(query) if row[0] is not None]


_RELEASES = (Status.RELEASED, Status.CLEARED)


def document_ids(session: Session, declaration_id: int) -> list[int]:
    found = session.execute(_DOCUMENT_IDS, {"declaration_id": declaration_id}).scalars()
    return list(found)


def add_documents(session: Session, declaration_id: int, ids: Collection[int]) -> None:
    """Attach documents to a declaration that has none yet (one created in this transaction)."""
    if ids:
        session.execute(insert(_DOCUMENTS), _document_rows(declaration_id, ids))


def _document_rows(declaration_id: int, ids: Collection[int]) -> list[dict[str, int]]:
    return [{"declaration_id": declaration_id, "document_id": i} for i in ids]


def replace_documents(session: Session, declaration_id: int, ids: Collection[int]) -> None:
    session.execute(
        delete(DeclarationDocument).where(DeclarationDocument.declaration_id == declaration_id)
    )
    add_documents(session, declaration_id, ids)


_SEQUENCES = cast(Table, NumberSequence.__table__)
_NEXT_SEQUENCE = (
    update(_SEQUENCES)
    .where(_SEQUENCES.c.name == bindparam("counter"))
    .values(value=_SEQUENCES.c.value + 1)
    .returning(_SEQUENCES.c.value)
)
_NEXT_FROM_SEQUENCE = {
    direction: select(sequence.next_value()) for direction, sequence in NUMBER_SEQUENCES.items()
}


def next_number(session: Session, direction: str) -> int:
    """The next sequence number of a direction's declarations.

    PostgreSQL: from a sequence, without waiting for other registrations. SQLite: a counter
    row, incremented in the transaction (SQLite writes one transaction at a time anyway).
    """
    if session.get_bind().dialect.name == "postgresql":
        row = first_row(session, _NEXT_FROM_SEQUENCE[direction], {})
        assert row is not None  # nextval always answers
        return int(row[0])
    name = f"declaration-{direction}"
    result = session.execute(_NEXT_SEQUENCE, {"counter": name}).scalar()
    if result is not None:
        return int(result)
    session.add(NumberSequence(name=name, value=1))
    session.flush()
    return 1


def has_open_amendment(session: Session, declaration_id: int) -> bool:
    query = select(func.count()).where(
        Declaration.supersedes_id == declaration_id, Declaration.status.in_(sorted(OPEN))
    )
    return bool(session.scalar(query))


def count_created_by(session: Session, user_id: int) -> int:
    query = select(func.count()).where(Declaration.created_by_id == user_id)
    return int(session.scalar(query) or 0)


# Tables the registration hot path writes through an InsertBatch: no ORM objects are built.
_DECLARATIONS = cast(Table, Declaration.__table__)
_ITEMS = cast(Table, DeclarationItem.__table__)
_DOCUMENTS = cast(Table, DeclarationDocument.__table__)
_STATUS_CHANGES = cast(Table, StatusChange.__table__)
_OLDER = _DECLARATIONS.alias("older")

# One reason a registration step (or validation) gave for a rejection: path, code,
# message_en, message_vi; stored as JSON in `status_reasons`.
StatusReason = dict[str, str]


@dataclass(frozen=True)
class DeclarationRow:
    """One declaration version as the paths that build no ORM objects (create, submit,
    file) read and write it: the row's columns, the declarant's statement as `content`.

    Turned into (or read from) table rows here, below the services, so they handle one
    typed shape; rows read by `header_and_superseded_for_update` come without their items
    (`with_items` adds them)."""

    id: int
    number: str | None
    version: int
    supersedes_id: int | None
    status: str
    status_reasons: list[StatusReason]
    cancel_reason: str | None
    direction: str | None
    enterprise_id: int
    created_by_id: int
    created_at: datetime
    updated_at: datetime
    submitted_at: datetime | None
    registered_at: datetime | None
    content: DeclarationContent

    @property
    def office_code(self) -> str | None:
        return self.content.office_code


_ROW_COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(DeclarationRow) if f.name != "content")


def _columns(row: DeclarationRow) -> dict[str, Any]:
    """The declarations table's row for this version."""
    values = {name: getattr(row, name) for name in _ROW_COLUMNS}
    content = row.content
    values.update((name, getattr(content, name)) for name in HEADER_FIELDS)
    return values


def _row_of(found: RowMapping) -> DeclarationRow:
    header = DeclarationContent(**{name: found[name] for name in HEADER_FIELDS})
    return DeclarationRow(**{name: found[name] for name in _ROW_COLUMNS}, content=header)


@dataclass(frozen=True)
class StatusChangeRow:
    """One row of a declaration's status history, as the batch writes it (its id taken with
    `new_status_change_id`, so the audit record can name it)."""

    id: int
    declaration_id: int
    from_status: str | None
    to_status: str
    actor_id: int | None
    at: datetime
    note: str | None


def new_status_change_id(batch: InsertBatch) -> int:
    """The id a status history row added to this batch will have."""
    return batch.new_id(_STATUS_CHANGES)


def every_status_change(session: Session) -> list[StatusChangeRow]:
    """The whole status history, as stored now (for the audit chain's check)."""
    rows = session.execute(select(_STATUS_CHANGES).order_by(_STATUS_CHANGES.c.id)).all()
    return [
        StatusChangeRow(
            id=r.id,
            declaration_id=r.declaration_id,
            from_status=r.from_status,
            to_status=r.to_status,
            actor_id=r.actor_id,
            at=r.at,
            note=r.note,
        )
        for r in rows
    ]


def new_declaration_id(batch: InsertBatch) -> int:
    """The id a declaration added to this batch will have (taken before the write)."""
    return batch.new_id(_DECLARATIONS)


def add_declaration(batch: InsertBatch, row: DeclarationRow, document_ids: Collection[int]) -> None:
    """A new declaration (its id from `new_declaration_id`), its goods items numbered from 1
    and its dossier, added to the batch that writes them."""
    batch.add(_DECLARATIONS, [_columns(row)])
    declaration_id = row.id
    batch.add(
        _ITEMS,
        [
            {
                "declaration_id": declaration_id,
                "line_no": line_no,
                **{name: getattr(item, name) for name in ITEM_FIELDS},
            }
            for line_no, item in enumerate(row.content.items, start=1)
        ],
    )
    batch.add(_DOCUMENTS, _document_rows(declaration_id, document_ids))


def add_status_changes(batch: InsertBatch, changes: Collection[StatusChangeRow]) -> None:
    """Status history rows for the batch."""
    batch.add(
        _STATUS_CHANGES,
        [
            {
                "id": c.id,
                "declaration_id": c.declaration_id,
                "from_status": c.from_status,
                "to_status": c.to_status,
                "actor_id": c.actor_id,
                "at": c.at,
                "note": c.note,
            }
            for c in changes
        ],
    )


# The id is a bound parameter, so the statement is built once; the columns set are the keys.
_UPDATE_DECLARATION = update(_DECLARATIONS).where(_DECLARATIONS.c.id == bindparam("row_id"))


def set_status(session: Session, declaration_id: int, *, status: str, at: datetime) -> None:
    session.execute(
        _UPDATE_DECLARATION, {"status": status, "updated_at": at, "row_id": declaration_id}
    )


def record_registration(session: Session, row: DeclarationRow) -> None:
    """Write what a registration decided of a submitted version (status, number, reasons,
    direction and times), in one UPDATE."""
    session.execute(
        _UPDATE_DECLARATION,
        {
            "direction": row.direction,
            "submitted_at": row.submitted_at,
            "updated_at": row.updated_at,
            "status": row.status,
            "number": row.number,
            "status_reasons": row.status_reasons,
            "registered_at": row.registered_at,
            "row_id": row.id,
        },
    )


# Built once, on the tables: a statement built per call, through the ORM, cost more CPU than
# the query (its cache key, the ORM's compile state), on every submit.
_DOCUMENT_IDS = (
    select(_DOCUMENTS.c.document_id)
    .where(_DOCUMENTS.c.declaration_id == bindparam("declaration_id"))
    .order_by(_DOCUMENTS.c.id)
)
_SUPERSEDED_ID = (
    select(_OLDER.c.supersedes_id)
    .where(_OLDER.c.id == bindparam("declaration_id"))
    .scalar_subquery()
)
# Ordered by version, so the superseded version is locked first (PostgreSQL locks the rows
# of a SELECT ... ORDER BY ... FOR UPDATE in the order it returns them): a cancellation
# locks the version it cancels, then its open amendments, in the same order.
_HEADER_AND_SUPERSEDED_FOR_UPDATE = (
    select(_DECLARATIONS)
    .where(
        or_(
            _DECLARATIONS.c.id == bindparam("declaration_id"),
            _DECLARATIONS.c.id == _SUPERSEDED_ID,
        )
    )
    .order_by(_DECLARATIONS.c.version)
    .with_for_update(of=_DECLARATIONS)
)
_ITEM_ROWS = (
    select(_ITEMS)
    .where(_ITEMS.c.declaration_id == bindparam("declaration_id"))
    .order_by(_ITEMS.c.line_no)
)


def header_and_superseded_for_update(
    session: Session, declaration_id: int
) -> tuple[DeclarationRow | None, DeclarationRow | None]:
    """The declaration and the version it supersedes (None for a first version), without
    their items, both locked (PostgreSQL) until the transaction ends: one statement."""
    rows = session.execute(_HEADER_AND_SUPERSEDED_FOR_UPDATE, {"declaration_id": declaration_id})
    found = {row["id"]: _row_of(row) for row in rows.mappings()}
    this = found.pop(declaration_id, None)
    return this, next(iter(found.values()), None)


def with_items(session: Session, row: DeclarationRow) -> DeclarationRow:
    """The row with its goods items read."""
    found = session.execute(_ITEM_ROWS, {"declaration_id": row.id}).mappings()
    items = tuple(ItemContent(**{name: item[name] for name in ITEM_FIELDS}) for item in found)
    return replace(row, content=replace(row.content, items=items))


def forget_loaded(session: Session, declaration_ids: Collection[int]) -> None:
    """Expire declarations this session holds as objects after their rows changed in Core."""
    for declaration_id in declaration_ids:
        known = session.identity_map.get(Session.identity_key(Declaration, declaration_id))
        if known is not None:
            session.expire(known)


def numbers(session: Session, declaration_ids: Collection[int]) -> dict[int, str | None]:
    """Each version's number (None: not registered), for another domain's lists."""
    if not declaration_ids:
        return {}
    query = select(Declaration.id, Declaration.number).where(
        Declaration.id.in_(sorted(declaration_ids))
    )
    return {row.id: row.number for row in session.execute(query)}


@dataclass(frozen=True)
class SameDocument:
    """Another live declaration of the enterprise stating the same transport document."""

    id: int
    number: str | None


def same_transport_document(
    session: Session,
    *,
    enterprise_id: int,
    transport_document: str,
    declaration_id: int | None,
    number: str | None,
) -> list[SameDocument]:
    """The enterprise's other declarations with this transport document (its case ignored),
    leaving out this declaration's own versions and those no longer in effect."""
    query = select(Declaration.id, Declaration.number).where(
        Declaration.enterprise_id == enterprise_id,
        func.upper(Declaration.transport_document) == transport_document.strip().upper(),
        Declaration.status.not_in((Status.CANCELLED, Status.WITHDRAWN, Status.AMENDED)),
    )
    if declaration_id is not None:
        query = query.where(Declaration.id != declaration_id)
    if number is not None:
        query = query.where(or_(Declaration.number.is_(None), Declaration.number != number))
    found = session.execute(query.order_by(Declaration.id).limit(10))
    return [SameDocument(row.id, row.number) for row in found]


# Versions that are not (or no longer, or not yet) the one in force under their number.
_NOT_IN_FORCE = (Status.DRAFT, Status.SUBMITTED, Status.WITHDRAWN, Status.REJECTED)


def states_in_force(
    session: Session, declaration_ids: Collection[int]
) -> dict[int, tuple[str | None, str]]:
    """(number, status of the version in force under it) by version id, in one statement: an
    amended version answers with its amendment's status; a version without a number (or
    whose number has no version in force), with its own."""
    if not declaration_ids:
        return {}
    version = aliased(Declaration)
    in_force = (
        select(version.status)
        .where(version.number == Declaration.number, version.status.not_in(_NOT_IN_FORCE))
        .order_by(version.version.desc())
        .limit(1)
        .correlate(Declaration)
        .scalar_subquery()
    )
    query = select(Declaration.id, Declaration.number, Declaration.status, in_force).where(
        Declaration.id.in_(declaration_ids)
    )
    return {row[0]: (row[1], row[3] or row[2]) for row in session.execute(query)}


def imports_by_reference(
    session: Session, *, transport_document: str | None, invoice_number: str | None
) -> list[Declaration]:
    wanted = []
    if transport_document:
        wanted.append(Declaration.transport_document == transport_document)
    if invoice_number:
        wanted.append(Declaration.invoice_number == invoice_number)
    if not wanted:
        return []
    query = (
        select(Declaration)
        .where(Declaration.direction == "import")
        .where(or_(*wanted))
        .options(selectinload(Declaration.items))
        .order_by(Declaration.id.desc())
        .limit(20)
    )
    return list(session.scalars(query))
