"""`smartcustoms payments …` commands: the notification job, for cron or a scheduler."""

from __future__ import annotations

from typing import Annotated

import typer

from smartcustoms.config import get_settings
from smartcustoms.db import make_engine, make_session_factory, transaction
from smartcustoms.kit.clock import SystemClock
from smartcustoms.payments import service

payments_app = typer.Typer(help="Payments: duty reminders and notifications.")


@payments_app.callback()
def _group() -> None:
    """Payments: duty reminders and notifications."""
    # A callback keeps `remind` a named subcommand even while it is the only one.


@payments_app.command("remind")
def remind(
    database_url: Annotated[
        str | None, typer.Option("--database-url", help="Defaults to SMARTCUSTOMS_DATABASE_URL.")
    ] = None,
) -> None:
    """Remind enterprises of duty due within 3 days or overdue, and store the notifications
    waiting in the outbox (low balances too); safe to run again (run it daily, or hourly)."""
    # Imported here: the worker's composition root imports this domain's service.
    from smartcustoms.worker import (
        handlers_besides_payments,
        models_dir_from,
        relay_from,
        signer_from,
    )

    settings = get_settings()
    engine = make_engine(database_url or settings.database_url)
    at = SystemClock().now()
    # The events it claims are marked delivered: the platform's other handlers (the trader
    # notifications, the relay) see them in the same pass.
    also = handlers_besides_payments(
        relay_from(settings),
        partner_signer=signer_from(settings),
        models_dir=models_dir_from(settings),
    )
    try:
        with transaction(make_session_factory(engine)) as session:
            sent = service.remind(session, at=at)
            made = service.deliver(session, at=at, also=also)
    finally:
        engine.dispose()
    typer.echo(f"reminders: {sent.due} duty due, {sent.overdue} overdue; {made} notifications")
