"""The audit chain's arithmetic: canonical JSON, a record's hash, and the check of a chain.
Pure: no I/O.

A record's hash is SHA-256 over `previous hash`, its sequence number and its canonical body,
separated by newlines; the first record's previous hash is GENESIS. PostgreSQL computes the
same hash in SQL when it appends (audit/repository.py), so both must follow `link_message`.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

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
    at: datetime | None = None  # the checkpoint's time, for a checkpoint's break
    since: int | None = None  # the last record a checkpoint still vouches for


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


# Checkpoints: the chain's head signed with the platform's Ed25519 key. Kept in the database
# and exported to outside parties, they detect what the chain alone cannot: its last records
# deleted together with the head row moved back (truncation), and the whole chain recomputed
# after an edit (rewriting).
FORGED = "checkpoint_forged"  # its signature does not hold with the platform's key
TRUNCATED = "checkpoint_truncated"  # the chain ends before the record it vouches for
REWRITTEN = "checkpoint_rewritten"  # the record it vouches for has another hash now
KEY_MISSING = "checkpoint_key_missing"  # checkpoints to check, and no public key to check them

CHECKPOINT_CONTEXT = b"smartcustoms audit checkpoint v1\n"
EXPORT_FORMAT = "smartcustoms-audit-checkpoints/1"


def key_id(public: Ed25519PublicKey) -> str:
    """A public key's name: SHA-256 of its 32 raw bytes, hex."""
    raw = public.public_bytes(Encoding.Raw, PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()


def public_pem(public: Ed25519PublicKey) -> str:
    return public.public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo).decode()


@dataclass(frozen=True)
class Checkpoint:
    """The chain's head (record `seq`, its hash) at a time, signed by the key `key_id`."""

    seq: int
    head_hash: str
    at: datetime
    key_id: str
    signature: str  # base64 of the Ed25519 signature over `message()`

    def message(self) -> bytes:
        return checkpoint_message(self.seq, self.head_hash, self.at, self.key_id)

    def as_json(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "head_hash": self.head_hash,
            "at": instant(self.at),
            "key_id": self.key_id,
            "signature": self.signature,
        }


def checkpoint_message(seq: int, head_hash: str, at: datetime, signer: str) -> bytes:
    """What a checkpoint's signature is over: a fixed context line, then canonical JSON."""
    body = {"at": instant(at), "hash": head_hash, "key": signer, "seq": seq}
    return CHECKPOINT_CONTEXT + canonical_json(body).encode()


def sign_checkpoint(key: Ed25519PrivateKey, head: Head, at: datetime) -> Checkpoint:
    signer = key_id(key.public_key())
    signature = key.sign(checkpoint_message(head.seq, head.hash, at, signer))
    return Checkpoint(head.seq, head.hash, at, signer, base64.b64encode(signature).decode())


def signature_holds(checkpoint: Checkpoint, public: Ed25519PublicKey) -> bool:
    """True when the platform's key signed exactly this checkpoint."""
    if checkpoint.key_id != key_id(public):
        return False
    try:
        signature = base64.b64decode(checkpoint.signature, validate=True)
        public.verify(signature, checkpoint.message())
    except (InvalidSignature, ValueError):
        return False
    return True


def checkpoint_break(
    hashes: Mapping[int, str],
    head: Head,
    checkpoints: Iterable[Checkpoint],
    public: Ed25519PublicKey | None,
) -> Break | None:
    """The first checkpoint (by sequence) the chain no longer agrees with: forged (its
    signature does not hold), truncated (the chain ends before its record) or rewritten (its
    record has another hash); None when every checkpoint holds. `hashes`: each record's hash
    by sequence number, as stored (the chain itself checked before by `first_break`)."""
    ordered = sorted(checkpoints, key=lambda c: (c.seq, c.at))
    if ordered and public is None:
        return Break(KEY_MISSING, ordered[0].seq, at=ordered[0].at)
    since = 0
    for cp in ordered:
        if public is not None and not signature_holds(cp, public):
            return Break(FORGED, cp.seq, at=cp.at, since=since)
        if cp.seq > head.seq:
            return Break(TRUNCATED, cp.seq, at=cp.at, since=head.seq)
        found = GENESIS if cp.seq == 0 else hashes.get(cp.seq)
        if found != cp.head_hash:
            return Break(REWRITTEN, cp.seq, at=cp.at, since=since)
        since = cp.seq
    return None


def export_document(checkpoints: Iterable[Checkpoint], public: Ed25519PublicKey) -> str:
    """The file an outside party keeps: the checkpoints and the key that signed them."""
    document = {
        "format": EXPORT_FORMAT,
        "key_id": key_id(public),
        "public_key_pem": public_pem(public),
        "checkpoints": [c.as_json() for c in checkpoints],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


class ExportUnreadable(ValueError):
    """The text is not a checkpoints file this platform wrote."""


def read_export(text: str) -> list[Checkpoint]:
    """The checkpoints of an exported file (their signatures are checked by the verifier
    against the platform's key, never against the key the file names)."""
    try:
        document = json.loads(text)
        if not isinstance(document, dict) or document.get("format") != EXPORT_FORMAT:
            raise ExportUnreadable("not a checkpoints file")
        found = [
            Checkpoint(
                seq=int(c["seq"]),
                head_hash=str(c["head_hash"]),
                at=datetime.fromisoformat(str(c["at"])),
                key_id=str(c["key_id"]),
                signature=str(c["signature"]),
            )
            for c in document["checkpoints"]
        ]
        if any(c.at.tzinfo is None for c in found):
            raise ExportUnreadable("a checkpoint's time has no time zone")
        return found
    except (ValueError, KeyError, TypeError) as exc:
        raise ExportUnreadable(str(exc)) from exc


def digest(value: Any) -> str:
    """SHA-256 of a state as JSON (keys sorted), for a record's `before` and `after`: the
    record proves what the state was without holding it. Not canonical_json: a state may
    hold floats, and only this process computes it."""
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()
