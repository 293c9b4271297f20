"""The operators' page of undelivered notifications, and replaying one from it."""

from __future__ import annotations

import socket
from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from notifications_support import file, register, worker_for
from smartcustoms.kit.clock import FixedClock
from support import Users, csrf, sign_in


def _closed_port_url() -> str:
    """A loopback address nothing listens on: every push there is refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/hooks"


def test_a_supervisor_sees_a_dead_push_and_replays_it(
    app_client: TestClient,
    users: Users,
    session_factory: sessionmaker[Session],
    clock: FixedClock,
) -> None:
    lan = users.headers("lan")
    register(app_client, lan, _closed_port_url())
    file(app_client, lan)
    with worker_for(session_factory, clock) as worker:
        worker.dispatch()
        clock.advance(timedelta(days=15))  # the worker was down past the 14 days
        dead = worker.push().dead
    assert dead >= 1

    sign_in(app_client, "son")
    app_client.cookies.set("lang", "vi")
    page = app_client.get("/notifications/dead-letters")
    assert page.status_code == 200, page.text
    assert "Thông báo gửi không thành công" in page.text
    assert f'<strong id="dead-total">{dead}</strong>' in page.text
    assert "Tờ khai đã được đăng ký" in page.text  # the code's title, not the code
    assert "declaration_registered" not in page.text
    first = page.text.split('action="/notifications/dead-letters/')[1].split("/")[0]

    replayed = app_client.post(
        f"/notifications/dead-letters/{first}/replay",
        data={"csrf_token": csrf(page.text)},
        follow_redirects=False,
    )
    assert replayed.status_code == 303, replayed.text
    after = app_client.get(replayed.headers["location"])
    assert "Đã đưa lại vào hàng đợi" in after.text
    assert f'<strong id="dead-total">{dead - 1}</strong>' in after.text
    assert f'id="delivery-{first}"' not in after.text


def test_a_trader_may_not_open_the_dead_letter_page(app_client: TestClient) -> None:
    sign_in(app_client, "lan")
    page = app_client.get("/notifications/dead-letters")
    assert page.status_code == 403
