"""`smartcustoms worker --once` and `smartcustoms notifications …` on a database the
command line writes to for real."""

from __future__ import annotations

from sqlalchemy import select
from typer.testing import CliRunner

from smartcustoms.cli import app as cli
from smartcustoms.db import make_session_factory, transaction
from smartcustoms.identity import service as identity
from smartcustoms.notifications.models import TraderNotification
from smartcustoms.outbox import service as outbox
from smartcustoms.outbox.service import Event
from support import TEST_NOW, Database


def test_the_worker_command_turns_waiting_events_into_notifications(
    committing_postgresql: Database,
) -> None:
    factory = make_session_factory(committing_postgresql.engine)
    with transaction(factory) as session:
        enterprise = identity.enterprise_by_tax_code(session, tax_code="0101234565")
        assert enterprise is not None
        outbox.emit_all(
            session,
            [
                Event(
                    "declaration.rejected", "declaration", 424242, {"enterprise_id": enterprise.id}
                )
            ],
            at=TEST_NOW,
        )

    result = CliRunner().invoke(
        cli, ["worker", "--once", "--database-url", committing_postgresql.url]
    )
    assert result.exit_code == 0, result.output
    assert result.output.startswith("events ")
    assert int(result.output.split()[1].rstrip(";")) >= 1

    with transaction(factory) as session:
        made = session.scalars(
            select(TraderNotification).where(TraderNotification.declaration_id == 424242)
        ).all()
        assert [(n.code, n.enterprise_id) for n in made] == [
            ("declaration_rejected", enterprise.id)
        ]


def test_the_dead_letter_commands_answer_operators_only(committing_postgresql: Database) -> None:
    url = committing_postgresql.url
    listed = CliRunner().invoke(cli, ["notifications", "dead-letters", "--database-url", url])
    assert listed.exit_code == 0, listed.output
    assert listed.output.startswith("0 dead letters")

    refused = CliRunner().invoke(
        cli, ["notifications", "dead-letters", "--as", "lan", "--database-url", url]
    )
    assert refused.exit_code == 2
    assert "supervisors and administrators" in refused.output

    unknown = CliRunner().invoke(cli, ["notifications", "replay", "987654", "--database-url", url])
    assert unknown.exit_code == 2
    assert "Delivery 987654 not found" in unknown.output
