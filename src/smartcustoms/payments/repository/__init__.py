"""Every payments query. Rows come back as the domain's models or typed rows.

Locks: a use case that changes money locks, in this order, a declaration's obligations, then
the guarantee or account it uses (`SELECT … FOR UPDATE`, ordered by id). Two payments of the
same declaration, or two declarations paid from one account, wait for each other on
PostgreSQL instead of both spending the same money; SQLite runs one writer at a time.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import ColumnElement, Table, and_, func, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from smartcustoms.db.inserts import InsertBatch
from smartcustoms.payments.models import (
    Account,
    AccountEntry,
    BankBooking,
    BankNoticeRecord,
    BankStatement,
    Guarantee,
    GuaranteeCover,
    Obligation,
    PaymentOrder,
    ReconciliationException,
    Settlement,
    StandingAuthority,
)

_OBLIGATIONS = cast(Table, Obligation.__table__)


# ---------------------------------------------------------------------------- obligations


def new_obligation_id(batch: InsertBatch) -> int:
    return batch.new_id(_OBLIGATIONS)


def add_obligations(batch: InsertBatch, rows: Sequence[Mapping[str, Any]]) -> None:
    """A registration's obligation rows (every column), written with the registration."""
    batch.add(_OBLIGATIONS, rows)


@dataclass(frozen=True)
class ObligationRow:
    """An obligation with what settled it and what guarantees cover, summed."""

    obligation: Obligation
    paid_vnd: int
    covered_vnd: int  # by covers not released, of guarantees valid on the day asked


def _paid() -> Any:
    return (
        select(func.coalesce(func.sum(Settlement.amount_vnd), 0))
        .where(Settlement.obligation_id == Obligation.id)
        .correlate(Obligation)
        .scalar_subquery()
    )


def _covered(on: date) -> Any:
    return (
        select(func.coalesce(func.sum(GuaranteeCover.amount_vnd), 0))
        .join(Guarantee, Guarantee.id == GuaranteeCover.guarantee_id)
        .where(
            GuaranteeCover.obligation_id == Obligation.id,
            GuaranteeCover.released_at.is_(None),
            Guarantee.valid_from <= on,
            Guarantee.valid_to >= on,
        )
        .correlate(Obligation)
        .scalar_subquery()
    )


def obligation_rows(
    session: Session,
    *,
    on: date,
    declaration_ids: Iterable[int] = (),
    chain_ids: Iterable[int] = (),
    enterprise_id: int | None = None,
    for_update: bool = False,
) -> list[ObligationRow]:
    """Obligations (with paid and covered sums) of versions, of declarations by their first
    version, or of an enterprise; ordered by declaration and id."""
    conditions: list[ColumnElement[bool]] = []
    if ids := list(declaration_ids):
        conditions.append(Obligation.declaration_id.in_(ids))
    if chains := list(chain_ids):
        conditions.append(Obligation.chain_id.in_(chains))
    if enterprise_id is not None:
        conditions.append(Obligation.enterprise_id == enterprise_id)
    if not conditions:
        return []
    if for_update:
        # Locked alone (PostgreSQL refuses FOR UPDATE beside aggregates), then summed.
        locked = select(Obligation.id).where(or_(*conditions)).order_by(Obligation.id)
        session.execute(locked.with_for_update()).all()
    query = (
        select(Obligation, _paid(), _covered(on))
        .where(or_(*conditions))
        .order_by(Obligation.chain_id, Obligation.id)
    )
    return [
        ObligationRow(o, int(paid), int(covered)) for o, paid, covered in session.execute(query)
    ]


def chain_of(session: Session, declaration_id: int) -> int | None:
    """The first version of the declaration whose obligations a version states."""
    query = select(Obligation.chain_id).where(Obligation.declaration_id == declaration_id)
    return session.scalars(query.limit(1)).first()


def settlements_of(session: Session, obligation_ids: Sequence[int]) -> list[Settlement]:
    if not obligation_ids:
        return []
    query = select(Settlement).where(Settlement.obligation_id.in_(obligation_ids))
    return list(session.scalars(query.order_by(Settlement.at, Settlement.id)))


def overdue_enterprise_obligations(session: Session, *, due_before: date) -> list[ObligationRow]:
    """Every obligation past its deadline that is not paid in full (officers' view)."""
    query = (
        select(Obligation, _paid(), _covered(due_before))
        .where(Obligation.due_on < due_before, Obligation.amount_vnd > _paid())
        .order_by(Obligation.enterprise_id, Obligation.due_on, Obligation.id)
    )
    return [ObligationRow(o, int(p), int(c)) for o, p, c in session.execute(query)]


def open_covers(session: Session, obligation_ids: Sequence[int]) -> list[GuaranteeCover]:
    if not obligation_ids:
        return []
    query = select(GuaranteeCover).where(
        GuaranteeCover.obligation_id.in_(obligation_ids), GuaranteeCover.released_at.is_(None)
    )
    return list(session.scalars(query.order_by(GuaranteeCover.id)))


# ---------------------------------------------------------------------------- accounts


