"""The audit chain on the real schema, on SQLite and PostgreSQL: every status step is
recorded in the same write, and tampering with SQL (the history or the chain) is detected."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.orm import Session

from smartcustoms.audit import service as audit
from smartcustoms.audit.cli import WITNESSES
from smartcustoms.audit.rules import (
    ALTERED,
    GAP,
    HEAD,
    ROW_ALTERED,
    ROW_MISSING,
    ROW_UNRECORDED,
)
from support import Users, import_payload

FILE = "/api/v1/declarations/submit"


def _file(
    app_client: TestClient, users: Users, headers: dict[str, str] | None = None
) -> dict[str, Any]:
    headers = headers or users.headers("lan")
    response = app_client.post(FILE, json=import_payload(), headers=headers)
    assert response.status_code == 201, response.text
    return dict(response.json()["declaration"])


def _verify(session: Session) -> audit.Verification:
    session.expire_all()
    return audit.verify(session, witnesses=WITNESSES)


def _history_ids(session: Session, declaration_id: int) -> list[int]:
    query = text("SELECT id FROM declaration_status_changes WHERE declaration_id = :d ORDER BY id")
    return list(session.execute(query, {"d": declaration_id}).scalars())


def _record_of(session: Session, row_id: int) -> int:
    """The sequence number of the record vouching for a history row."""
    query = text("SELECT seq, details FROM audit_records ORDER BY seq")
    for seq, details in session.execute(query):
        if f'"id":{row_id},' in details and '"declaration_status_changes"' in details:
            return int(seq)
    raise AssertionError(f"no record vouches for history row {row_id}")


def test_a_filing_appends_a_record_per_status_step_and_the_chain_holds(
    app_client: TestClient, users: Users, session: Session
) -> None:
    lan_headers = users.headers("lan")  # signing in is recorded too: before counting
    before = _verify(session)
    filed = _file(app_client, users, lan_headers)

    after = _verify(session)
    assert before.broken is None
    assert after.broken is None, after.texts().en
    records = audit.records_of(session, object_type="declaration", object_ids=[str(filed["id"])])
    actions = [r.entry.action for r in records]
    steps = [a for a in actions if a.startswith("declaration.")]
    assert steps[0] == "declaration.submitted"
    assert steps[-1] == f"declaration.{filed['status']}"
    assert "risk.channel_selected" in actions  # the risk decision, in the same write
    assert after.count == before.count + len(records)
    lan = users.actor("lan")
    assert {r.entry.actor_id for r in records[:1]} == {lan.user_id}
    assert {r.entry.on_behalf_of for r in records} == {filed["enterprise_id"]}
    signed_in = audit.records_of(session, object_type="user", object_ids=[str(lan.user_id)])
    assert signed_in[-1].entry.action == "user.signed_in"
    assert after.texts().vi.startswith("Chuỗi nhật ký kiểm toán nguyên vẹn")


def test_editing_a_status_history_row_with_sql_is_detected(
    app_client: TestClient, users: Users, session: Session
) -> None:
    filed = _file(app_client, users)
    row_id = _history_ids(session, filed["id"])[-1]
    session.execute(
        text("UPDATE declaration_status_changes SET to_status = 'cleared' WHERE id = :i"),
        {"i": row_id},
    )

    broken = _verify(session).broken
    assert broken is not None
    assert (broken.reason, broken.table, broken.row_id) == (
        ROW_ALTERED,
        "declaration_status_changes",
        row_id,
    )
    assert broken.seq == _record_of(session, row_id)
    words = _verify(session).texts()
    assert f"Row {row_id} of declaration_status_changes" in words.en
    assert f"Dòng {row_id}" in words.vi


def test_deleting_a_status_history_row_with_sql_is_detected(
    app_client: TestClient, users: Users, session: Session
) -> None:
    filed = _file(app_client, users)
    row_id = _history_ids(session, filed["id"])[0]
    session.execute(text("DELETE FROM declaration_status_changes WHERE id = :i"), {"i": row_id})

    broken = _verify(session).broken
    assert broken is not None
    assert (broken.reason, broken.row_id) == (ROW_MISSING, row_id)


def test_a_status_history_row_added_with_sql_is_detected(
    app_client: TestClient, users: Users, session: Session
) -> None:
    filed = _file(app_client, users)
    session.execute(
        text(
            "INSERT INTO declaration_status_changes (id, declaration_id, from_status, to_status,"
            " at) VALUES (990001, :d, 'registered', 'cleared', :at)"
        ),
        {"d": filed["id"], "at": filed["updated_at"]},
    )

    broken = _verify(session).broken
    assert broken is not None
    assert (broken.reason, broken.row_id) == (ROW_UNRECORDED, 990001)


def test_editing_an_audit_record_with_sql_names_it(
    app_client: TestClient, users: Users, session: Session
) -> None:
    _file(app_client, users)
    last = audit.verify(session).head.seq
    session.execute(
        text("UPDATE audit_records SET actor_id = NULL WHERE seq = :s"), {"s": last - 1}
    )

    broken = _verify(session).broken
    assert broken is not None
    assert (broken.reason, broken.seq) == (ALTERED, last - 1)


def test_deleting_audit_records_with_sql_is_detected_in_the_middle_and_at_the_end(
    app_client: TestClient, users: Users, session: Session
) -> None:
    _file(app_client, users)
    _file(app_client, users)
    last = audit.verify(session).head.seq
    assert last >= 3
    session.execute(text("DELETE FROM audit_records WHERE seq = :s"), {"s": last})
    broken = _verify(session).broken
    assert broken is not None
    assert (broken.reason, broken.seq) == (HEAD, last)

    session.execute(text("DELETE FROM audit_records WHERE seq = :s"), {"s": last - 2})
    broken = _verify(session).broken
    assert broken is not None
    assert (broken.reason, broken.seq) == (GAP, last - 2)


def test_the_history_api_says_who_made_each_step(
    app_client: TestClient, users: Users, session: Session
) -> None:
    filed = _file(app_client, users)
    response = app_client.get(
        f"/api/v1/declarations/{filed['id']}/history", headers=users.headers("lan")
    )
    assert response.status_code == 200, response.text
    submitted = response.json()["changes"][0]
    assert submitted["to_status"] == "submitted"
    lan = users.actor("lan")
    assert submitted["actor_id"] == lan.user_id
    assert submitted["actor_role"] == "trader"
    assert submitted["actor_name"]
    assert submitted["actor_name"] != "lan"


def test_a_refused_sign_in_with_a_name_of_any_length_is_recorded(
    app_client: TestClient, session: Session
) -> None:
    tried = "x" * 100  # the longest name the endpoint takes
    answer = app_client.post("/api/v1/auth/token", json={"username": tried, "password": "wrong"})

    assert answer.status_code == 401
    found = audit.records_of(session, object_type="user", object_ids=[tried[:80]])
    assert [r.entry.action for r in found] == ["user.sign_in_refused"]
    assert _verify(session).broken is None
