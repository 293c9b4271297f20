"""Status steps: what an action makes of a version's status (as the lifecycle allows it),
written as history rows and outbox events."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from sqlalchemy.orm import Session

from smartcustoms.audit import service as audit
from smartcustoms.db.inserts import InsertBatch
from smartcustoms.declarations import repository
from smartcustoms.declarations.lifecycle import Action, Status, next_status
from smartcustoms.declarations.models import Declaration
from smartcustoms.declarations.repository import StatusChangeRow
from smartcustoms.outbox.service import Event, add_events


@dataclass(frozen=True)
class Transition:
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


class Version(Protocol):
    """What a status step needs of a declaration version: an ORM object or a DeclarationRow."""

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


def transition(
    declaration: Version,
    action: Action,
    *,
    actor_id: int | None,
    note: str | None = None,
) -> Transition:
    """The step the action makes, as the lifecycle allows it: TransitionRefused otherwise."""
    return Transition(
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


def opened(
    declaration_id: int,
    enterprise_id: int,
    office_code: str | None,
    action: Action,
    *,
    actor_id: int,
) -> Transition:
    """The first step of a first version being written: from nothing to what the action
    makes of it."""
    return Transition(
        declaration_id=declaration_id,
        number=None,
        version=1,
        office_code=office_code,
        enterprise_id=enterprise_id,
        from_status=None,
        to_status=next_status(None, action),
        actor_id=actor_id,
    )


def add_transitions(
    batch: InsertBatch,
    steps: list[Transition],
    *,
    at: datetime,
    also: Sequence[Event] = (),
) -> None:
    """History rows (each vouched for by an audit record) and events for these steps (and
    `also`, other events to record)."""
    add_history(
        batch,
        [
            StatusChangeRow(
                id=repository.new_status_change_id(batch),
                declaration_id=t.declaration_id,
                from_status=t.from_status,
                to_status=str(t.to_status),
                actor_id=t.actor_id,
                at=at,
                note=t.note,
            )
            for t in steps
        ],
        enterprises={t.declaration_id: t.enterprise_id for t in steps},
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


HISTORY_TABLE = "declaration_status_changes"


def history_content(row: StatusChangeRow) -> dict[str, str | int | None]:
    """A history row's content as the audit chain keeps it (and compares it later)."""
    return {
        "declaration_id": row.declaration_id,
        "from_status": row.from_status,
        "to_status": row.to_status,
        "actor_id": row.actor_id,
        "at": audit.instant(row.at),
        "note": row.note,
    }


def add_history(
    batch: InsertBatch, rows: Sequence[StatusChangeRow], *, enterprises: dict[int, int]
) -> None:
    """History rows and, for each, an audit record vouching for it, in the same write."""
    repository.add_status_changes(batch, rows)
    audit.add_entries(
        batch,
        [
            audit.Entry(
                action=f"declaration.{row.to_status}",
                object_type="declaration",
                object_id=str(row.declaration_id),
                at=row.at,
                actor_id=row.actor_id,
                on_behalf_of=enterprises.get(row.declaration_id),
                details=audit.witness(HISTORY_TABLE, row.id, history_content(row)),
            )
            for row in rows
        ],
    )


def record_steps(
    session: Session, steps: Sequence[tuple[Declaration, Transition]], *, at: datetime
) -> None:
    """Apply steps to declarations loaded as objects; those that change a status go into
    the history (and the outbox) in one write."""
    changed = [step for _, step in steps if step.from_status != step.to_status]
    for declaration, step in steps:
        declaration.status = step.to_status
        declaration.updated_at = at
    if changed:
        batch = InsertBatch(session)
        add_transitions(batch, changed, at=at)
        batch.write()


def stored_history(session: Session) -> dict[int, dict[str, str | int | None]]:
    """Every status history row as stored now, keyed by id, in the form the audit records
    vouch for (the audit chain's check compares them)."""
    return {row.id: history_content(row) for row in repository.every_status_change(session)}
