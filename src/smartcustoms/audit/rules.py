"""The audit chain's arithmetic: canonical JSON, a record's hash, and the check of a chain.
Pure: no I/O.

A record's hash is SHA-256 over `previous hash`, its sequence number and its canonical body,
separated by newlines; the first record's previous hash is GENESIS. PostgreSQL computes the
same hash in SQL when it appends (audit/repository.py), so both must follow `link_message`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

GENESIS = "0" * 64


def canonical_json(value: Any) -> str:
    """One text per value: keys sorted, no spaces, UTF-8 as is. Floats are refused, as their
    text is not the same in every language and database; give amounts as strings."""
    _refuse_floats(value)
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _refuse_floats(value: Any) -> None:
    if isinstance(value, float):
        raise TypeError("canonical JSON takes no floats: give the amount as a string")
    if isinstance(value, Mapping):
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError("canonical JSON takes only text keys")
            _refuse_floats(item)
    elif isinstance(value, list | tuple):
        for item in value:
            _refuse_floats(item)


def instant(at: datetime) -> str:
    """A time as the chain writes it: UTC, to the microsecond."""
    if at.tzinfo is None:
        raise ValueError("an audit time must carry its time zone")
    return at.astimezone(UTC).isoformat(timespec="microseconds")


@dataclass(frozen=True)
class Entry:
    """One state change to record: who (acting for whom) did what to which object, when."""

    action: str
    object_type: str
    object_id: str
    at: datetime
    actor_id: int | None = None
    on_behalf_of: int | None = None
    details: Mapping[str, Any] = field(default_factory=dict)

    def body(self) -> str:
        """The canonical JSON the chain hashes (without the sequence and previous hash)."""
        return canonical_json(
            {
                "action": self.action,
                "actor_id": self.actor_id,
                "at": instant(self.at),
                "details": dict(self.details),
                "object_id": self.object_id,
                "object_type": self.object_type,
                "on_behalf_of": self.on_behalf_of,
            }
        )


def link_message(previous_hash: str, seq: int, body: str) -> bytes:
    """What a record's hash is taken over."""
    return f"{previous_hash}\n{seq}\n{body}".encode()


def link_hash(previous_hash: str, seq: int, body: str) -> str:
    return hashlib.sha256(link_message(previous_hash, seq, body)).hexdigest()


@dataclass(frozen=True)
class Link:
    """A stored record: its entry, where it sits in the chain and the hashes stored with it."""

    seq: int
    prev_hash: str
    hash: str
    entry: Entry


def chain(previous_hash: str, first_seq: int, entries: Iterable[Entry]) -> list[Link]:
    """The links these entries make after a chain whose head is (first_seq - 1, previous_hash)."""
    links: list[Link] = []
    for seq, entry in enumerate(entries, start=first_seq):
        digest = link_hash(previous_hash, seq, entry.body())
        links.append(Link(seq, previous_hash, digest, entry))
        previous_hash = digest
    return links


# Who may tamper, and how each shows: reason codes of a broken chain (messages.py words them).
GAP = "sequence_gap"  # a record deleted (or the numbers changed)
PREVIOUS = "previous_mismatch"  # a record removed, inserted or moved
ALTERED = "record_altered"  # a record's content or hash edited
HEAD = "head_mismatch"  # the last records deleted: the head remembers more
ROW_ALTERED = "row_altered"  # the recorded table row was edited
ROW_MISSING = "row_missing"  # the recorded table row was deleted
ROW_UNRECORDED = "row_unrecorded"  # a table row no record vouches for (added by hand)


@dataclass(frozen=True)
class Break:
    """The first place the chain (or a table it vouches for) is not what was recorded."""

    reason: str
    seq: int | None
    table: str | None = None
    row_id: int | None = None


@dataclass(frozen=True)
class Head:
    """The chain's head as the head row remembers it."""

    seq: int
    hash: str


def first_break(links: Iterable[Link], head: Head) -> Break | None:
    """The first record (in sequence order) whose place or content breaks the chain; None when
    every record holds and the chain ends at the head."""
    expected_seq, expected_prev = 1, GENESIS
    for link in links:
        if link.seq != expected_seq:
            return Break(GAP, expected_seq)
        if link.prev_hash != expected_prev:
            return Break(PREVIOUS, link.seq)
        if link_hash(link.prev_hash, link.seq, link.entry.body()) != link.hash:
            return Break(ALTERED, link.seq)
        expected_seq, expected_prev = link.seq + 1, link.hash
    if (expected_seq - 1, expected_prev) != (head.seq, head.hash):
        return Break(HEAD, expected_seq)
    return None


# A record may vouch for a row of another table: its details hold WITNESS (the table, the
# row's id and its content as written), so editing or deleting that row is detected.
WITNESS = "witness"


def witness(table: str, row_id: int, content: Mapping[str, Any]) -> dict[str, Any]:
    """The details part that makes a record vouch for a table row."""
    return {WITNESS: {"table": table, "id": row_id, "row": dict(content)}}


def witnessed_break(
    links: Iterable[Link], tables: Mapping[str, Mapping[int, Mapping[str, Any]]]
) -> Break | None:
    """The first record whose witnessed row is gone or differs from the table now, or else the
    first row of a checked table that no record vouches for."""
    vouched: dict[str, set[int]] = {name: set() for name in tables}
    for link in links:
        found = link.entry.details.get(WITNESS)
        if not isinstance(found, Mapping) or found.get("table") not in tables:
            continue
        name, row_id = str(found["table"]), int(found["id"])
        vouched[name].add(row_id)
        now = tables[name].get(row_id)
        if now is None:
            return Break(ROW_MISSING, link.seq, name, row_id)
        if canonical_json(dict(now)) != canonical_json(dict(found["row"])):
            return Break(ROW_ALTERED, link.seq, name, row_id)
    for name, rows in sorted(tables.items()):
        unrecorded = sorted(set(rows) - vouched[name])
        if unrecorded:
            return Break(ROW_UNRECORDED, None, name, unrecorded[0])
    return None
