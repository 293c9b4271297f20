"""The audit trail's use cases: append state changes in the caller's transaction, verify."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from smartcustoms.audit import repository
from smartcustoms.audit.messages import texts
from smartcustoms.audit.rules import (
    Break,
    Entry,
    Head,
    Link,
    first_break,
    instant,
    witness,
    witnessed_break,
)
from smartcustoms.db.inserts import InsertBatch
from smartcustoms.kit.bilingual import Both

__all__ = [
    "Entry",
    "Verification",
    "Witness",
    "add_entries",
    "append",
    "flush",
    "instant",
    "record",
    "records_of",
    "verify",
    "witness",
]

# A table whose rows the chain vouches for: its name and how to read every row's content
# (id -> the same mapping its records hold). The composition (audit/cli.py) lists them.
Witness = tuple[str, Callable[[Session], Mapping[int, Mapping[str, Any]]]]


def add_entries(batch: InsertBatch, entries: Sequence[Entry]) -> None:
    """Append these entries when the batch writes (in its one statement on PostgreSQL)."""
    repository.add_entries(batch, entries)


def append(session: Session, entries: Sequence[Entry]) -> None:
    """Append these entries in the caller's transaction, as it commits (the head row locked
    then, so concurrent appends are serialised; see repository.add_pending)."""
    repository.add_pending(session, entries)


def flush(session: Session) -> None:
    """Append the entries waiting for the commit now (reads of the chain do this first)."""
    repository.write_pending(session)


def record(
    session: Session,
    *,
    action: str,
    object_type: str,
    object_id: str | int,
    at: datetime,
    actor_id: int | None = None,
    on_behalf_of: int | None = None,
    details: Mapping[str, Any] | None = None,
) -> None:
    """Append one state change now, in the caller's transaction (see `append`)."""
    append(
        session,
        [
            Entry(
                action=action,
                object_type=object_type,
                object_id=str(object_id),
                at=at,
                actor_id=actor_id,
                on_behalf_of=on_behalf_of,
                details=dict(details or {}),
            )
        ],
    )


@dataclass(frozen=True)
class Verification:
    """What `verify` found: how many records, the head, and the first break if any."""

    count: int
    head: Head
    broken: Break | None

    def texts(self) -> Both:
        if self.broken is None:
            return texts("chain_intact", count=self.count, head=self.head.hash[:16])
        b = self.broken
        return texts(b.reason, seq=b.seq, table=b.table, row_id=b.row_id)


def verify(session: Session, *, witnesses: Sequence[Witness] = ()) -> Verification:
    """Recompute the chain from the first record and check the rows it vouches for."""
    repository.write_pending(session)
    links: list[Link] = list(repository.links(session))
    head = repository.head(session)
    broken = first_break(links, head)
    if broken is None and witnesses:
        tables = {name: read(session) for name, read in witnesses}
        broken = witnessed_break(links, tables)
    return Verification(len(links), head, broken)


def records_of(session: Session, *, object_type: str, object_ids: Sequence[str]) -> list[Link]:
    """The chain's records about these objects, in order."""
    repository.write_pending(session)
    return repository.records_of(session, object_type=object_type, object_ids=object_ids)
