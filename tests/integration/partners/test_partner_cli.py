"""`smartcustoms partner send|messages|retry` on a database the command line writes to."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from typer.testing import CliRunner

from partners_support import public_pem, write_private_key
from smartcustoms.cli import app as cli
from smartcustoms.config import get_settings
from support import Database


def _allowed_networks(monkeypatch: pytest.MonkeyPatch, networks: str) -> None:
    monkeypatch.setenv("SMARTCUSTOMS_OUTBOUND_ALLOWED_NETWORKS", networks)
    get_settings.cache_clear()


@pytest.fixture(autouse=True)
def _fresh_settings() -> Iterator[None]:
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_an_officer_queues_lists_and_retries_a_message_from_the_command_line(
    committing_postgresql: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = committing_postgresql.url
    run = CliRunner().invoke
    partner_key = tmp_path / "sg.pem"
    partner_key.write_text(public_pem(Ed25519PrivateKey.generate()), encoding="utf-8")
    # Singapore's endpoint: a closed port on the loopback, so every attempt fails. The
    # loopback is refused unless the allowed networks hold it (SSRF).
    refused = run(cli, ["partner", "add", "SG", "--name", "Singapore Customs",
                        "--endpoint", "https://127.0.0.1:9/inbox", "--key-file", str(partner_key),
                        "--database-url", url])  # fmt: skip
    assert refused.exit_code == 2
    assert "loopback" in refused.output
    _allowed_networks(monkeypatch, "127.0.0.0/8")
    added = run(cli, ["partner", "add", "SG", "--name", "Singapore Customs",
                      "--endpoint", "https://127.0.0.1:9/inbox", "--key-file", str(partner_key),
                      "--database-url", url])  # fmt: skip
    assert added.exit_code == 0, added.output
    body = tmp_path / "note.json"
    body.write_text(json.dumps({"text": "ACDD schema v2 from January"}), encoding="utf-8")
    ours = write_private_key(Ed25519PrivateKey.generate(), tmp_path / "ours.pem")

    sent = run(cli, ["partner", "send", "SG", "--type", "note", "--body-file", str(body),
                     "--key-file", str(ours), "--database-url", url])  # fmt: skip
    assert sent.exit_code == 0, sent.output
    number = sent.output.split()[1]

    worked = run(cli, ["worker", "--once", "--database-url", url])
    assert worked.exit_code == 0, worked.output
    assert "to partners 0, to retry 1" in worked.output

    listed = run(cli, ["partner", "messages", "--direction", "out", "--database-url", url])
    assert listed.exit_code == 0, listed.output
    line = next(row for row in listed.output.splitlines() if row.split()[0] == number)
    assert " SG note pending " in line
    assert "attempts 1" in line

    again = run(cli, ["partner", "retry", number, "--database-url", url])
    assert again.exit_code == 0, again.output
    assert "due now" in again.output

    unsigned = run(cli, ["partner", "send", "SG", "--body-file", str(body), "--database-url", url])
    assert unsigned.exit_code == 2
    assert "signing key" in unsigned.output

    unknown = run(cli, ["partner", "retry", "987654", "--database-url", url])
    assert unknown.exit_code == 2
    assert "No partner message 987654" in unknown.output
