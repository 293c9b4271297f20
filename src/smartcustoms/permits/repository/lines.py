"""The single window's queries about declarations' lines: every line's candidate licences
(with the registry's version), draws and what they give back, waits and draw-downs, and
what a version being amended still holds."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import Table, and_, bindparam, func, select, update
from sqlalchemy.orm import Session

from smartcustoms.db.inserts import InsertBatch
from smartcustoms.permits.models import Agency, Application, Drawdown, RegistryVersion, Wait

_VERSION = cast(Table, RegistryVersion.__table__)
_APPLICATIONS = cast(Table, Application.__table__)


@dataclass(frozen=True)
class Candidate:
    """What the registration step reads of an application that may clear a line."""

    id: int
    enterprise_id: int
    procedure_code: str
    hs_code: str
    unit: str
    state: str
    valid_from: date | None
    valid_until: date | None
    balance_e4: int


_CANDIDATE_COLUMNS = (
    Application.id,
    Application.enterprise_id,
    Application.procedure_code,
    Application.hs_code,
    Application.unit,
    Application.state,
    Application.valid_from,
    Application.valid_until,
    Application.balance_e4,
)
_CANDIDATE_FILTER = and_(
    Application.enterprise_id == bindparam("enterprise_id"),
    Application.hs_code.in_(bindparam("hs_codes", expanding=True)),
    Application.procedure_code.in_(bindparam("procedures", expanding=True)),
    Application.state.in_(bindparam("states", expanding=True)),
)
_CANDIDATES = select(*_CANDIDATE_COLUMNS).where(_CANDIDATE_FILTER).order_by(Application.id)
# The same, with the registry's version: one row with no application when none matches.
_WITH_VERSION = (
    select(_VERSION.c.version, *_CANDIDATE_COLUMNS)
    .select_from(_VERSION.outerjoin(_APPLICATIONS, _CANDIDATE_FILTER))
    .where(_VERSION.c.id == 1)
    .order_by(Application.id)
)


def candidates_and_version(
    session: Session,
    *,
    enterprise_id: int,
    hs_codes: Collection[str],
    procedures: Collection[str],
    states: Collection[str],
) -> tuple[int | None, list[Candidate]]:
    """`applications_for_lines` and the registry's version in the same statement (None: no
    version row)."""
    session.flush()
    result = session.connection().execute(
        _WITH_VERSION,
        {
            "enterprise_id": enterprise_id,
            "hs_codes": sorted(hs_codes),
            "procedures": sorted(procedures),
            "states": sorted(states),
        },
    )
    version, found = None, []
    for row in result:
        version = int(row[0])
        if row[1] is not None:
            found.append(Candidate(*row[1:]))
    return version, found


def applications_for_lines(
    session: Session,
    *,
    enterprise_id: int,
    hs_codes: Collection[str],
    procedures: Collection[str],
    states: Collection[str],
) -> list[Candidate]:
    """The enterprise's applications for these lines and procedures, in these states: every
    line's candidates in one statement (built once, no ORM objects)."""
    session.flush()  # as an ORM query would (nothing to do in a registration)
    result = session.connection().execute(
        _CANDIDATES,
        {
            "enterprise_id": enterprise_id,
            "hs_codes": sorted(hs_codes),
            "procedures": sorted(procedures),
            "states": sorted(states),
        },
    )
    return [Candidate(*row) for row in result]


def draw(session: Session, application_id: int, quantity_e4: int) -> bool:
    """Take `quantity` off the licence's balance if that much is left: one conditional
    UPDATE, so two declarations drawing at once cannot both take the last of it (on
    PostgreSQL the second waits for the first's row lock, then finds the balance short)."""
    result = session.execute(
        update(Application)
        .where(Application.id == application_id, Application.balance_e4 >= quantity_e4)
        .values(balance_e4=Application.balance_e4 - quantity_e4)
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0))


def take_in_batch(
    batch: InsertBatch, application_id: int, quantity_e4: int, refused: Callable[[], Exception]
) -> None:
    """`draw` written with the registration's own statement (a filing writes once): the
    balance's CHECK constraint refuses an over-draw, a concurrent one included."""
    batch.take(
        _APPLICATIONS,
        "balance_e4",
        application_id,
        quantity_e4,
        constraint="balance_not_negative",
        refused=refused,
    )


def give_back(session: Session, application_id: int, quantity_e4: int) -> None:
    session.execute(
        update(Application)
        .where(Application.id == application_id)
        .values(balance_e4=Application.balance_e4 + quantity_e4)
        .execution_options(synchronize_session=False)
    )


# ---------------------------------------------------------------- declarations


_WAITS = cast(Table, Wait.__table__)
_DRAWDOWNS = cast(Table, Drawdown.__table__)


def add_waits(batch: InsertBatch, rows: Sequence[Mapping[str, Any]]) -> None:
    batch.add(_WAITS, [{"id": batch.new_id(_WAITS), **row} for row in rows])


