"""Declaration queries."""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, date
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import (
    Dialect,
    Select,
    Table,
    bindparam,
    delete,
    func,
    insert,
    inspect,
    select,
    text,
    update,
)
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.sql.elements import TextClause

from smartcustoms.db import ExactDecimal
from smartcustoms.declarations.content import ITEM_FIELDS, ItemContent
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
    """Lock the row (PostgreSQL) so two submits of one draft cannot both register it."""
    query = (
        select(Declaration)
        .where(Declaration.id == declaration_id)
        .options(selectinload(Declaration.items))
        .with_for_update()
    )
    return session.scalars(query).first()


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
        query = query.where(Declaration.status != "amended")
    return query


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


def document_ids(session: Session, declaration_id: int) -> list[int]:
    query = (
        select(DeclarationDocument.document_id)
        .where(DeclarationDocument.declaration_id == declaration_id)
        .order_by(DeclarationDocument.id)
    )
    return list(session.scalars(query))


def add_documents(session: Session, declaration_id: int, ids: Collection[int]) -> None:
    """Attach documents to a declaration that has none yet (one created in this transaction)."""
    if ids:
        session.execute(
            _INSERT_DOCUMENT, [{"declaration_id": declaration_id, "document_id": i} for i in ids]
        )


_INSERT_DOCUMENT = insert(cast(Table, DeclarationDocument.__table__))


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
        return int(session.execute(_NEXT_FROM_SEQUENCE[direction]).scalar_one())
    name = f"declaration-{direction}"
    result = session.execute(_NEXT_SEQUENCE, {"counter": name}).scalar()
    if result is not None:
        return int(result)
    session.add(NumberSequence(name=name, value=1))
    session.flush()
    return 1


def has_open_amendment(session: Session, declaration_id: int) -> bool:
    query = select(func.count()).where(
        Declaration.supersedes_id == declaration_id,
        Declaration.status.in_(("draft", "submitted", "rejected")),
    )
    return bool(session.scalar(query))


def count_created_by(session: Session, user_id: int) -> int:
    query = select(func.count()).where(Declaration.created_by_id == user_id)
    return int(session.scalar(query) or 0)


# Core statements for the registration hot path: no ORM objects are built for these rows.
_DECLARATIONS = cast(Table, Declaration.__table__)
_INSERT_DECLARATION = insert(_DECLARATIONS).returning(_DECLARATIONS.c.id)
_INSERT_ITEM = insert(cast(Table, DeclarationItem.__table__))
_INSERT_STATUS_CHANGE = insert(cast(Table, StatusChange.__table__))


def insert_declaration(session: Session, values: dict[str, Any]) -> int:
    """Write a declaration row without its items; return its id."""
    return int(session.execute(_INSERT_DECLARATION, values).scalar_one())


# PostgreSQL: a declaration's items in one statement whose text never changes (psycopg parses
# it once, the server prepares it), the rows travelling as one JSON array of arrays. An
# executemany costs about four times the CPU for ten items; see docs/benchmarks.md.
_ITEMS_ON_POSTGRESQL = text(
    "INSERT INTO declaration_items (declaration_id, line_no, hs_code, description,"
    " origin_country, quantity, unit, unit_price, invoice_value, net_weight, origin_proof)"
    " SELECT :declaration_id, CAST(item ->> 0 AS integer), item ->> 1, item ->> 2, item ->> 3,"
    " CAST(item ->> 4 AS numeric), item ->> 5, CAST(item ->> 6 AS numeric),"
    " CAST(item ->> 7 AS numeric), CAST(item ->> 8 AS numeric), item ->> 9"
    " FROM json_array_elements(CAST(:items AS json)) AS item"
)
_EXACT = cast(ExactDecimal, DeclarationItem.__table__.c.quantity.type)


def _exact(value: Decimal | None, dialect: Dialect) -> str | None:
    """A decimal as the column stores it (4 places), as text for the JSON rows."""
    exact = _EXACT.process_bind_param(value, dialect)
    return None if exact is None else str(exact)


# PostgreSQL: a new declaration and its items in one statement (a data-modifying CTE).
_HEADER_COLUMNS = [column for column in _DECLARATIONS.columns if column.name != "id"]
_DECLARATION_WITH_ITEMS = text(
    "WITH new_declaration AS (INSERT INTO declarations ("
    + ", ".join(column.name for column in _HEADER_COLUMNS)
    + ") VALUES ("
    + ", ".join(f":{column.name}" for column in _HEADER_COLUMNS)
    + ") RETURNING id), new_items AS ("
    + str(_ITEMS_ON_POSTGRESQL.text).replace(":declaration_id", "new_declaration.id")
    + ", new_declaration) SELECT id FROM new_declaration"
).bindparams(
    # The columns' own types, so values are converted as a Core insert converts them.
    *(bindparam(column.name, type_=column.type) for column in _HEADER_COLUMNS)
)


def insert_declaration_with_items(
    session: Session, values: dict[str, Any], items: Sequence[ItemContent]
) -> int:
    """Write a new declaration (every column but id) and its goods items; return its id.

    One statement on PostgreSQL; elsewhere the row, then the items in one executemany.
    """
    connection = session.connection()
    if connection.dialect.name != "postgresql" or not items:
        declaration_id = insert_declaration(session, values)
        insert_items(session, declaration_id, items)
        return declaration_id
    params = {column.name: values[column.name] for column in _HEADER_COLUMNS}
    params["items"] = _items_json(items, connection.dialect)
    return int(connection.execute(_DECLARATION_WITH_ITEMS, params).scalar_one())


