"""The platform starts only with a secret of its own, read from settings or a file."""

from __future__ import annotations

import logging
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from typer.testing import CliRunner

from smartcustoms.app import create_app
from smartcustoms.cli import app as cli
from smartcustoms.config import Settings, get_settings
from smartcustoms.secret_key import SecretKeyRefused, generate_secret_file, signing_secret

OLD_DEFAULT = "dev-only-change-me-0123456789abcdef"
GOOD = "a-secret-of-its-own-" + "x" * 28


def _settings(tmp_path: Path, **values: Any) -> Settings:
    return Settings(
        database_url=f"sqlite:///{tmp_path / 'never-opened.db'}", var_dir=tmp_path, **values
    )


@pytest.mark.parametrize(
    ("secret", "code"),
    [
        (None, "secret_key_missing"),
        ("", "secret_key_missing"),
        (OLD_DEFAULT, "secret_key_published"),
        ("x" * 31, "secret_key_short"),
    ],
)
def test_the_app_refuses_to_start_with_no_secret_the_old_default_or_a_short_one(
    tmp_path: Path, secret: str | None, code: str
) -> None:
    with pytest.raises(SecretKeyRefused) as refused:
        create_app(_settings(tmp_path, secret_key=secret))

    assert refused.value.code == code
    assert "SMARTCUSTOMS_SECRET_KEY" in refused.value.message_en
    assert "SMARTCUSTOMS_SECRET_KEY_FILE" in refused.value.message_en
    assert "SMARTCUSTOMS_SECRET_KEY" in refused.value.message_vi


def test_a_secret_of_32_bytes_is_enough(tmp_path: Path) -> None:
    assert signing_secret(_settings(tmp_path, secret_key="y" * 32)) == "y" * 32


def test_the_secret_is_read_from_its_file_without_the_trailing_newline(tmp_path: Path) -> None:
    path = tmp_path / "secret_key"
    path.write_text(GOOD + "\n")
    path.chmod(0o600)

    assert signing_secret(_settings(tmp_path, secret_key_file=path)) == GOOD


def test_the_secret_key_setting_wins_over_the_file(tmp_path: Path) -> None:
    settings = _settings(tmp_path, secret_key=GOOD, secret_key_file=tmp_path / "missing")

    assert signing_secret(settings) == GOOD


def test_a_missing_secret_file_is_refused_naming_it(tmp_path: Path) -> None:
    with pytest.raises(SecretKeyRefused) as refused:
        signing_secret(_settings(tmp_path, secret_key_file=tmp_path / "missing"))

    assert refused.value.code == "secret_key_file_unreadable"
    assert str(tmp_path / "missing") in refused.value.message_en


def test_a_file_holding_the_old_default_is_refused_too(tmp_path: Path) -> None:
    path = tmp_path / "secret_key"
    path.write_text(OLD_DEFAULT + "\n")

    with pytest.raises(SecretKeyRefused) as refused:
        signing_secret(_settings(tmp_path, secret_key_file=path))

    assert refused.value.code == "secret_key_published"


def test_the_secret_file_is_read_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "secret_key"
    path.write_text(GOOD)
    monkeypatch.delenv("SMARTCUSTOMS_SECRET_KEY", raising=False)
    monkeypatch.setenv("SMARTCUSTOMS_SECRET_KEY_FILE", str(path))

    assert signing_secret(Settings()) == GOOD


def test_dev_mode_allows_the_old_default_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="smartcustoms.secret_key"):
        secret = signing_secret(_settings(tmp_path, secret_key=OLD_DEFAULT, dev_mode=True))

    assert secret == OLD_DEFAULT
    assert "SMARTCUSTOMS_DEV_MODE" in caplog.text
    assert "published" in caplog.text


def test_dev_mode_without_a_secret_signs_with_a_random_one_and_warns(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    settings = _settings(tmp_path, dev_mode=True)

    with caplog.at_level(logging.WARNING, logger="smartcustoms.secret_key"):
        first, second = signing_secret(settings), signing_secret(settings)

    assert len(first.encode()) >= 32
    assert first != second
    assert OLD_DEFAULT not in (first, second)
    assert "random one for this process" in caplog.text


def test_the_generated_secret_file_is_made_once_with_mode_0600(tmp_path: Path) -> None:
    path = tmp_path / "var" / "secret_key"

    created = generate_secret_file(path)
    secret = path.read_text()
    again = generate_secret_file(path)

    assert (created, again) == (True, False)
    assert path.read_text() == secret
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(secret.strip().encode()) >= 32


# ---------------------------------------------------------------------------- serve


@pytest.fixture
def environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Any]]:
    """No secret in the environment, and a uvicorn that records its call instead of serving."""
    for name in ("SECRET_KEY", "SECRET_KEY_FILE", "DEV_MODE"):
        monkeypatch.delenv(f"SMARTCUSTOMS_{name}", raising=False)
    monkeypatch.setenv("SMARTCUSTOMS_VAR_DIR", str(tmp_path / "var"))
    served: list[Any] = []
    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: served.append(kwargs))
    get_settings.cache_clear()
    yield served
    get_settings.cache_clear()


def test_serve_refuses_to_start_without_a_secret_and_says_what_to_set(
    environment: list[Any],
) -> None:
    result = CliRunner().invoke(cli, ["serve"])

    assert result.exit_code == 2
    assert "No secret key is configured" in result.output
    assert "SMARTCUSTOMS_SECRET_KEY" in result.output
    assert environment == []


def test_serve_generates_the_secret_file_on_first_start_and_keeps_it(
    environment: list[Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "var" / "secret_key"
    monkeypatch.setenv("SMARTCUSTOMS_SECRET_KEY_FILE", str(path))
    get_settings.cache_clear()

    first = CliRunner().invoke(cli, ["serve", "--generate-secret"])
    secret = path.read_text()
    second = CliRunner().invoke(cli, ["serve", "--generate-secret"])

    assert (first.exit_code, second.exit_code) == (0, 0)
    assert f"new secret key written to {path}" in first.output
    assert "new secret key" not in second.output
    assert path.read_text() == secret
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(environment) == 2
