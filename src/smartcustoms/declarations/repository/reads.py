"""Declaration queries: the ORM reads of versions, lists, histories and look-ups by
reference (the typed row writes of the registration paths are in `rows`)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Select, func, inspect, or_, select
from sqlalchemy.orm import Session, aliased, selectinload

from smartcustoms.declarations.lifecycle import OPEN, Status
from smartcustoms.declarations.models import Declaration, StatusChange, transport_document_key
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


def has_open_amendment(session: Session, declaration_id: int) -> bool:
    query = select(func.count()).where(
        Declaration.supersedes_id == declaration_id, Declaration.status.in_(sorted(OPEN))
    )
    return bool(session.scalar(query))


def count_created_by(session: Session, user_id: int) -> int:
    query = select(func.count()).where(Declaration.created_by_id == user_id)
    return int(session.scalar(query) or 0)


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


# Versions registered and still in force: what a bill reported later is linked to.
_REGISTERED_IN_FORCE = (
    Status.REGISTERED,
    Status.APPROVED,
    Status.STORED,
    Status.RELEASED,
    Status.CLEARED,
)


def registered_by_transport_documents(session: Session, keys: Collection[str]) -> list[Declaration]:
    """Registered versions in force stating one of these transport documents, compared
    upper case without spaces (`keys` written so), oldest first."""
    if not keys:
        return []
    stated = transport_document_key(Declaration.transport_document)  # as its index says
    query = (
        select(Declaration)
        .where(stated.in_(keys), Declaration.status.in_(_REGISTERED_IN_FORCE))
        .order_by(Declaration.id)
    )
    return list(session.scalars(query))


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
