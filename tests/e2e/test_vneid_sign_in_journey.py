"""Lan signs in with VNeID from a real browser: the portal's button, the real OpenID Connect
provider's page (oidc-provider-mock, its own process), and back to the portal signed in."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Page, expect
from sqlalchemy.orm import sessionmaker

from oidc_support import CLIENT_ID, CLIENT_SECRET, Provider, running_provider
from smartcustoms.app import create_app
from smartcustoms.config import Settings
from smartcustoms.db import make_engine, transaction
from smartcustoms.demo import seed
from smartcustoms.kit.clock import FixedClock
from smartcustoms.migrate import upgrade
from smartcustoms.reference.service import load_reference
from support import TEST_NOW, TEST_SECRET_KEY, free_port

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def provider() -> Iterator[Provider]:
    with running_provider() as running:
        yield running


@pytest.fixture(scope="module")
def sso_server(tmp_path_factory: pytest.TempPathFactory, provider: Provider) -> Iterator[str]:
    """The portal on a loopback port of its own, with single sign-on set up."""
    root: Path = tmp_path_factory.mktemp("sso")
    url = f"sqlite:///{root / 'sso.db'}"
    upgrade(url)
    engine = make_engine(url)
    with transaction(sessionmaker(bind=engine)) as session:
        load_reference(session)
        seed(session, at=TEST_NOW)
    settings = Settings(
        database_url=url,
        var_dir=root / "var",
        default_language="en",
        secret_key=TEST_SECRET_KEY,
        cookie_secure=False,
        oidc_issuer=provider.issuer,
        oidc_client_id=CLIENT_ID,
        oidc_client_secret=CLIENT_SECRET,
    )
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(settings, clock=FixedClock(TEST_NOW)),
            host="127.0.0.1",
            port=free_port(),
            log_level="warning",
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    started = threading.Event()
    for _ in range(200):  # bounded: about 10 s
        if server.started:
            break
        started.wait(0.05)
    if not server.started:
        pytest.fail("the portal did not start")
    yield f"http://127.0.0.1:{server.config.port}"
    server.should_exit = True
    thread.join(timeout=10)
    engine.dispose()


def test_lan_signs_in_with_vneid(page: Page, sso_server: str, provider: Provider) -> None:
    provider.set_person("lan-vneid", national_id="001190000001", name="Nguyễn Thị Lan")
    page.goto(f"{sso_server}/login?lang=en&next=/declarations")
    page.get_by_role("link", name="Sign in with VNeID (national e-identification)").click()

    # The provider's own page: who signs in.
    expect(page).to_have_url(re.compile("^" + re.escape(f"{provider.issuer}/oauth2/authorize?")))
    page.fill("input[name=sub]", "lan-vneid")
    page.get_by_role("button", name="Authorize").click()

    expect(page).to_have_url(f"{sso_server}/declarations")
    expect(page.locator(".who")).to_have_text("Signed in as lan")


def test_a_person_without_an_account_is_told_so(
    page: Page, sso_server: str, provider: Provider
) -> None:
    provider.set_person("stranger-vneid", national_id="079200009999")
    page.goto(f"{sso_server}/login?lang=en")
    page.get_by_role("link", name="Sign in with VNeID (national e-identification)").click()
    page.fill("input[name=sub]", "stranger-vneid")
    page.get_by_role("button", name="Authorize").click()

    expect(page.get_by_role("alert")).to_contain_text(
        "No SmartCustoms account is linked to the national ID number ••••••••9999"
    )
    expect(page.locator(".who")).to_have_count(0)
