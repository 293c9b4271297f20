"""Single-write units: a unit of work that reads, then writes with one statement."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import ORMExecuteState, Session, SessionTransaction

_WRITES = "smartcustoms.single_write.writes"  # session.info: writes made in the unit so far
_AUTOCOMMIT = "smartcustoms.single_write.autocommit"  # session.info: the unit runs in autocommit


class SecondWrite(RuntimeError):
    """A unit of work declared to write once tried to write again: a programming error,
    refused before it reaches the database."""


def single_write_unit(session: Session) -> None:
    """Declare that the session's unit of work reads, then writes with ONE statement (an
    InsertBatch), then commits; it lasts until the session's transaction ends.

    On PostgreSQL, when the session has a connection of its own (not one joined to an outer
    transaction, as in the tests), the unit runs in autocommit: one statement is atomic by
    itself, and BEGIN and COMMIT were two of a filing's five round trips. Reads see what they
    saw before, since READ COMMITTED takes a snapshot per statement anyway. A second write
    there is refused (`SecondWrite`), in the tests too: another InsertBatch write, an ORM
    flush with changes, or an INSERT, UPDATE or DELETE through the session.

    SQLite keeps its transaction (its number counter is a write of its own).
    """
    bind = session.get_bind()
    if bind.dialect.name != "postgresql":
        return
    if not session.in_transaction():
        if isinstance(bind, Engine):
            session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
            session.info[_AUTOCOMMIT] = True
        else:
            session.begin()
    session.info[_WRITES] = 0


def ends_without_io(session: Session) -> bool:
    """Whether committing, rolling back or closing the session sends nothing to the database:
    no transaction began, or a single-write unit runs in autocommit (its write committed by
    itself, and it refuses any flush with changes before a statement is sent; the driver's
    COMMIT and the pool's reset of the connection are then local)."""
    return not session.in_transaction() or _AUTOCOMMIT in session.info


def in_single_write_unit(session: Session) -> bool:
    """Whether the session's unit of work was declared to write with one statement."""
    return _WRITES in session.info


def note_write(session: Session) -> None:
    """A write statement is about to run; in a single-write unit only the first may."""
    writes = session.info.get(_WRITES)
    if writes is None:
        return
    if writes:
        raise SecondWrite("this unit of work was declared to write with one statement")
    session.info[_WRITES] = 1


@event.listens_for(Session, "before_flush")
def _refuse_flush_in_single_write(session: Session, _context: Any, _instances: Any) -> None:
    if _WRITES not in session.info:
        return
    if session.new or session.deleted or any(session.is_modified(o) for o in session.dirty):
        raise SecondWrite("an ORM flush with changes in a single-write unit of work")


@event.listens_for(Session, "do_orm_execute")
def _refuse_dml_in_single_write(state: ORMExecuteState) -> None:
    if _WRITES in state.session.info and (state.is_insert or state.is_update or state.is_delete):
        raise SecondWrite("an INSERT, UPDATE or DELETE in a single-write unit of work")


@event.listens_for(Session, "after_transaction_end")
def _end_single_write(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:
        session.info.pop(_WRITES, None)
        session.info.pop(_AUTOCOMMIT, None)