def account(
    session: Session, enterprise_id: int, kind: str, *, for_update: bool = False
) -> Account | None:
    query = select(Account).where(Account.enterprise_id == enterprise_id, Account.kind == kind)
    if for_update:
        query = query.with_for_update()
    return session.scalars(query).first()


def accounts_of(session: Session, enterprise_id: int) -> list[Account]:
    query = select(Account).where(Account.enterprise_id == enterprise_id).order_by(Account.kind)
    return list(session.scalars(query))


def entries(
    session: Session, account_ids: Sequence[int], *, since: datetime, until: datetime
) -> list[AccountEntry]:
    if not account_ids:
        return []
    query = select(AccountEntry).where(
        AccountEntry.account_id.in_(account_ids), AccountEntry.at >= since, AccountEntry.at <= until
    )
    return list(session.scalars(query.order_by(AccountEntry.at, AccountEntry.id)))


def guarantee(session: Session, guarantee_id: int, *, for_update: bool = False) -> Guarantee | None:
    query = select(Guarantee).where(Guarantee.id == guarantee_id)
    if for_update:
        query = query.with_for_update()
    return session.scalars(query).first()


def guarantees_for_update(session: Session, guarantee_ids: Sequence[int]) -> list[Guarantee]:
    query = select(Guarantee).where(Guarantee.id.in_(guarantee_ids)).order_by(Guarantee.id)
    return list(session.scalars(query.with_for_update()))


def guarantees_of(session: Session, enterprise_id: int) -> list[Guarantee]:
    query = select(Guarantee).where(Guarantee.enterprise_id == enterprise_id)
    return list(session.scalars(query.order_by(Guarantee.valid_to.desc(), Guarantee.id)))


def authority(session: Session, enterprise_id: int, agent_id: int) -> StandingAuthority | None:
    """The authority in force (not revoked) from an enterprise to an agent's company."""
    query = select(StandingAuthority).where(
        StandingAuthority.enterprise_id == enterprise_id,
        StandingAuthority.agent_id == agent_id,
        StandingAuthority.revoked_at.is_(None),
    )
    return session.scalars(query.limit(1)).first()


def authorities_of(session: Session, enterprise_id: int) -> list[StandingAuthority]:
    query = select(StandingAuthority).where(StandingAuthority.enterprise_id == enterprise_id)
    return list(session.scalars(query.order_by(StandingAuthority.granted_at.desc())))


# ---------------------------------------------------------------------------- bank


def order_by_reference(
    session: Session, reference: str, *, for_update: bool = False
) -> PaymentOrder | None:
    query = select(PaymentOrder).where(PaymentOrder.reference == reference)
    if for_update:
        query = query.with_for_update()
    return session.scalars(query).first()


def orders_by_reference(session: Session, references: Iterable[str]) -> dict[str, PaymentOrder]:
    wanted = sorted(set(references))
    if not wanted:
        return {}
    query = select(PaymentOrder).where(PaymentOrder.reference.in_(wanted))
    return {order.reference: order for order in session.scalars(query)}


def orders_of(
    session: Session, *, enterprise_id: int | None = None, chain_id: int | None = None
) -> list[PaymentOrder]:
    query = select(PaymentOrder)
    if enterprise_id is not None:
        query = query.where(PaymentOrder.enterprise_id == enterprise_id)
    if chain_id is not None:
        query = query.where(PaymentOrder.chain_id == chain_id)
    return list(session.scalars(query.order_by(PaymentOrder.ordered_at.desc(), PaymentOrder.id)))


def booking(session: Session, bank: str, bank_txn_id: str) -> BankBooking | None:
    query = select(BankBooking).where(
        BankBooking.bank == bank, BankBooking.bank_txn_id == bank_txn_id
    )
    return session.scalars(query).first()


def booking_by_id(session: Session, booking_id: int) -> BankBooking | None:
    return session.get(BankBooking, booking_id)


def bookings_by_txn(session: Session, bank: str, txn_ids: Iterable[str]) -> dict[str, BankBooking]:
    wanted = sorted(set(txn_ids))
    if not wanted:
        return {}
    query = select(BankBooking).where(BankBooking.bank == bank, BankBooking.bank_txn_id.in_(wanted))
    return {b.bank_txn_id: b for b in session.scalars(query)}


def bookings_between(
    session: Session, bank: str, *, since: datetime, until: datetime
) -> list[BankBooking]:
    query = select(BankBooking).where(
        BankBooking.bank == bank, BankBooking.booked_at >= since, BankBooking.booked_at < until
    )
    return list(session.scalars(query.order_by(BankBooking.booked_at, BankBooking.id)))


def bookings_of_orders(session: Session, order_ids: Sequence[int]) -> list[BankBooking]:
    if not order_ids:
        return []
    query = select(BankBooking).where(BankBooking.order_id.in_(order_ids))
    return list(session.scalars(query.order_by(BankBooking.booked_at, BankBooking.id)))


