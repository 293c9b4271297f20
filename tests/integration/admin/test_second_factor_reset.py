"""A lost phone: the administrator resets a user's two-factor sign-in from the user's page,
after ticking a confirmation; the user's sessions end, they sign in with their password and
enrol again, and the reset is in the audit trail with who did it."""

from __future__ import annotations

import re

import pyotp
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from smartcustoms.audit import service as audit
from smartcustoms.demo import DEMO_PASSWORD
from smartcustoms.identity.models import User
from smartcustoms.kit.clock import FixedClock
from smartcustoms.outbox.models import OutboxEvent
from support import csrf, sign_in


def _enrol(client: TestClient, username: str, clock: FixedClock) -> str:
    """Turn the user's second factor on from their account page; their session cookie."""
    sign_in(client, username)
    account = client.get("/account?lang=en")
    started = client.post("/account/second-factor", data={"csrf_token": csrf(account.text)})
    key = re.search(r'data-testid="totp-key">([A-Z2-7]+)<', started.text)
    assert key is not None
    confirmed = client.post(
        "/account/second-factor/confirm",
        data={"csrf_token": csrf(started.text), "code": pyotp.TOTP(key.group(1)).at(clock.now())},
    )
    assert confirmed.status_code == 200, confirmed.text
    cookie = client.cookies.get("sc_session")
    assert cookie
    client.cookies.clear()
    return cookie


def _asks_a_code(client: TestClient, username: str) -> bool:
    page = client.get("/login?lang=en")
    answer = client.post(
        "/login",
        data={"username": username, "password": DEMO_PASSWORD, "csrf_token": csrf(page.text)},
        follow_redirects=False,
    )
    client.cookies.clear()
    return answer.status_code == 200 and 'action="/login/second-factor' in answer.text


def test_the_administrator_resets_a_lost_phone_and_the_user_enrols_again(
    app_client: TestClient, session: Session, clock: FixedClock
) -> None:
    hoa = session.scalars(select(User).where(User.username == "hoa")).one()
    hoas_session = _enrol(app_client, "hoa", clock)
    assert _asks_a_code(app_client, "hoa")
    app_client.cookies.set("sc_session", hoas_session)
    assert app_client.get("/account", follow_redirects=False).status_code == 200
    app_client.cookies.clear()

    sign_in(app_client, "admin")
    app_client.cookies.set("lang", "vi")
    url = f"/admin/users/{hoa.id}"
    page = app_client.get(url).text
    assert "Xác thực hai yếu tố" in page
    assert 'id="reset-second-factor"' in page
    action = f"{url}/second-factor/reset"
    # Without its CSRF token, refused like the other admin forms.
    assert app_client.post(action, data={"confirm": "yes"}).status_code == 403
    # Without the confirmation ticked, nothing happens and the box says why, in Vietnamese.
    unticked = app_client.post(action, data={"csrf_token": csrf(page)})
    assert unticked.status_code == 422
    assert "Hãy đánh dấu ô xác nhận" in unticked.text
    session.refresh(hoa)
    assert hoa.totp_enabled_at is not None

    done = app_client.post(
        action, data={"csrf_token": csrf(page), "confirm": "yes"}, follow_redirects=False
    )
    assert done.status_code == 303, done.text
    shown = app_client.get(done.headers["location"]).text
    assert "Đã đặt lại xác thực hai yếu tố" in shown
    assert "Chưa thiết lập." in shown
    app_client.cookies.set("lang", "en")
    assert "Not set up." in app_client.get(url).text
    session.refresh(hoa)
    assert hoa.totp_enabled_at is None
    assert hoa.totp_secret is None

    # Hoa's session (from before the reset) has ended; her password alone signs her in now.
    app_client.cookies.clear()
    app_client.cookies.set("sc_session", hoas_session)
    ended = app_client.get("/account", follow_redirects=False)
    assert ended.status_code in (303, 401), ended.status_code
    app_client.cookies.clear()
    assert not _asks_a_code(app_client, "hoa")

    admin = session.scalars(select(User).where(User.username == "admin")).one()
    trail = audit.records_of(session, object_type="user", object_ids=[str(hoa.id)])
    resets = [
        link.entry
        for link in trail
        if link.entry.action in ("second_factor.reset", "admin.user.reset_second_factor")
    ]
    assert sorted(e.action for e in resets) == [
        "admin.user.reset_second_factor",
        "second_factor.reset",
    ]
    assert all(e.actor_id == admin.id for e in resets)
    events = session.scalars(select(OutboxEvent).where(OutboxEvent.topic == "admin.action"))
    assert [e.payload["action"] for e in events].count("user.reset_second_factor") == 1


def test_no_reset_for_oneself_nor_for_a_user_without_a_second_factor(
    app_client: TestClient, session: Session
) -> None:
    admin = session.scalars(select(User).where(User.username == "admin")).one()
    son = session.scalars(select(User).where(User.username == "son")).one()
    assert son.totp_enabled_at is None
    sign_in(app_client, "admin")
    app_client.cookies.set("lang", "en")
    own = app_client.get(f"/admin/users/{admin.id}").text
    assert 'id="reset-second-factor"' not in own
    for user in (admin, son):
        refused = app_client.post(
            f"/admin/users/{user.id}/second-factor/reset",
            data={"csrf_token": csrf(own), "confirm": "yes"},
        )
        assert refused.status_code == 409, user.username
    app_client.cookies.set("lang", "vi")
    refused = app_client.post(
        f"/admin/users/{son.id}/second-factor/reset",
        data={"csrf_token": csrf(own), "confirm": "yes"},
    )
    assert "chưa bật xác thực hai yếu tố" in refused.text