def _items_json(items: Sequence[ItemContent], dialect: Dialect) -> str:
    """Items as the JSON array of arrays _ITEMS_ON_POSTGRESQL reads, numbered from 1."""
    return json.dumps(
        [
            [
                line_no,
                item.hs_code,
                item.description,
                item.origin_country,
                _exact(item.quantity, dialect),
                item.unit,
                _exact(item.unit_price, dialect),
                _exact(item.invoice_value, dialect),
                _exact(item.net_weight, dialect),
                item.origin_proof,
            ]
            for line_no, item in enumerate(items, start=1)
        ]
    )


def insert_items(session: Session, declaration_id: int, items: Sequence[ItemContent]) -> None:
    """Write a new declaration's goods items, numbered from 1, in one statement."""
    if not items:
        return  # an empty executemany would insert one row of defaults
    connection = session.connection()
    dialect = connection.dialect
    if dialect.name != "postgresql":
        connection.execute(
            _INSERT_ITEM,
            [
                {
                    "declaration_id": declaration_id,
                    "line_no": line_no,
                    **{name: getattr(item, name) for name in ITEM_FIELDS},
                }
                for line_no, item in enumerate(items, start=1)
            ],
        )
        return
    connection.execute(
        _ITEMS_ON_POSTGRESQL,
        {"declaration_id": declaration_id, "items": _items_json(items, dialect)},
    )


# The id is a bound parameter, so the statement is built once; the columns set are the keys.
_UPDATE_DECLARATION = update(_DECLARATIONS).where(_DECLARATIONS.c.id == bindparam("row_id"))


def update_declaration(session: Session, declaration_id: int, values: dict[str, Any]) -> None:
    session.execute(_UPDATE_DECLARATION, {**values, "row_id": declaration_id})


def add_status_changes(session: Session, rows: Collection[dict[str, Any]]) -> None:
    """Write status history rows (declaration_id, from/to status, actor, at, note) at once."""
    if rows:
        session.execute(_INSERT_STATUS_CHANGE, list(rows))


def update_with_history(
    session: Session,
    declaration_id: int,
    values: dict[str, Any],
    changes: Sequence[dict[str, Any]],
) -> None:
    """Update a declaration's row and add its status history rows.

    One statement on PostgreSQL (a data-modifying CTE); elsewhere an update, then the rows.
    """
    connection = session.connection()
    if connection.dialect.name != "postgresql" or not changes:
        update_declaration(session, declaration_id, values)
        add_status_changes(session, changes)
        return
    history = [
        [
            change["declaration_id"],
            change["from_status"],
            change["to_status"],
            change["actor_id"],
            change["at"].astimezone(UTC).isoformat(),
            change["note"],
        ]
        for change in changes
    ]
    params = {**values, "row_id": declaration_id, "changes": json.dumps(history)}
    connection.execute(_update_with_history(tuple(values)), params)


_HISTORY_ON_POSTGRESQL = (
    "INSERT INTO declaration_status_changes (declaration_id, from_status, to_status, actor_id,"
    " at, note) SELECT CAST(c ->> 0 AS integer), c ->> 1, c ->> 2, CAST(c ->> 3 AS integer),"
    " CAST(c ->> 4 AS timestamptz), c ->> 5 FROM json_array_elements(CAST(:changes AS json)) AS c"
)
_updates_with_history: dict[tuple[str, ...], TextClause] = {}


def _update_with_history(columns: tuple[str, ...]) -> TextClause:
    """The statement for updating these columns, built once per set of columns."""
    statement = _updates_with_history.get(columns)
    if statement is None:
        types = {column.name: column.type for column in _DECLARATIONS.columns}
        statement = text(
            f"WITH history AS ({_HISTORY_ON_POSTGRESQL}) UPDATE declarations SET "
            + ", ".join(f"{name} = :{name}" for name in columns)
            + " WHERE id = :row_id"
        ).bindparams(*(bindparam(name, type_=types[name]) for name in columns))
        _updates_with_history[columns] = statement
    return statement


_ITEMS = cast(Table, DeclarationItem.__table__)
_HEADER_FOR_UPDATE = (
    select(_DECLARATIONS).where(_DECLARATIONS.c.id == bindparam("declaration_id")).with_for_update()
)
_ITEM_ROWS = (
    select(_ITEMS)
    .where(_ITEMS.c.declaration_id == bindparam("declaration_id"))
    .order_by(_ITEMS.c.line_no)
)


def header_for_update(session: Session, declaration_id: int) -> dict[str, Any] | None:
    """The declaration row as a dict, locked (PostgreSQL) until the transaction ends."""
    row = session.execute(_HEADER_FOR_UPDATE, {"declaration_id": declaration_id}).first()
    return dict(row._mapping) if row is not None else None


def items_of(session: Session, declaration_id: int) -> list[ItemContent]:
    rows = session.execute(_ITEM_ROWS, {"declaration_id": declaration_id}).mappings()
    return [ItemContent(**{name: row[name] for name in ITEM_FIELDS}) for row in rows]


def forget_loaded(session: Session, declaration_ids: Collection[int]) -> None:
    """Expire declarations this session holds as objects after their rows changed in Core."""
    for declaration_id in declaration_ids:
        known = session.identity_map.get(Session.identity_key(Declaration, declaration_id))
        if known is not None:
            session.expire(known)
