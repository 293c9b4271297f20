"""Every query of the audit chain: appending under the head's lock, reading it back."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import cast

from sqlalchemy import Table, event, insert, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session, SessionTransaction

from smartcustoms.audit.models import AuditChainHead, AuditCheckpoint, AuditRecord
from smartcustoms.audit.rules import GENESIS, Checkpoint, Entry, Head, Link, chain, instant
from smartcustoms.db.inserts import InsertBatch
from smartcustoms.db.single_write import in_single_write_unit

_RECORDS = cast(Table, AuditRecord.__table__)
_HEAD = cast(Table, AuditChainHead.__table__)
HEAD_ID = 1

# PostgreSQL appends in SQL, inside the batch's one statement: the head row is locked (FOR
# UPDATE waits for any other appender's commit, then reads the head it left), the entries are
# chained by a recursive CTE computing the same SHA-256 as rules.link_hash, inserted, and the
# head moved. So a filing that writes with one statement in autocommit still appends in it,
# and two transactions never chain onto the same record.
_APPEND_CTES = [
    f"audit_head AS (SELECT last_seq, CAST(last_hash AS text) AS last_hash"
    f" FROM audit_chain_head WHERE id = {HEAD_ID} FOR UPDATE)",
    "audit_in AS (SELECT CAST(e.n AS integer) AS n, e.r"
    " FROM jsonb_array_elements(CAST(%(audit_entries)s AS jsonb)) WITH ORDINALITY AS e(r, n))",
    "audit_chain(n, seq, prev_hash, hash) AS ("
    "SELECT 0, last_seq, CAST(NULL AS text), last_hash FROM audit_head"
    " UNION ALL SELECT i.n, c.seq + 1, c.hash, encode(sha256(convert_to("
    "c.hash || E'\\n' || CAST(c.seq + 1 AS text) || E'\\n' || (i.r ->> 0), 'UTF8')), 'hex')"
    " FROM audit_chain AS c JOIN audit_in AS i ON i.n = c.n + 1)",
    "audit_rows AS (INSERT INTO audit_records (seq, prev_hash, hash, at, actor_id,"
    " on_behalf_of, action, object_type, object_id, details)"
    " SELECT c.seq, c.prev_hash, c.hash, CAST(i.r ->> 1 AS timestamptz),"
    " CAST(i.r ->> 2 AS integer), CAST(i.r ->> 3 AS integer), i.r ->> 4, i.r ->> 5,"
    " i.r ->> 6, i.r ->> 7 FROM audit_chain AS c JOIN audit_in AS i ON i.n = c.n)",
    "audit_moved AS (UPDATE audit_chain_head SET last_seq = c.seq, last_hash = c.hash"
    f" FROM audit_chain AS c WHERE audit_chain_head.id = {HEAD_ID}"
    " AND c.n = (SELECT max(n) FROM audit_in))",
]


@dataclass
class ChainAppend:
    """The entries a batch appends to the chain (an InsertBatch tail)."""

    entries: list[Entry] = field(default_factory=list)
    recursive: bool = True

    def postgresql(self) -> tuple[list[str], dict[str, str]]:
        rows = [
            [
                e.body(),
                instant(e.at),
                e.actor_id,
                e.on_behalf_of,
                e.action,
                e.object_type,
                e.object_id,
                _details_text(e),
            ]
            for e in self.entries
        ]
        return list(_APPEND_CTES), {"audit_entries": json.dumps(rows, ensure_ascii=False)}

    def write_each(self, connection: Connection) -> None:
        # SQLite: this UPDATE takes the database's write lock before the head is read, so no
        # other writer can move the head between the read and the append.
        moved = connection.execute(
            update(_HEAD).where(_HEAD.c.id == HEAD_ID).values(last_seq=_HEAD.c.last_seq)
        )
        if moved.rowcount == 0:
            connection.execute(insert(_HEAD).values(id=HEAD_ID, last_seq=0, last_hash=GENESIS))
        head = connection.execute(
            select(_HEAD.c.last_seq, _HEAD.c.last_hash).where(_HEAD.c.id == HEAD_ID)
        ).one()
        links = chain(head.last_hash, head.last_seq + 1, self.entries)
        connection.execute(insert(_RECORDS), [_row(link) for link in links])
        connection.execute(
            update(_HEAD)
            .where(_HEAD.c.id == HEAD_ID)
            .values(last_seq=links[-1].seq, last_hash=links[-1].hash)
        )


def _details_text(entry: Entry) -> str:
    return json.dumps(
        dict(entry.details), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )


def _row(link: Link) -> dict[str, object]:
    e = link.entry
    return {
        "seq": link.seq,
        "prev_hash": link.prev_hash,
        "hash": link.hash,
        "at": e.at,
        "actor_id": e.actor_id,
        "on_behalf_of": e.on_behalf_of,
        "action": e.action,
        "object_type": e.object_type,
        "object_id": e.object_id,
        "details": _details_text(e),
    }


# session.info: entries to append when the transaction commits.
_PENDING = "smartcustoms.audit.pending"


def add_entries(batch: InsertBatch, entries: Sequence[Entry]) -> None:
    """Entries appended with the batch in a single-write unit (in its one statement), else
    when the transaction commits (`add_pending`)."""
    if not entries:
        return
    if in_single_write_unit(batch.session):
        batch.tail("audit", ChainAppend).entries.extend(entries)
    else:
        add_pending(batch.session, entries)


def add_pending(session: Session, entries: Sequence[Entry]) -> None:
    """Entries appended just before the session's transaction commits: the chain's head is
    then the last lock the transaction takes, held only for its commit, so appends never wait
    in a cycle with other row locks (no deadlock) and serialise only the commits."""
    session.info.setdefault(_PENDING, []).extend(entries)


def write_pending(session: Session) -> None:
    """Append the pending entries now (the head stays locked until the transaction ends)."""
    entries: list[Entry] = session.info.pop(_PENDING, [])
    if entries:
        batch = InsertBatch(session)
        batch.tail("audit", ChainAppend).entries.extend(entries)
        batch.write()


@event.listens_for(Session, "before_commit")
def _append_before_commit(session: Session) -> None:
    write_pending(session)


@event.listens_for(Session, "after_transaction_end")
def _forget_pending(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:  # rolled back (a commit wrote them already)
        session.info.pop(_PENDING, None)


def head(session: Session) -> Head:
    found = session.execute(
        select(_HEAD.c.last_seq, _HEAD.c.last_hash).where(_HEAD.c.id == HEAD_ID)
    ).one_or_none()
    return Head(0, GENESIS) if found is None else Head(found.last_seq, found.last_hash)


def links(session: Session, *, chunk: int = 5000) -> Iterator[Link]:
    """Every stored record as a link, in sequence order, read a chunk at a time."""
    after = 0
    while True:
        rows = session.execute(
            select(_RECORDS).where(_RECORDS.c.seq > after).order_by(_RECORDS.c.seq).limit(chunk)
        ).all()
        for row in rows:
            yield _link(row.seq, row.prev_hash, row.hash, row)
        if len(rows) < chunk:
            return
        after = rows[-1].seq


def _link(seq: int, prev_hash: str, digest: str, row: object) -> Link:
    values = row._mapping  # type: ignore[attr-defined]
    try:
        details = json.loads(values["details"])
    except ValueError:
        details = {"unreadable": values["details"]}
    entry = Entry(
        action=values["action"],
        object_type=values["object_type"],
        object_id=values["object_id"],
        at=values["at"],
        actor_id=values["actor_id"],
        on_behalf_of=values["on_behalf_of"],
        details=details if isinstance(details, dict) else {"unreadable": details},
    )
    return Link(seq, prev_hash, digest, entry)


def records_of(session: Session, *, object_type: str, object_ids: Sequence[str]) -> list[Link]:
    """The records about these objects, in chain order."""
    rows = session.execute(
        select(_RECORDS)
        .where(_RECORDS.c.object_type == object_type, _RECORDS.c.object_id.in_(object_ids))
        .order_by(_RECORDS.c.seq)
    ).all()
    return [_link(row.seq, row.prev_hash, row.hash, row) for row in rows]


def add_checkpoint(session: Session, checkpoint: Checkpoint) -> None:
    session.add(
        AuditCheckpoint(
            seq=checkpoint.seq,
            head_hash=checkpoint.head_hash,
            at=checkpoint.at,
            key_id=checkpoint.key_id,
            signature=checkpoint.signature,
        )
    )
    session.flush()


def _checkpoint(row: AuditCheckpoint) -> Checkpoint:
    return Checkpoint(row.seq, row.head_hash, row.at, row.key_id, row.signature)


def checkpoints(session: Session) -> list[Checkpoint]:
    """Every stored checkpoint, oldest first."""
    rows = session.scalars(select(AuditCheckpoint).order_by(AuditCheckpoint.at, AuditCheckpoint.id))
    return [_checkpoint(r) for r in rows]


def last_checkpoint(session: Session) -> Checkpoint | None:
    row = session.scalars(
        select(AuditCheckpoint).order_by(AuditCheckpoint.at.desc(), AuditCheckpoint.id.desc())
    ).first()
    return None if row is None else _checkpoint(row)


@dataclass(frozen=True)
class TrailQuery:
    """A search of the trail: each part optional; `upto` exclusive."""

    actor_id: int | None = None
    object_type: str | None = None
    object_id: str | None = None
    action: str | None = None
    since: datetime | None = None
    upto: datetime | None = None


def search(session: Session, query: TrailQuery, *, limit: int) -> list[Link]:
    """The latest records matching the search, newest first."""
    r = _RECORDS.c
    found = select(_RECORDS).order_by(r.seq.desc()).limit(limit)
    if query.actor_id is not None:
        found = found.where(r.actor_id == query.actor_id)
    if query.object_type:
        found = found.where(r.object_type == query.object_type)
    if query.object_id:
        found = found.where(r.object_id == query.object_id)
    if query.action:
        found = found.where(r.action.startswith(query.action, autoescape=True))
    if query.since is not None:
        found = found.where(r.at >= query.since)
    if query.upto is not None:
        found = found.where(r.at < query.upto)
    return [_link(row.seq, row.prev_hash, row.hash, row) for row in session.execute(found)]
