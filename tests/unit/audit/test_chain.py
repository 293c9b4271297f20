"""The audit chain's arithmetic: canonical JSON, hashes, and the first break found."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import timedelta, timezone

import pytest

from messages_support import assert_bilingual
from smartcustoms.audit.messages import MESSAGES
from smartcustoms.audit.rules import (
    ALTERED,
    GAP,
    GENESIS,
    HEAD,
    PREVIOUS,
    ROW_ALTERED,
    ROW_MISSING,
    ROW_UNRECORDED,
    Entry,
    Head,
    Link,
    canonical_json,
    chain,
    first_break,
    instant,
    link_hash,
    witness,
    witnessed_break,
)
from support import TEST_NOW


def _entries(n: int) -> list[Entry]:
    return [
        Entry(
            action="declaration.registered",
            object_type="declaration",
            object_id=str(i),
            at=TEST_NOW + timedelta(minutes=i),
            actor_id=7,
            on_behalf_of=3,
            details=witness("declaration_status_changes", i, {"to_status": "registered"}),
        )
        for i in range(1, n + 1)
    ]


def _head(links: list[Link]) -> Head:
    return Head(links[-1].seq, links[-1].hash) if links else Head(0, GENESIS)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ({"b": 1, "a": [True, None]}, '{"a":[true,null],"b":1}'),
        ({"tên": "Công ty Ánh Dương"}, '{"tên":"Công ty Ánh Dương"}'),
        ({"z": {"y": "1", "x": "2"}}, '{"z":{"x":"2","y":"1"}}'),
        ([], "[]"),
    ],
)
def test_canonical_json_is_one_text_per_value(value: object, text: str) -> None:
    assert canonical_json(value) == text


@pytest.mark.parametrize("value", [{"amount": 1.5}, [0.1], {1: "a"}])
def test_canonical_json_refuses_floats_and_keys_that_are_not_text(value: object) -> None:
    with pytest.raises(TypeError):
        canonical_json(value)


def test_a_time_is_written_in_utc_to_the_microsecond() -> None:
    hanoi = TEST_NOW.astimezone(timezone(timedelta(hours=7)))
    assert instant(hanoi) == instant(TEST_NOW) == "2026-11-20T02:00:00.000000+00:00"
    with pytest.raises(ValueError, match="time zone"):
        instant(TEST_NOW.replace(tzinfo=None))


def test_a_record_hash_is_sha256_over_the_previous_hash_its_number_and_its_body() -> None:
    entry = _entries(1)[0]
    (link,) = chain(GENESIS, 1, [entry])
    expected = hashlib.sha256(f"{GENESIS}\n1\n{entry.body()}".encode()).hexdigest()
    assert link.hash == link_hash(GENESIS, 1, entry.body()) == expected
    assert link.prev_hash == GENESIS


def test_each_record_points_at_the_one_before() -> None:
    links = chain(GENESIS, 1, _entries(3))
    assert [link.seq for link in links] == [1, 2, 3]
    assert [link.prev_hash for link in links[1:]] == [link.hash for link in links[:-1]]


def test_an_intact_chain_has_no_break() -> None:
    links = chain(GENESIS, 1, _entries(4))
    assert first_break(links, _head(links)) is None
    assert first_break([], Head(0, GENESIS)) is None


def _edited(links: list[Link], index: int) -> list[Link]:
    changed = replace(links[index].entry, actor_id=99)
    return [*links[:index], replace(links[index], entry=changed), *links[index + 1 :]]


def _rehashed(links: list[Link], index: int) -> list[Link]:
    """Edited, with its hash recomputed by a forger (the next record still names the old)."""
    link = _edited(links, index)[index]
    forged = replace(link, hash=link_hash(link.prev_hash, link.seq, link.entry.body()))
    return [*links[:index], forged, *links[index + 1 :]]


@pytest.mark.parametrize(
    ("tamper", "reason", "seq"),
    [
        (lambda links: _edited(links, 1), ALTERED, 2),
        (lambda links: _rehashed(links, 1), PREVIOUS, 3),
        (lambda links: [*links[:1], *links[2:]], GAP, 2),
        (lambda links: [links[0], replace(links[2], seq=2), replace(links[3], seq=3)], PREVIOUS, 2),
        (lambda links: [links[0], links[2], links[1], links[3]], GAP, 2),
        (lambda links: links[:-1], HEAD, 4),
        (lambda links: [replace(links[0], prev_hash="f" * 64), *links[1:]], PREVIOUS, 1),
    ],
    ids=[
        "edited",
        "edited-rehashed",
        "deleted",
        "deleted-renumbered",
        "reordered",
        "truncated",
        "forged-start",
    ],
)
def test_tampering_names_the_first_broken_record(tamper, reason: str, seq: int) -> None:  # type: ignore[no-untyped-def]
    links = chain(GENESIS, 1, _entries(4))
    broken = first_break(tamper(links), _head(links))
    assert broken is not None
    assert (broken.reason, broken.seq) == (reason, seq)


def _rows(n: int) -> dict[int, dict[str, str]]:
    return {i: {"to_status": "registered"} for i in range(1, n + 1)}


@pytest.mark.parametrize(
    ("table", "reason", "seq", "row_id"),
    [
        (_rows(3), None, None, None),
        ({**_rows(3), 2: {"to_status": "cleared"}}, ROW_ALTERED, 2, 2),
        ({1: {"to_status": "registered"}, 3: {"to_status": "registered"}}, ROW_MISSING, 2, 2),
        ({**_rows(3), 9: {"to_status": "cleared"}}, ROW_UNRECORDED, None, 9),
    ],
    ids=["intact", "edited", "deleted", "added"],
)
def test_a_table_the_chain_vouches_for_is_checked_row_by_row(
    table: dict[int, dict[str, str]], reason: str | None, seq: int | None, row_id: int | None
) -> None:
    links = chain(GENESIS, 1, _entries(3))
    broken = witnessed_break(links, {"declaration_status_changes": table})
    if reason is None:
        assert broken is None
        return
    assert broken is not None
    assert (broken.reason, broken.seq, broken.table, broken.row_id) == (
        reason,
        seq,
        "declaration_status_changes",
        row_id,
    )


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_audit_message_is_bilingual(key: str) -> None:
    assert_bilingual(MESSAGES[key])
