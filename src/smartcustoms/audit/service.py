"""The audit trail's use cases: append state changes in the caller's transaction, verify."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy.orm import Session

from smartcustoms.audit import keys, repository
from smartcustoms.audit.messages import error, texts
from smartcustoms.audit.repository import TrailQuery
from smartcustoms.audit.rules import (
    Break,
    Checkpoint,
    Entry,
    ExportUnreadable,
    Head,
    Link,
    checkpoint_break,
    digest,
    export_document,
    first_break,
    instant,
    read_export,
    sign_checkpoint,
    witness,
    witnessed_break,
)
from smartcustoms.db.inserts import InsertBatch
from smartcustoms.errors import PermissionDenied, RuleViolated
from smartcustoms.identity import policy
from smartcustoms.identity.rules import Actor
from smartcustoms.kit.bilingual import Both

__all__ = [
    "Checkpoint",
    "Entry",
    "Link",
    "TrailQuery",
    "Verification",
    "Witness",
    "add_entries",
    "anchors_from",
    "append",
    "chain_head",
    "checkpoint_if_due",
    "checkpoint_key",
    "checkpoints",
    "digest",
    "export_checkpoints",
    "flush",
    "instant",
    "last_checkpoint",
    "make_checkpoint",
    "published_key_or_none",
    "record",
    "records_of",
    "require_reader",
    "search_trail",
    "texts",
    "verify",
    "when",
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


def when(at: datetime | None) -> str:
    """A checkpoint's time as the CLI and the messages give it: UTC, to the second."""
    return "" if at is None else at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


@dataclass(frozen=True)
class Verification:
    """What `verify` found: how many records, the head, the first break if any, and the
    checkpoints checked (stored and given) with the last one that holds."""

    count: int
    head: Head
    broken: Break | None
    checkpoints: int = 0
    last_checkpoint: Checkpoint | None = None

    def texts(self) -> Both:
        if self.broken is None:
            found = texts("chain_intact", count=self.count, head=self.head.hash[:16])
            if self.last_checkpoint is None:
                anchored = texts("no_checkpoints")
            else:
                cp = self.last_checkpoint
                anchored = texts(
                    "checkpoints_hold", checkpoints=self.checkpoints, seq=cp.seq, at=when(cp.at)
                )
            return Both(f"{found.en} {anchored.en}", f"{found.vi} {anchored.vi}")
        b = self.broken
        return texts(
            b.reason, seq=b.seq, table=b.table, row_id=b.row_id, at=when(b.at), since=b.since
        )


def verify(
    session: Session,
    *,
    witnesses: Sequence[Witness] = (),
    public_key: Ed25519PublicKey | None = None,
    anchors: Sequence[Checkpoint] = (),
) -> Verification:
    """Recompute the chain from the first record, check it against every signed checkpoint
    (those stored and `anchors`, kept outside), then the rows it vouches for."""
    repository.write_pending(session)
    links: list[Link] = list(repository.links(session))
    head = repository.head(session)
    every = [*repository.checkpoints(session), *anchors]
    broken = first_break(links, head)
    if broken is None:
        hashes = {link.seq: link.hash for link in links}
        broken = checkpoint_break(hashes, head, every, public_key)
    if broken is None and witnesses:
        tables = {name: read(session) for name, read in witnesses}
        broken = witnessed_break(links, tables)
    last = max(every, key=lambda c: (c.seq, c.at), default=None)
    return Verification(len(links), head, broken, len(every), last)


def make_checkpoint(session: Session, *, key: Ed25519PrivateKey, at: datetime) -> Checkpoint:
    """Sign the chain's head as it is now (pending entries appended first) and keep it."""
    repository.write_pending(session)
    made = sign_checkpoint(key, repository.head(session), at)
    repository.add_checkpoint(session, made)
    return made


def checkpoint_if_due(
    session: Session, *, key: Ed25519PrivateKey, at: datetime, every: timedelta
) -> Checkpoint | None:
    """A checkpoint when the last is `every` old or more (or there is none), and the chain
    has grown since; the worker's periodic anchoring."""
    last = repository.last_checkpoint(session)
    if last is not None and at - last.at < every:
        return None
    if last is not None and repository.head(session).seq == last.seq:
        return None
    return make_checkpoint(session, key=key, at=at)


def checkpoint_key(path: Path) -> Ed25519PrivateKey:
    """The platform's checkpoint key in `path`, made there at first use."""
    return keys.private_key(path, create=True)


def published_key_or_none(path: Path | None) -> Ed25519PublicKey | None:
    """The checkpoint key's public half; None when none is configured or made yet."""
    return keys.public_key(path)


def chain_head(session: Session) -> Head:
    """The chain's last record (number and hash), as the head row keeps it."""
    repository.write_pending(session)
    return repository.head(session)


def checkpoints(session: Session) -> list[Checkpoint]:
    return repository.checkpoints(session)


def last_checkpoint(session: Session) -> Checkpoint | None:
    return repository.last_checkpoint(session)


def export_checkpoints(session: Session, *, public_key: Ed25519PublicKey) -> str:
    """The checkpoints as the file an outside party keeps (JSON, with the public key)."""
    return export_document(repository.checkpoints(session), public_key)


def anchors_from(text: str, *, path: str) -> list[Checkpoint]:
    """The checkpoints of an exported file; a bilingual error when it is not one."""
    try:
        return read_export(text)
    except ExportUnreadable as exc:
        raise error(RuleViolated, "checkpoint_export_unreadable", path=path, reason=exc) from exc


def require_reader(actor: Actor) -> None:
    """Supervisors and administrators read the trail and its checkpoints (403 otherwise)."""
    if not policy.allowed(actor, "audit.read").allowed:
        raise error(PermissionDenied, "audit_forbidden")


def search_trail(
    session: Session, *, actor: Actor, query: TrailQuery, limit: int = 200
) -> list[Link]:
    """The latest records matching the search, newest first (supervisors, administrators)."""
    require_reader(actor)
    repository.write_pending(session)
    return repository.search(session, query, limit=limit)


def records_of(session: Session, *, object_type: str, object_ids: Sequence[str]) -> list[Link]:
    """The chain's records about these objects, in order."""
    repository.write_pending(session)
    return repository.records_of(session, object_type=object_type, object_ids=object_ids)
