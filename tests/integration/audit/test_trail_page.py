"""The audit trail page: supervisors search the chain by actor, object, action and days,
see the last signed checkpoint and verify the chain on demand; traders are refused."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.orm import Session

from smartcustoms.audit import service as audit
from smartcustoms.config import Settings
from smartcustoms.identity import service as identity
from smartcustoms.kit.clock import FixedClock, customs_date
from support import Users, import_payload, sign_in


def _file(app_client: TestClient, users: Users) -> int:
    response = app_client.post(
        "/api/v1/declarations/submit", json=import_payload(), headers=users.headers("lan")
    )
    assert response.status_code == 201, response.text
    return int(response.json()["declaration"]["id"])


def test_a_supervisor_finds_a_declarations_history_with_who_acted_and_verifies(
    app_client: TestClient, users: Users, session: Session, settings: Settings, clock: FixedClock
) -> None:
    filed = _file(app_client, users)
    assert settings.audit_checkpoint_key_file is not None
    key = audit.checkpoint_key(settings.audit_checkpoint_key_file)
    made = audit.make_checkpoint(session, key=key, at=clock.now())
    sign_in(app_client, "son")
    app_client.cookies.set("lang", "vi")

    today = customs_date(clock.now()).strftime("%d/%m/%Y")
    page = app_client.get(
        "/audit",
        params={
            "object_type": "declaration",
            "object_id": str(filed),
            "since": today,
            "until": today,
            "actor": "lan",
        },
    )
    assert page.status_code == 200, page.text
    assert "Nhật ký kiểm toán" in page.text
    assert 'data-action="declaration.submitted"' in page.text
    assert f"Tờ khai {filed}" in page.text  # the object by its name, not its code
    assert f'value="{today}"' in page.text  # the days as typed, day/month/year
    lan = identity.find_user(session, username="lan")
    assert lan is not None
    assert f"<td>{lan.full_name}</td>" in page.text  # who acted, by name
    assert f"bản ghi {made.seq}" in page.text  # the last checkpoint, in Vietnamese

    checked = app_client.get("/audit", params={"verify": "true"})
    assert 'data-state="intact"' in checked.text
    assert "Đã kiểm tra đến bản ghi" in checked.text

    session.execute(text("UPDATE audit_checkpoints SET head_hash = :h"), {"h": "b" * 64})
    broken = app_client.get("/audit", params={"verify": "true"})
    assert 'data-state="broken"' in broken.text
    assert "giả mạo" in broken.text


def test_an_unknown_actor_and_a_day_range_with_nothing_say_so(
    app_client: TestClient, users: Users, clock: FixedClock
) -> None:
    _file(app_client, users)
    sign_in(app_client, "admin")
    app_client.cookies.set("lang", "en")
    unknown = app_client.get("/audit", params={"actor": "nobody-here"})
    assert unknown.status_code == 200
    assert "No user has this name." in unknown.text
    earlier = app_client.get("/audit", params={"until": "2001-01-01"})
    assert 'id="no-audit-records"' in earlier.text
    bad = app_client.get("/audit", params={"since": "31/02/2026"})
    assert "Give dates as the date picker does." in bad.text


def test_a_trader_may_not_open_the_audit_trail(app_client: TestClient) -> None:
    sign_in(app_client, "lan")
    assert app_client.get("/audit").status_code == 403
