"""`smartcustoms users disable | revoke-tokens`: a running app refuses the user at once."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from smartcustoms.app import create_app
from smartcustoms.cli import app as cli
from smartcustoms.config import Settings
from smartcustoms.demo import DEMO_PASSWORD
from support import TEST_SECRET_KEY, Database


def _serving(database: Database, tmp_path: Path) -> TestClient:
    settings = Settings(
        database_url=database.url, var_dir=tmp_path / "var", secret_key=TEST_SECRET_KEY
    )
    return TestClient(create_app(settings))


@pytest.fixture
def server(committing_postgresql: Database, tmp_path: Path) -> Iterator[TestClient]:
    """The platform running over a database the command line writes to for real: an app with
    its own engine, which checks access on the event loop (`db.QuickReads`)."""
    with _serving(committing_postgresql, tmp_path) as client:
        assert client.app.state.services.quick_reads is not None  # type: ignore[attr-defined]
        yield client


@pytest.fixture
def second_server(committing_postgresql: Database, tmp_path: Path) -> Iterator[TestClient]:
    """Another process over the same database."""
    with _serving(committing_postgresql, tmp_path) as client:
        yield client


def _token(client: TestClient, username: str) -> str:
    answer = client.post(
        "/api/v1/auth/token", json={"username": username, "password": DEMO_PASSWORD}
    )
    assert answer.status_code == 200, answer.text
    return str(answer.json()["access_token"])


def _me(client: TestClient, token: str) -> int:
    return client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code


def _run(database: Database, *args: str) -> dict[str, object]:
    result = CliRunner().invoke(cli, [*args, "--database-url", database.url])
    assert result.exit_code == 0, result.output
    return dict(json.loads(result.output))


def test_revoking_a_users_tokens_from_the_command_line(
    server: TestClient, committing_postgresql: Database
) -> None:
    token = _token(server, "binh")
    assert _me(server, token) == 200

    printed = _run(committing_postgresql, "users", "revoke-tokens", "binh")

    assert printed["revoked"] is True
    assert _me(server, token) == 401
    assert _me(server, _token(server, "binh")) == 200


def test_disabling_a_user_from_the_command_line(
    server: TestClient, committing_postgresql: Database
) -> None:
    token = _token(server, "minh")
    assert _me(server, token) == 200

    printed = _run(committing_postgresql, "users", "disable", "minh", "--reason", "mandate ended")

    assert printed["active"] is False
    assert _me(server, token) == 401
    refused = CliRunner().invoke(
        cli,
        [
            "users",
            "disable",
            "minh",
            "--reason",
            "again",
            "--database-url",
            committing_postgresql.url,
        ],
    )
    assert refused.exit_code == 2
    assert "already disabled" in refused.output
    unknown = CliRunner().invoke(
        cli,
        [
            "users",
            "disable",
            "nobody",
            "--reason",
            "x",
            "--database-url",
            committing_postgresql.url,
        ],
    )
    assert unknown.exit_code != 0


def test_a_user_disabled_is_refused_by_every_server_at_once(
    server: TestClient, second_server: TestClient, committing_postgresql: Database
) -> None:
    token = _token(server, "tuan")
    assert (_me(server, token), _me(second_server, token)) == (200, 200)  # both keep Tuấn

    _run(committing_postgresql, "users", "disable", "tuan", "--reason", "moved office")

    assert (_me(server, token), _me(second_server, token)) == (401, 401)
