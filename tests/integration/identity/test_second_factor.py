"""Two-factor sign-in with TOTP for officers and administrators: enrolment with a QR code,
the code asked at every sign-in (portal and API), recovery codes used once, a code never
twice, and wrong codes locked out like wrong passwords."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta

import pyotp
import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from smartcustoms.app import create_app
from smartcustoms.config import Settings
from smartcustoms.demo import DEMO_PASSWORD
from smartcustoms.kit.clock import FixedClock
from support import csrf, sign_in


def _enrol(client: TestClient, username: str, clock: FixedClock) -> tuple[pyotp.TOTP, list[str]]:
    sign_in(client, username)
    account = client.get("/account?lang=en")
    assert "Two-factor sign-in is off" in account.text
    started = client.post("/account/second-factor", data={"csrf_token": csrf(account.text)})
    assert started.status_code == 200
    assert "<svg" in started.text  # the QR code, drawn inline
    key = re.search(r'data-testid="totp-key">([A-Z2-7]+)<', started.text)
    assert key is not None
    totp = pyotp.TOTP(key.group(1))
    confirmed = client.post(
        "/account/second-factor/confirm",
        data={"csrf_token": csrf(started.text), "code": totp.at(clock.now())},
    )
    assert confirmed.status_code == 200, confirmed.text
    codes = re.findall(r"<li><code>([0-9a-f]{8}-[0-9a-f]{8})</code></li>", confirmed.text)
    assert len(codes) == 10
    assert "Xác thực hai yếu tố đã bật" in confirmed.text  # the form posts in Vietnamese
    client.cookies.clear()
    return totp, codes


def _password_step(client: TestClient, username: str) -> str:
    page = client.get("/login?lang=en")
    answer = client.post(
        "/login",
        data={"username": username, "password": DEMO_PASSWORD, "csrf_token": csrf(page.text)},
        follow_redirects=False,
    )
    assert answer.status_code == 200, answer.text
    assert 'action="/login/second-factor' in answer.text  # the code, or enrolling first
    assert "sc_session" not in client.cookies  # not signed in yet
    return answer.text


def _code_step(client: TestClient, page: str, code: str) -> int:
    pending = re.search(r'name="pending" value="([^"]+)"', page)
    assert pending is not None
    answer = client.post(
        "/login/second-factor",
        data={"csrf_token": csrf(page), "pending": pending.group(1), "code": code, "next": "/"},
        follow_redirects=False,
    )
    return answer.status_code


def test_an_officer_enrols_then_needs_the_code_at_every_sign_in(
    app_client: TestClient, clock: FixedClock
) -> None:
    totp, _ = _enrol(app_client, "hoa", clock)
    clock.advance(timedelta(seconds=30))

    page = _password_step(app_client, "hoa")
    assert (
        _code_step(app_client, page, "000000" if totp.at(clock.now()) != "000000" else "111111")
        == 401
    )
    assert _code_step(app_client, page, totp.at(clock.now())) == 303
    assert app_client.get("/worklist", follow_redirects=False).status_code == 200


def test_a_code_signs_in_once_only(app_client: TestClient, clock: FixedClock) -> None:
    totp, _ = _enrol(app_client, "hoa", clock)
    # The code that confirmed the enrolment is spent.
    assert _code_step(app_client, _password_step(app_client, "hoa"), totp.at(clock.now())) == 401
    clock.advance(timedelta(seconds=30))
    code = totp.at(clock.now())
    assert _code_step(app_client, _password_step(app_client, "hoa"), code) == 303
    app_client.cookies.clear()
    assert _code_step(app_client, _password_step(app_client, "hoa"), code) == 401


def test_a_recovery_code_stands_in_for_the_app_once(
    app_client: TestClient, clock: FixedClock
) -> None:
    _, codes = _enrol(app_client, "tuan", clock)
    assert _code_step(app_client, _password_step(app_client, "tuan"), codes[3]) == 303
    app_client.cookies.clear()
    assert _code_step(app_client, _password_step(app_client, "tuan"), codes[3]) == 401
    sign_in_page = _password_step(app_client, "tuan")
    assert _code_step(app_client, sign_in_page, codes[4]) == 303
    assert "Recovery codes left: 8" in app_client.get("/account?lang=en").text


def test_wrong_codes_lock_the_account_out_like_wrong_passwords(
    app_client: TestClient, clock: FixedClock
) -> None:
    totp, _ = _enrol(app_client, "son", clock)
    clock.advance(timedelta(seconds=30))
    page = _password_step(app_client, "son")
    wrong = "123456" if totp.at(clock.now()) != "123456" else "654321"
    assert [_code_step(app_client, page, wrong) for _ in range(5)] == [401] * 5
    assert _code_step(app_client, page, totp.at(clock.now())) == 429


def test_the_api_asks_for_the_second_factor_once_it_is_on(
    app_client: TestClient, clock: FixedClock
) -> None:
    totp, _ = _enrol(app_client, "admin", clock)
    clock.advance(timedelta(seconds=30))
    body = {"username": "admin", "password": DEMO_PASSWORD}
    missing = app_client.post("/api/v1/auth/token", json=body)
    assert missing.status_code == 401
    assert missing.json()["code"] == "second_factor_required"
    wrong = app_client.post("/api/v1/auth/token", json={**body, "otp": "000000"})
    assert wrong.status_code == 401
    assert wrong.json()["code"] == "second_factor_wrong"
    right = app_client.post("/api/v1/auth/token", json={**body, "otp": totp.at(clock.now())})
    assert right.status_code == 200, right.text


@pytest.mark.parametrize("username", ["lan", "minh"])
def test_traders_and_brokers_are_not_offered_totp_enrolment(
    app_client: TestClient, username: str
) -> None:
    sign_in(app_client, username)
    account = app_client.get("/account?lang=en")
    assert "Turn on two-factor sign-in" not in account.text
    refused = app_client.post("/account/second-factor", data={"csrf_token": csrf(account.text)})
    assert refused.status_code == 403


@pytest.fixture
def strict_client(
    settings: Settings,
    session_factory: sessionmaker[Session],
    clock: FixedClock,
) -> Iterator[TestClient]:
    """An app whose officers must sign in with a second factor."""
    strict = settings.model_copy(update={"second_factor_required_roles": "officer supervisor"})
    with TestClient(create_app(strict, session_factory=session_factory, clock=clock)) as client:
        yield client


def test_an_officer_who_must_have_a_second_factor_enrols_before_reaching_any_page(
    strict_client: TestClient, clock: FixedClock
) -> None:
    enrol = _password_step(strict_client, "hoa")  # answered with the enrolment, not a page
    assert 'action="/login/second-factor/enrol"' in enrol
    key = re.search(r'data-testid="totp-key">([A-Z2-7]+)<', enrol)
    assert key is not None
    assert strict_client.get("/worklist", follow_redirects=False).status_code == 303

    pending = re.search(r'name="pending" value="([^"]+)"', enrol)
    assert pending is not None
    done = strict_client.post(
        "/login/second-factor/enrol",
        data={
            "csrf_token": csrf(enrol),
            "pending": pending.group(1),
            "code": pyotp.TOTP(key.group(1)).at(clock.now()),
            "next": "/worklist",
        },
    )
    assert done.status_code == 200, done.text
    assert len(re.findall(r"<li><code>", done.text)) == 10
    assert strict_client.get("/worklist", follow_redirects=False).status_code == 200


def test_the_api_gives_no_token_to_an_officer_who_must_enrol_first(
    strict_client: TestClient,
) -> None:
    refused = strict_client.post(
        "/api/v1/auth/token", json={"username": "hoa", "password": DEMO_PASSWORD}
    )
    assert refused.status_code == 403
    assert refused.json()["code"] == "second_factor_enrolment_required"
    lan = strict_client.post(
        "/api/v1/auth/token", json={"username": "lan", "password": DEMO_PASSWORD}
    )
    assert lan.status_code == 200
