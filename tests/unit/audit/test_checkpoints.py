"""Signed checkpoints of the chain's head, without a database: a truncated chain, a chain
rewritten from an edit on, and a forged checkpoint are each detected and named."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from messages_support import assert_bilingual
from smartcustoms.audit.catalog import UI
from smartcustoms.audit.messages import texts
from smartcustoms.audit.rules import (
    FORGED,
    KEY_MISSING,
    REWRITTEN,
    TRUNCATED,
    Entry,
    ExportUnreadable,
    Head,
    chain,
    checkpoint_break,
    export_document,
    first_break,
    read_export,
    sign_checkpoint,
    signature_holds,
)
from support import TEST_NOW

KEY = Ed25519PrivateKey.generate()
PUBLIC = KEY.public_key()


def _entries(n: int, actor: int = 7) -> list[Entry]:
    return [
        Entry("declaration.submitted", "declaration", str(i), TEST_NOW, actor_id=actor)
        for i in range(1, n + 1)
    ]


def _chain(n: int, actor: int = 7) -> tuple[dict[int, str], Head]:
    links = chain("0" * 64, 1, _entries(n, actor))
    return {link.seq: link.hash for link in links}, Head(links[-1].seq, links[-1].hash)


def test_a_checkpoint_of_the_head_holds_and_a_later_chain_still_agrees() -> None:
    hashes, head = _chain(5)
    cp = sign_checkpoint(KEY, Head(3, hashes[3]), TEST_NOW)
    assert signature_holds(cp, PUBLIC)
    assert checkpoint_break(hashes, head, [cp], PUBLIC) is None


def test_a_chain_truncated_before_a_checkpoint_is_named() -> None:
    hashes, _ = _chain(5)
    cp = sign_checkpoint(KEY, Head(5, hashes[5]), TEST_NOW)
    # Records 4 and 5 deleted and the head row moved back: the chain alone holds.
    kept = {s: h for s, h in hashes.items() if s <= 3}
    broken = checkpoint_break(kept, Head(3, hashes[3]), [cp], PUBLIC)
    assert broken is not None
    assert (broken.reason, broken.seq, broken.since) == (TRUNCATED, 5, 3)
    words = texts(broken.reason, seq=broken.seq, at="t", since=broken.since)
    assert "truncated" in words.en
    assert "records after 3 were deleted" in words.en
    assert "bị cắt" in words.vi


def test_a_chain_rewritten_after_an_edit_is_named_between_the_checkpoints() -> None:
    hashes, head = _chain(6)
    early = sign_checkpoint(KEY, Head(2, hashes[2]), TEST_NOW)
    late = sign_checkpoint(KEY, Head(5, hashes[5]), TEST_NOW + timedelta(hours=1))
    # Record 4 edited (another actor) and every hash after it recomputed: consistent alone.
    edited = _entries(6)
    edited[3] = replace(edited[3], actor_id=99)
    links = chain("0" * 64, 1, edited)
    assert first_break(links, Head(links[-1].seq, links[-1].hash)) is None
    rewritten = {link.seq: link.hash for link in links}
    broken = checkpoint_break(rewritten, Head(6, links[-1].hash), [late, early], PUBLIC)
    assert broken is not None
    assert (broken.reason, broken.seq, broken.since) == (REWRITTEN, 5, 2)
    assert head.seq == 6


@pytest.mark.parametrize(
    "forge",
    [
        lambda c: replace(c, head_hash="f" * 64),  # signed head swapped for another
        lambda c: replace(c, seq=c.seq + 1),
        lambda c: replace(c, signature="not base64!"),
        lambda c: sign_checkpoint(Ed25519PrivateKey.generate(), Head(c.seq, c.head_hash), c.at),
    ],
)
def test_a_forged_checkpoint_is_named(forge: object) -> None:
    hashes, head = _chain(4)
    good = sign_checkpoint(KEY, Head(4, hashes[4]), TEST_NOW)
    forged = forge(good)  # type: ignore[operator]
    broken = checkpoint_break(hashes, head, [forged], PUBLIC)
    assert broken is not None
    assert broken.reason == FORGED


def test_checkpoints_without_a_key_to_check_them_fail_closed() -> None:
    hashes, head = _chain(2)
    cp = sign_checkpoint(KEY, head, TEST_NOW)
    broken = checkpoint_break(hashes, head, [cp], None)
    assert broken is not None
    assert broken.reason == KEY_MISSING
    assert checkpoint_break(hashes, head, [], None) is None


def test_an_exported_file_reads_back_and_a_foreign_file_is_refused() -> None:
    hashes, head = _chain(3)
    made = [
        sign_checkpoint(KEY, Head(2, hashes[2]), TEST_NOW),
        sign_checkpoint(KEY, head, TEST_NOW),
    ]
    back = read_export(export_document(made, PUBLIC))
    assert back == made
    assert checkpoint_break(hashes, head, back, PUBLIC) is None
    for text in ["{}", "not json", '{"format": "smartcustoms-audit-checkpoints/1"}']:
        with pytest.raises(ExportUnreadable):
            read_export(text)


@pytest.mark.parametrize("key", sorted(UI))
def test_every_word_of_the_trail_page_is_in_both_languages(key: str) -> None:
    assert_bilingual(UI[key])
