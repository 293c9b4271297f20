"""`smartcustoms users link-national-id`: an administrator links an account to a person's
national ID number (what single sign-on maps to); a wrong or taken number is refused."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from smartcustoms.cli import app as cli
from support import Database


def test_an_account_is_linked_once_and_a_number_to_one_account_only(
    committing_postgresql: Database,
) -> None:
    runner = CliRunner()
    url = ["--database-url", committing_postgresql.url]
    linked = runner.invoke(cli, ["users", "link-national-id", "hoa", "034190001234", *url])
    assert linked.exit_code == 0, linked.output
    assert json.loads(linked.output) == {
        "id": json.loads(linked.output)["id"],
        "username": "hoa",
        "linked": True,
    }

    taken = runner.invoke(cli, ["users", "link-national-id", "tuan", "034190001234", *url])
    assert taken.exit_code == 2
    assert "already linked to another account" in taken.output
    assert "••••••••1234" in taken.output

    wrong = runner.invoke(cli, ["users", "link-national-id", "tuan", "12345", *url])
    assert wrong.exit_code == 2
    assert "12 digits" in wrong.output
