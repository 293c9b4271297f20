"""`smartcustoms bank-sandbox` refuses to start without a usable shared key."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from smartcustoms.bank_sandbox.config import KeyRefused, SandboxSettings
from smartcustoms.cli import app


@pytest.fixture(autouse=True)
def no_key_in_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SMARTCUSTOMS_BANK_SANDBOX_SHARED_KEY", raising=False)
    monkeypatch.delenv("SMARTCUSTOMS_BANK_SANDBOX_SHARED_KEY_FILE", raising=False)


def test_the_bank_will_not_start_without_a_shared_key(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["bank-sandbox", "--database-url", f"sqlite:///{tmp_path / 'bank.db'}"]
    )
    assert result.exit_code == 2
    assert "no shared key" in result.output


def test_the_bank_will_not_start_with_a_short_or_unreadable_key(tmp_path: Path) -> None:
    short = tmp_path / "short"
    short.write_text("not-32-bytes\n")
    with pytest.raises(KeyRefused, match="12 bytes"):
        SandboxSettings(shared_key_file=short).key()
    with pytest.raises(KeyRefused, match="cannot read"):
        SandboxSettings(shared_key_file=tmp_path / "missing").key()


def test_the_key_file_may_end_with_a_newline(tmp_path: Path) -> None:
    key_file = tmp_path / "bank_shared_key"
    key_file.write_text("k" * 40 + "\n")
    assert SandboxSettings(shared_key_file=key_file).key() == b"k" * 40
