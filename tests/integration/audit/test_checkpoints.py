"""Signed checkpoints on the real schema, SQLite and PostgreSQL: tampering that the chain
alone cannot show (truncation with the head moved back, a chain rewritten after an edit, a
forged checkpoint) is named, also against an exported file when the stored ones are gone;
the public key and the checkpoints are published over the API."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.orm import Session

from smartcustoms.audit import repository
from smartcustoms.audit import service as audit
from smartcustoms.audit.cli import WITNESSES
from smartcustoms.audit.rules import FORGED, REWRITTEN, TRUNCATED, Entry, chain, first_break
from smartcustoms.config import Settings
from smartcustoms.kit.clock import FixedClock
from support import Users, import_payload

FILE = "/api/v1/declarations/submit"


def _file(app_client: TestClient, headers: dict[str, str]) -> None:
    response = app_client.post(FILE, json=import_payload(), headers=headers)
    assert response.status_code == 201, response.text


def _checked(session: Session, settings: Settings, **given: object) -> audit.Verification:
    session.expire_all()
    key = audit.checkpoint_key(_key_path(settings))
    return audit.verify(session, witnesses=WITNESSES, public_key=key.public_key(), **given)  # type: ignore[arg-type]


def _chain_alone_holds(session: Session) -> bool:
    session.expire_all()
    return first_break(repository.links(session), repository.head(session)) is None


def _key_path(settings: Settings) -> Path:
    assert settings.audit_checkpoint_key_file is not None
    return settings.audit_checkpoint_key_file


def _checkpoint(session: Session, settings: Settings, clock: FixedClock) -> audit.Checkpoint:
    key = audit.checkpoint_key(_key_path(settings))
    return audit.make_checkpoint(session, key=key, at=clock.now())


def test_a_checkpoint_holds_and_verify_says_up_to_where(
    app_client: TestClient, users: Users, session: Session, settings: Settings, clock: FixedClock
) -> None:
    _file(app_client, users.headers("lan"))
    made = _checkpoint(session, settings, clock)
    assert _key_path(settings).stat().st_mode & 0o077 == 0
    _file(app_client, users.headers("lan"))

    found = _checked(session, settings)
    assert found.broken is None, found.texts().en
    assert found.last_checkpoint == made
    assert f"the last vouches for record {made.seq}" in found.texts().en
    assert "điểm neo cuối xác nhận bản ghi" in found.texts().vi


def test_deleting_the_last_records_and_moving_the_head_back_is_named_as_truncation(
    app_client: TestClient, users: Users, session: Session, settings: Settings, clock: FixedClock
) -> None:
    _file(app_client, users.headers("lan"))
    made = _checkpoint(session, settings, clock)
    keep = made.seq - 3
    kept_hash = session.execute(
        text("SELECT hash FROM audit_records WHERE seq = :s"), {"s": keep}
    ).scalar_one()
    session.execute(text("DELETE FROM audit_records WHERE seq > :s"), {"s": keep})
    session.execute(
        text("UPDATE audit_chain_head SET last_seq = :s, last_hash = :h"),
        {"s": keep, "h": kept_hash},
    )
    assert _chain_alone_holds(session)  # the head was moved back with the records

    broken = _checked(session, settings).broken
    assert broken is not None
    assert (broken.reason, broken.seq, broken.since) == (TRUNCATED, made.seq, keep)


def _rewrite_from(session: Session, seq: int) -> None:
    """Edit record `seq` (its actor) and recompute every hash after it, and the head: what
    someone with write access to the database could do."""
    audit.flush(session)
    links = list(repository.links(session))
    entries = [link.entry for link in links]
    entries[seq - 1] = Entry(**{**entries[seq - 1].__dict__, "actor_id": None})
    for link in chain("0" * 64, 1, entries)[seq - 1 :]:
        session.execute(
            text(
                "UPDATE audit_records SET actor_id = :a, prev_hash = :p, hash = :h WHERE seq = :s"
            ),
            {"a": link.entry.actor_id, "p": link.prev_hash, "h": link.hash, "s": link.seq},
        )
        last = link
    session.execute(
        text("UPDATE audit_chain_head SET last_seq = :s, last_hash = :h"),
        {"s": last.seq, "h": last.hash},
    )


def test_a_chain_rewritten_after_an_edit_is_named_against_the_checkpoint(
    app_client: TestClient, users: Users, session: Session, settings: Settings, clock: FixedClock
) -> None:
    _file(app_client, users.headers("lan"))
    first = _checkpoint(session, settings, clock)
    _file(app_client, users.headers("lan"))
    clock.advance(timedelta(hours=1))
    second = _checkpoint(session, settings, clock)
    _rewrite_from(session, first.seq + 1)
    assert _chain_alone_holds(session)  # it was recomputed

    broken = _checked(session, settings).broken
    assert broken is not None
    assert (broken.reason, broken.seq, broken.since) == (REWRITTEN, second.seq, first.seq)


def test_a_forged_checkpoint_is_named(
    app_client: TestClient, users: Users, session: Session, settings: Settings, clock: FixedClock
) -> None:
    _file(app_client, users.headers("lan"))
    made = _checkpoint(session, settings, clock)
    session.execute(text("UPDATE audit_checkpoints SET head_hash = :h"), {"h": "a" * 64})

    broken = _checked(session, settings).broken
    assert broken is not None
    assert (broken.reason, broken.seq) == (FORGED, made.seq)


def test_an_exported_file_anchors_the_chain_when_the_stored_checkpoints_are_deleted(
    app_client: TestClient, users: Users, session: Session, settings: Settings, clock: FixedClock
) -> None:
    _file(app_client, users.headers("lan"))
    made = _checkpoint(session, settings, clock)
    public = audit.checkpoint_key(_key_path(settings)).public_key()
    kept_outside = audit.export_checkpoints(session, public_key=public)
    # Someone deletes the checkpoints and the last records, and moves the head back.
    keep = made.seq - 2
    kept_hash = session.execute(
        text("SELECT hash FROM audit_records WHERE seq = :s"), {"s": keep}
    ).scalar_one()
    session.execute(text("DELETE FROM audit_checkpoints"))
    session.execute(text("DELETE FROM audit_records WHERE seq > :s"), {"s": keep})
    session.execute(
        text("UPDATE audit_chain_head SET last_seq = :s, last_hash = :h"),
        {"s": keep, "h": kept_hash},
    )
    assert _chain_alone_holds(session)
    assert _checked(session, settings).checkpoints == 0  # none stored to compare with

    anchors = audit.anchors_from(kept_outside, path="kept.json")
    broken = _checked(session, settings, anchors=anchors).broken
    assert broken is not None
    assert (broken.reason, broken.seq) == (TRUNCATED, made.seq)


def test_the_public_key_is_published_and_checkpoints_are_for_supervisors(
    app_client: TestClient, users: Users, session: Session, settings: Settings, clock: FixedClock
) -> None:
    missing = app_client.get("/api/v1/audit/checkpoint-key")
    assert missing.status_code == 404
    assert missing.json()["detail"]
    made = _checkpoint(session, settings, clock)

    published = app_client.get("/api/v1/audit/checkpoint-key")
    assert published.status_code == 200, published.text
    assert published.json()["key_id"] == made.key_id
    assert "BEGIN PUBLIC KEY" in published.json()["public_key_pem"]
    refused = app_client.get("/api/v1/audit/checkpoints", headers=users.headers("lan"))
    assert refused.status_code == 403
    listed = app_client.get("/api/v1/audit/checkpoints", headers=users.headers("son"))
    assert listed.status_code == 200, listed.text
    assert [c["seq"] for c in listed.json()] == [made.seq]
    assert listed.json()[0]["signature"] == made.signature


def test_the_worker_anchors_once_a_day_when_the_chain_grew(
    app_client: TestClient, users: Users, session: Session, settings: Settings, clock: FixedClock
) -> None:
    key = audit.checkpoint_key(_key_path(settings))
    every = timedelta(hours=24)
    _file(app_client, users.headers("lan"))
    assert audit.checkpoint_if_due(session, key=key, at=clock.now(), every=every) is not None
    assert audit.checkpoint_if_due(session, key=key, at=clock.now(), every=every) is None
    clock.advance(timedelta(hours=25))
    assert audit.checkpoint_if_due(session, key=key, at=clock.now(), every=every) is None
    _file(app_client, users.headers("lan"))
    assert audit.checkpoint_if_due(session, key=key, at=clock.now(), every=every) is not None
    assert len(audit.checkpoints(session)) == 2
