"""The second factor is required by default of officers, supervisors, agency officers and
the administrator (the suite turns the requirement off in tests/conftest.py, so these tests
build their app with the settings' own default); the demo enrols its accounts with SAMPLE
secrets and `users totp-code` prints a code for those only."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyotp
import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from smartcustoms.app import create_app
from smartcustoms.cli import app as cli
from smartcustoms.config import Settings, get_settings
from smartcustoms.demo import DEMO_PASSWORD, demo_totp_secret, seed_second_factors
from smartcustoms.errors import PermissionDenied
from smartcustoms.identity import service
from smartcustoms.kit.clock import FixedClock
from smartcustoms.secret_key import signing_secret
from support import TEST_SECRET_KEY, Database

DEFAULT_ROLES = str(Settings.model_fields["second_factor_required_roles"].default)


def test_the_default_requires_a_second_factor_of_customs_agency_and_admin_roles(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("SMARTCUSTOMS_SECOND_FACTOR_REQUIRED_ROLES", raising=False)
    settings = Settings(var_dir=tmp_path, secret_key=TEST_SECRET_KEY)
    required = set(settings.second_factor_required_roles.split())
    assert required == {"officer", "supervisor", "admin", "agency_officer"}
    assert not required & {"trader", "broker"}  # optional for traders


@pytest.fixture
def default_client(
    settings: Settings, session_factory: sessionmaker[Session], clock: FixedClock
) -> Iterator[TestClient]:
    """An app with the platform's default: the test settings but the suite's override."""
    default = settings.model_copy(update={"second_factor_required_roles": DEFAULT_ROLES})
    with TestClient(create_app(default, session_factory=session_factory, clock=clock)) as client:
        yield client


def _token(client: TestClient, username: str, otp: str | None = None) -> tuple[int, str]:
    body = {"username": username, "password": DEMO_PASSWORD}
    if otp is not None:
        body["otp"] = otp
    answer = client.post("/api/v1/auth/token", json=body)
    return answer.status_code, str(answer.json().get("code", ""))


def test_by_default_an_officer_who_is_not_enrolled_gets_no_token(
    default_client: TestClient,
) -> None:
    for username in ("hoa", "son", "admin", "thu"):
        assert _token(default_client, username) == (403, "second_factor_enrolment_required")
    assert _token(default_client, "lan")[0] == 200  # a trader signs in with a password
    assert _token(default_client, "minh")[0] == 200


def test_the_demo_enrols_its_officers_and_they_sign_in_with_the_code(
    default_client: TestClient, settings: Settings, session: Session, clock: FixedClock
) -> None:
    secret = signing_secret(settings)
    enrolled = seed_second_factors(
        session, signing_secret=secret, required_roles=DEFAULT_ROLES, at=clock.now()
    )
    assert {"hoa", "tuan", "son", "admin", "thu", "khoa"} <= set(enrolled)
    assert "lan" not in enrolled
    assert "ppd-system" not in enrolled
    # Seeding again enrols no one twice.
    assert (
        seed_second_factors(
            session, signing_secret=secret, required_roles=DEFAULT_ROLES, at=clock.now()
        )
        == []
    )
    session.commit()

    code = service.current_code(
        session,
        username="hoa",
        published=demo_totp_secret("hoa"),
        signing_secret=secret,
        at=clock.now(),
    )
    assert code == pyotp.TOTP(demo_totp_secret("hoa")).at(clock.now())
    assert _token(default_client, "hoa") == (401, "second_factor_required")
    assert _token(default_client, "hoa", "000000" if code != "000000" else "111111") == (
        401,
        "second_factor_wrong",
    )
    assert _token(default_client, "hoa", code)[0] == 200
    # A code is good once.
    assert _token(default_client, "hoa", code) == (401, "second_factor_wrong")


def test_the_code_is_shown_only_for_an_account_with_its_sample_secret(
    default_client: TestClient, settings: Settings, session: Session, clock: FixedClock
) -> None:
    secret = signing_secret(settings)
    tuan = service.find_user(session, username="tuan")
    assert tuan is not None
    # Tuấn enrolled for real: a random secret, only in his app.
    service.start_enrolment(session, user_id=tuan.id, signing_secret=secret)
    with pytest.raises(PermissionDenied) as refused:
        service.current_code(
            session,
            username="tuan",
            published=demo_totp_secret("tuan"),
            signing_secret=secret,
            at=clock.now(),
        )
    assert "SAMPLE" in refused.value.message_en
    assert "SAMPLE" in refused.value.message_vi
    # Nor for an account without a second factor.
    with pytest.raises(PermissionDenied):
        service.current_code(
            session,
            username="lan",
            published=demo_totp_secret("lan"),
            signing_secret=secret,
            at=clock.now(),
        )


def test_resetting_a_lost_second_factor_asks_for_enrolment_again_and_is_audited(
    default_client: TestClient, settings: Settings, session: Session, clock: FixedClock
) -> None:
    from smartcustoms.audit import service as audit

    secret = signing_secret(settings)
    seed_second_factors(session, signing_secret=secret, required_roles="officer", at=clock.now())
    hoa = service.find_user(session, username="hoa")
    assert hoa is not None
    assert service.second_factor_on(hoa)
    service.reset_second_factor(session, user_id=hoa.id, at=clock.now())
    session.commit()
    assert _token(default_client, "hoa") == (403, "second_factor_enrolment_required")
    links = audit.records_of(session, object_type="user", object_ids=[str(hoa.id)])
    actions = [link.entry.action for link in links]
    assert actions[-2:] == ["second_factor.enrolled", "second_factor.reset"]


def test_the_totp_code_command_prints_the_demo_code_and_refuses_others(
    committing_postgresql: Database,
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
) -> None:
    monkeypatch.setenv("SMARTCUSTOMS_SECRET_KEY", TEST_SECRET_KEY)
    monkeypatch.setenv("SMARTCUSTOMS_SECOND_FACTOR_REQUIRED_ROLES", DEFAULT_ROLES)
    get_settings.cache_clear()  # the command reads the settings of this environment
    request.addfinalizer(get_settings.cache_clear)
    from smartcustoms.db import make_engine, make_session_factory, transaction
    from smartcustoms.kit.clock import utcnow

    engine = make_engine(committing_postgresql.url)
    try:
        with transaction(make_session_factory(engine)) as session:
            seed_second_factors(
                session,
                signing_secret=signing_secret(Settings(secret_key=TEST_SECRET_KEY)),
                required_roles="supervisor",
                at=utcnow(),
            )
    finally:
        engine.dispose()
    runner = CliRunner()
    printed = runner.invoke(
        cli, ["users", "totp-code", "son", "--database-url", committing_postgresql.url]
    )
    assert printed.exit_code == 0, printed.output
    code = printed.output.strip()
    # The code of this time step or of one next to it (the command reads the real clock).
    assert pyotp.TOTP(demo_totp_secret("son")).verify(code, valid_window=1)
    refused = runner.invoke(
        cli, ["users", "totp-code", "lan", "--database-url", committing_postgresql.url]
    )
    assert refused.exit_code == 2
    assert "SAMPLE" in refused.output
