"""Sign-in with the national e-identity through a real OpenID Connect provider process
(oidc-provider-mock on a loopback port): discovery, code flow with PKCE, state and nonce,
the ID token validated, and the national ID number mapped to the platform's account."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from oidc_support import CLIENT_ID, CLIENT_SECRET, Provider, query_of, running_provider
from smartcustoms.app import create_app
from smartcustoms.config import Settings
from smartcustoms.identity.models import User
from smartcustoms.kit.clock import FixedClock
from support import TEST_SECRET_KEY, Database

LAN_NATIONAL_ID = "001190000001"  # the demo seed links it to Lan (trader, enterprise A)


@pytest.fixture(scope="module")
def provider() -> Iterator[Provider]:
    with running_provider() as running:
        yield running


def _settings(database: Database, tmp_path: Path, provider: Provider, **more: object) -> Settings:
    return Settings(
        database_url=database.url,
        var_dir=tmp_path / "var",
        secret_key=TEST_SECRET_KEY,
        cookie_secure=False,
        default_language="en",
        oidc_issuer=provider.issuer,
        oidc_client_id=CLIENT_ID,
        oidc_client_secret=CLIENT_SECRET,
        **more,  # type: ignore[arg-type]
    )


@pytest.fixture
def sso_client(
    database: Database,
    tmp_path: Path,
    provider: Provider,
    session_factory: sessionmaker[Session],
    clock: FixedClock,
) -> Iterator[TestClient]:
    app = create_app(
        _settings(database, tmp_path, provider), session_factory=session_factory, clock=clock
    )
    with TestClient(app) as client:
        yield client


def _start(client: TestClient, next_path: str = "/declarations") -> str:
    answer = client.get(f"/login/oidc?next={next_path}", follow_redirects=False)
    assert answer.status_code == 303, answer.text
    return str(answer.headers["location"])


def _callback(client: TestClient, back: str) -> Any:
    query = back.split("?", 1)[1]
    return client.get(f"/login/oidc/callback?{query}", follow_redirects=False)


def test_the_login_page_offers_vneid_when_configured(sso_client: TestClient) -> None:
    page = sso_client.get("/login?lang=en")
    assert "Sign in with VNeID (national e-identification)" in page.text
    assert "Đăng nhập bằng VNeID" in sso_client.get("/login?lang=vi").text


def test_the_login_page_has_no_vneid_button_without_a_provider(app_client: TestClient) -> None:
    assert "VNeID" not in app_client.get("/login?lang=en").text
    assert app_client.get("/login/oidc", follow_redirects=False).status_code == 404


def test_a_person_whose_national_id_is_linked_signs_in_as_their_account(
    sso_client: TestClient, provider: Provider
) -> None:
    provider.set_person("lan-at-vneid", national_id=LAN_NATIONAL_ID, name="Nguyễn Thị Lan")
    url = _start(sso_client)
    assert url.startswith(f"{provider.issuer}/oauth2/authorize?")
    asked = query_of(url)
    assert asked["code_challenge_method"] == "S256"
    assert asked["response_type"] == "code"
    assert len(asked["code_challenge"]) == 43
    assert asked["nonce"]
    assert asked["state"]

    back = provider.authorize(url, "lan-at-vneid")
    assert query_of(back)["state"] == asked["state"]
    signed_in = _callback(sso_client, back)
    assert signed_in.status_code == 303, signed_in.text
    assert signed_in.headers["location"] == "/declarations"

    page = sso_client.get("/declarations?lang=en")
    assert page.status_code == 200
    assert "Signed in as lan" in page.text


def test_an_unknown_national_id_is_refused_in_both_languages_and_no_account_is_made(
    sso_client: TestClient, provider: Provider, session: Session
) -> None:
    provider.set_person("stranger", national_id="079200009999", tax_code="0101234565")
    users_before = session.scalar(select(func.count()).select_from(User))
    back = provider.authorize(_start(sso_client), "stranger")
    refused = _callback(sso_client, back)
    assert refused.status_code == 401
    text = refused.text
    assert "No SmartCustoms account is linked to the national ID number ••••••••9999" in text
    assert "no account was created" in text
    assert "sc_session" not in sso_client.cookies
    assert session.scalar(select(func.count()).select_from(User)) == users_before

    vi = sso_client.get("/lang/vi?next=/login", follow_redirects=True)
    assert vi.status_code == 200
    back = provider.authorize(_start(sso_client), "stranger")
    refused_vi = _callback(sso_client, back)
    assert "Chưa có tài khoản SmartCustoms nào gắn với số định danh cá nhân" in refused_vi.text


def test_a_newcomer_gets_an_account_for_a_named_enterprise_only_when_configured(
    database: Database,
    tmp_path: Path,
    provider: Provider,
    session_factory: sessionmaker[Session],
    clock: FixedClock,
    session: Session,
) -> None:
    settings = _settings(database, tmp_path, provider, oidc_create_unknown_users=True)
    app = create_app(settings, session_factory=session_factory, clock=clock)
    provider.set_person("newcomer", national_id="079200001234", tax_code="0101234565", name="Mai")
    with TestClient(app) as client:
        back = provider.authorize(_start(client, "/"), "newcomer")
        assert _callback(client, back).status_code == 303
        assert "Signed in as vneid-079200001234" in client.get("/declarations?lang=en").text
    made = session.scalars(select(User).where(User.national_id == "079200001234")).one()
    assert (made.role, made.full_name) == ("trader", "Mai")


def test_an_answer_for_another_sign_in_is_refused(
    sso_client: TestClient, provider: Provider
) -> None:
    provider.set_person("lan-at-vneid", national_id=LAN_NATIONAL_ID)
    first = _start(sso_client)
    _start(sso_client)  # a second start replaces the flow this browser carries
    back = provider.authorize(first, "lan-at-vneid")
    refused = _callback(sso_client, back)
    assert refused.status_code == 401
    assert "does not belong to this sign-in" in refused.text


def test_a_callback_without_the_browsers_flow_is_refused(
    sso_client: TestClient, provider: Provider
) -> None:
    provider.set_person("lan-at-vneid", national_id=LAN_NATIONAL_ID)
    back = provider.authorize(_start(sso_client), "lan-at-vneid")
    sso_client.cookies.clear()
    refused = _callback(sso_client, back)
    assert refused.status_code == 401
    assert "took too long or did not start here" in refused.text


def test_a_sign_in_cancelled_at_the_provider_is_refused(
    sso_client: TestClient, provider: Provider
) -> None:
    back = provider.deny(_start(sso_client))
    refused = _callback(sso_client, back)
    assert refused.status_code == 401
    assert "cancelled at the e-identity provider" in refused.text


def test_a_code_used_twice_is_refused_by_the_provider(
    sso_client: TestClient, provider: Provider
) -> None:
    provider.set_person("lan-at-vneid", national_id=LAN_NATIONAL_ID)
    url = _start(sso_client)
    flow = sso_client.cookies.get("sc_oidc")
    back = provider.authorize(url, "lan-at-vneid")
    assert _callback(sso_client, back).status_code == 303
    sso_client.cookies.set("sc_oidc", flow or "", path="/login/oidc")
    replayed = _callback(sso_client, back)
    assert replayed.status_code == 401
    assert "did not confirm the sign-in" in replayed.text