def insert_new(session: Session, model: type[Any], values: Mapping[str, Any]) -> bool:
    """Insert a row unless one with the same unique key is there; True if it was inserted.

    Replayed notices and findings seen twice race on the unique key, not on a lock: the
    database decides, and the loser inserts nothing instead of failing the request.
    """
    table = cast(Table, model.__table__)
    dialect = session.get_bind().dialect.name
    insert_ = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert_(table).values(**values).on_conflict_do_nothing().returning(table.c.id)
    # RETURNING, not rowcount: psycopg reports no row count for this statement.
    return session.execute(statement).first() is not None


def statement(session: Session, bank: str, statement_ref: str) -> BankStatement | None:
    query = select(BankStatement).where(
        BankStatement.bank == bank, BankStatement.statement_ref == statement_ref
    )
    return session.scalars(query).first()


def notices_of(session: Session, references: Iterable[str]) -> list[BankNoticeRecord]:
    wanted = sorted(set(references))
    if not wanted:
        return []
    query = select(BankNoticeRecord).where(BankNoticeRecord.reference.in_(wanted))
    return list(session.scalars(query.order_by(BankNoticeRecord.received_at)))


def exceptions(session: Session, *, unresolved_only: bool) -> list[ReconciliationException]:
    query = select(ReconciliationException)
    if unresolved_only:
        query = query.where(ReconciliationException.resolved_at.is_(None))
    return list(
        session.scalars(
            query.order_by(ReconciliationException.found_at.desc(), ReconciliationException.id)
        )
    )


def exception(session: Session, exception_id: int) -> ReconciliationException | None:
    return session.get(ReconciliationException, exception_id)


def exception_id(session: Session, kind: str, bank: str, bank_txn_id: str) -> int | None:
    query = select(ReconciliationException.id).where(
        and_(
            ReconciliationException.kind == kind,
            ReconciliationException.bank == bank,
            ReconciliationException.bank_txn_id == bank_txn_id,
        )
    )
    return session.scalars(query).first()


# ---------------------------------------------------------------------------- figures


# Periods include their end: "until now" counts what happened at this very instant.


def settled_by_source(session: Session, *, since: datetime, until: datetime) -> dict[str, int]:
    """Amounts that settled obligations in a period, by how (refunds left out)."""
    query = (
        select(Settlement.source, func.sum(Settlement.amount_vnd))
        .where(Settlement.at >= since, Settlement.at <= until, Settlement.amount_vnd > 0)
        .group_by(Settlement.source)
    )
    return {source: int(total or 0) for source, total in session.execute(query)}


def obligations_created(session: Session, *, since: datetime, until: datetime) -> list[Obligation]:
    query = select(Obligation).where(Obligation.created_at >= since, Obligation.created_at <= until)
    return list(session.scalars(query))


def bookings_recorded(session: Session, *, since: datetime, until: datetime) -> list[BankBooking]:
    query = select(BankBooking).where(
        BankBooking.recorded_at >= since, BankBooking.recorded_at <= until
    )
    return list(session.scalars(query))


def count_exceptions(session: Session, kind: str, *, since: datetime, until: datetime) -> int:
    query = select(func.count(ReconciliationException.id)).where(
        ReconciliationException.kind == kind,
        ReconciliationException.found_at >= since,
        ReconciliationException.found_at <= until,
    )
    return int(session.scalar(query) or 0)


# ---------------------------------------------------------------------------- receipts


def bookings_of_enterprise(
    session: Session, enterprise_id: int
) -> list[tuple[BankBooking, PaymentOrder]]:
    query = (
        select(BankBooking, PaymentOrder)
        .join(PaymentOrder, PaymentOrder.id == BankBooking.order_id)
        .where(PaymentOrder.enterprise_id == enterprise_id)
        .order_by(BankBooking.booked_at.desc(), BankBooking.id.desc())
    )
    return [(b, o) for b, o in session.execute(query)]


def settlements_of_booking(
    session: Session, booking_id: int
) -> list[tuple[Settlement, Obligation]]:
    query = (
        select(Settlement, Obligation)
        .join(Obligation, Obligation.id == Settlement.obligation_id)
        .where(Settlement.booking_id == booking_id)
        .order_by(Settlement.id)
    )
    return [(s, o) for s, o in session.execute(query)]


def entries_of_booking(session: Session, booking_id: int) -> list[AccountEntry]:
    query = select(AccountEntry).where(AccountEntry.booking_id == booking_id)
    return list(session.scalars(query.order_by(AccountEntry.id)))


def order_by_id(session: Session, order_id: int) -> PaymentOrder | None:
    return session.get(PaymentOrder, order_id)


def last_settlements(
    session: Session, declaration_ids: Collection[int]
) -> list[tuple[int, int, datetime]]:
    """(chain id, version id, the latest settlement's time) of the declarations' obligations
    that were settled at all, by either id."""
    if not declaration_ids:
        return []
    query = (
        select(Obligation.chain_id, Obligation.declaration_id, func.max(Settlement.at))
        .join(Settlement, Settlement.obligation_id == Obligation.id)
        .where(
            or_(
                Obligation.chain_id.in_(declaration_ids),
                Obligation.declaration_id.in_(declaration_ids),
            )
        )
        .group_by(Obligation.chain_id, Obligation.declaration_id)
    )
    return [(row[0], row[1], row[2]) for row in session.execute(query)]
