"""`smartcustoms audit …`: recompute the audit chain and report the first broken record."""

from __future__ import annotations

from typing import Annotated

import typer

from smartcustoms.audit import service
from smartcustoms.config import get_settings
from smartcustoms.db import make_engine, make_session_factory, transaction
from smartcustoms.declarations import service as declarations

audit_app = typer.Typer(help="The tamper-evident audit trail.")

# The tables whose rows the chain vouches for, and how to read them now.
WITNESSES: list[service.Witness] = [(declarations.HISTORY_TABLE, declarations.stored_history)]


@audit_app.callback()
def _group() -> None:
    """The tamper-evident audit trail."""


@audit_app.command("verify")
def verify(
    database_url: Annotated[
        str | None, typer.Option("--database-url", help="Defaults to SMARTCUSTOMS_DATABASE_URL.")
    ] = None,
    lang: Annotated[str, typer.Option(help="en or vi")] = "en",
) -> None:
    """Recompute every record's hash from the first, check the status history against the
    records that vouch for it; exit 1 naming the first broken record."""
    engine = make_engine(database_url or get_settings().database_url)
    try:
        with transaction(make_session_factory(engine)) as session:
            found = service.verify(session, witnesses=WITNESSES)
    finally:
        engine.dispose()
    words = found.texts()
    typer.echo(words.vi if lang == "vi" else words.en)
    if found.broken is not None:
        raise typer.Exit(code=1)
