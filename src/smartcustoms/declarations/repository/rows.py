"""DeclarationRow: the one typed shape in which the registration paths read and write a
declaration, turned into table rows here, below the services; with the statements that
write it (through an InsertBatch or one UPDATE), the dossier's links and the numbering."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, fields, replace
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, delete, insert, or_, select, update
from sqlalchemy.engine import RowMapping
from sqlalchemy.orm import Session

from smartcustoms.db import first_row
from smartcustoms.db.inserts import InsertBatch
from smartcustoms.declarations.content import (
    HEADER_FIELDS,
    ITEM_FIELDS,
    DeclarationContent,
    ItemContent,
)
from smartcustoms.declarations.models import (
    NUMBER_SEQUENCES,
    Declaration,
    DeclarationDocument,
    DeclarationItem,
    NumberSequence,
    StatusChange,
)

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
