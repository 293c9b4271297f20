"""The officers' page of messages exchanged with partner customs, in both languages: what
came in (an ACDD matched, with its discrepancies), what went out and its state, and sending
one again after an outage."""

from __future__ import annotations

from datetime import timedelta

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from partners_support import acdd_from_thailand, public_pem, signed
from smartcustoms.config import Settings
from smartcustoms.kit.clock import FixedClock
from smartcustoms.partners import service as partners
from support import Users, csrf, import_payload, sign_in


@pytest.fixture
def settings(exchanging: Settings) -> Settings:
    return exchanging


def test_an_officer_sees_the_exchange_and_sends_a_message_again(
    app_client: TestClient,
    users: Users,
    session: Session,
    clock: FixedClock,
    thai_key: Ed25519PrivateKey,
    our_key: Ed25519PrivateKey,
) -> None:
    admin = users.headers("admin")
    thailand = {"name": "Thai Customs Department", "endpoint": "https://127.0.0.1:9/inbox",
                "public_key": public_pem(thai_key)}  # fmt: skip
    assert app_client.post("/api/v1/partners/TH", json=thailand, headers=admin).status_code == 201
    lan = users.headers("lan")
    assert (
        app_client.post(
            "/api/v1/declarations/submit", json=import_payload(), headers=lan
        ).status_code
        == 201
    )
    acdd = signed(thai_key, body=acdd_from_thailand())
    assert app_client.post("/api/v1/partner-exchange/inbox", json=acdd).status_code == 201
    note = partners.queue_message(
        session, signer=partners.Signer("VN", our_key), country="TH", type="note",
        body={"text": "hello"}, at=clock.now(),
    )  # fmt: skip
    note.state, note.attempts, note.last_error = "dead", 40, "ConnectError: refused"
    session.commit()

    sign_in(app_client, "hoa")
    app_client.cookies.set("lang", "vi")
    page = app_client.get("/partners/messages")
    assert page.status_code == 200, page.text
    assert "Trao đổi với hải quan đối tác" in page.text
    assert "Đã nhận, đã khớp với tờ khai" in page.text
    assert "ACDD (dữ liệu tờ khai xuất khẩu)" in page.text
    assert "Ngừng gửi sau 14 ngày" in page.text
    assert "trị giá: khai báo 10.000, nước xuất khẩu 12.000" in page.text  # Vietnamese figures
    assert "matched" not in page.text.replace('data-state="matched"', "")

    clock.advance(timedelta(minutes=5))
    again = app_client.post(
        f"/partners/messages/{note.id}/retry",
        data={"csrf_token": csrf(page.text)},
        follow_redirects=False,
    )
    assert again.status_code == 303, again.text
    app_client.cookies.set("lang", "en")
    after = app_client.get(again.headers["location"])
    assert "Queued again" in after.text
    assert f'id="partner-message-{note.id}" data-state="pending"' in after.text
    assert "Waiting to be sent" in after.text

    only_in = app_client.get("/partners/messages?direction=in")
    assert f"partner-message-{note.id}" not in only_in.text
    assert "Received, matched to a declaration" in only_in.text


def test_traders_do_not_see_the_exchange_page(app_client: TestClient) -> None:
    sign_in(app_client, "lan")
    page = app_client.get("/partners/messages")
    assert page.status_code == 403
    # Vietnamese by default, naming what the role may not do (identity/policy.py)
    assert "Trao đổi thông điệp với hải quan đối tác" in page.text