def add_drawdowns(batch: InsertBatch, rows: Sequence[Mapping[str, Any]]) -> None:
    batch.add(_DRAWDOWNS, [{"id": batch.new_id(_DRAWDOWNS), **row} for row in rows])


def add_drawdown(
    session: Session,
    application_id: int,
    declaration_id: int,
    line: int,
    quantity: Decimal,
    at: datetime,
) -> None:
    session.add(
        Drawdown(
            application_id=application_id,
            declaration_id=declaration_id,
            line=line,
            quantity=quantity,
            at=at,
        )
    )


def waits_of_declaration(session: Session, declaration_id: int) -> list[tuple[Wait, Application]]:
    return [
        (w, a)
        for w, a in session.execute(
            select(Wait, Application)
            .join(Application, Application.id == Wait.application_id)
            .where(Wait.declaration_id == declaration_id)
            .order_by(Wait.line, Wait.id)
        )
    ]


def unmet_waits(session: Session, declaration_id: int) -> int:
    """How many of the declaration's lines still wait, or were refused their licence."""
    return int(
        session.scalar(
            select(func.count())
            .select_from(Wait)
            .where(
                Wait.declaration_id == declaration_id,
                (Wait.resolved_at.is_(None)) | (Wait.outcome != "granted"),
            )
        )
        or 0
    )


def open_waits_of_application(session: Session, application_id: int) -> list[Wait]:
    return list(
        session.scalars(
            select(Wait)
            .where(Wait.application_id == application_id, Wait.resolved_at.is_(None))
            .order_by(Wait.id)
            .with_for_update()
        )
    )


@dataclass(frozen=True)
class Earlier:
    """What the version an amendment replaces still holds: its open waits (ids) and the
    quantities it drew and has not given back (drawdown id, licence id, quantity)."""

    waits: tuple[int, ...]
    draws: tuple[tuple[int, int, Decimal], ...]


def earlier_holdings(session: Session, declaration_id: int) -> Earlier:
    """The open waits and drawdowns of the version being amended, locked. The waits first:
    an agency's approval releasing them (`open_waits_of_application`, locked too) is then
    either seen done, its drawdown read next, or made to wait and find them ended."""
    waits = session.scalars(
        select(Wait.id)
        .where(Wait.declaration_id == declaration_id, Wait.resolved_at.is_(None))
        .order_by(Wait.id)
        .with_for_update()
    )
    wait_ids = tuple(waits)
    draws = session.execute(
        select(Drawdown.id, Drawdown.application_id, Drawdown.quantity)
        .where(Drawdown.declaration_id == declaration_id, Drawdown.returned_at.is_(None))
        .order_by(Drawdown.id)
        .with_for_update()
    )
    return Earlier(wait_ids, tuple((d, a, Decimal(q)) for d, a, q in draws))


def end_earlier(session: Session, earlier: Earlier, *, outcome: str, at: datetime) -> None:
    """The amended version's waits end and its drawdowns count as given back (their
    quantities are returned by the amendment's own take, in the same transaction)."""
    if earlier.waits:
        session.execute(
            update(Wait)
            .where(Wait.id.in_(earlier.waits))
            .values(resolved_at=at, outcome=outcome)
            .execution_options(synchronize_session=False)
        )
    if earlier.draws:
        session.execute(
            update(Drawdown)
            .where(Drawdown.id.in_([d for d, _, _ in earlier.draws]))
            .values(returned_at=at)
            .execution_options(synchronize_session=False)
        )


def waits_of_chain(session: Session, declaration_id: int) -> list[Wait]:
    return list(session.scalars(select(Wait).where(Wait.declaration_id == declaration_id)))


def drawdowns_of_declaration(
    session: Session, declaration_id: int
) -> list[tuple[Drawdown, Application]]:
    return [
        (d, a)
        for d, a in session.execute(
            select(Drawdown, Application)
            .join(Application, Application.id == Drawdown.application_id)
            .where(Drawdown.declaration_id == declaration_id)
            .order_by(Drawdown.line, Drawdown.id)
        )
    ]


def agency_times_of(
    session: Session, declaration_ids: Collection[int]
) -> list[tuple[int, str, datetime, datetime | None]]:
    """(declaration, agency code, application received, decided) of every application the
    declarations waited for or drew on, in two statements."""
    if not declaration_ids:
        return []
    found: set[tuple[int, int, str, datetime, datetime | None]] = set()
    for link in (Wait, Drawdown):
        query = (
            select(
                link.declaration_id,
                Application.id,
                Agency.code,
                Application.received_at,
                Application.decided_at,
            )
            .join(Application, Application.id == link.application_id)
            .join(Agency, Agency.id == Application.agency_id)
            .where(link.declaration_id.in_(declaration_ids))
        )
        found.update((r[0], r[1], r[2], r[3], r[4]) for r in session.execute(query))
    return [
        (d, code, received, decided)
        for d, _, code, received, decided in sorted(found, key=lambda r: (r[0], r[1]))
    ]
