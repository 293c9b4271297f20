"""`smartcustoms notifications …`: the operators' dead-letter list and its replay, and one
push pass on demand (the worker, `smartcustoms worker`, pushes by itself)."""

from __future__ import annotations

from typing import Annotated

import httpx2
import typer
from sqlalchemy.orm import Session

from smartcustoms.config import get_settings
from smartcustoms.db import make_engine, make_session_factory, transaction
from smartcustoms.errors import DomainError
from smartcustoms.identity import service as identity
from smartcustoms.identity.rules import Actor
from smartcustoms.kit.clock import SystemClock
from smartcustoms.notifications import service

notifications_app = typer.Typer(help="Trader notifications: dead letters, replays, pushes.")

DatabaseUrl = Annotated[
    str | None, typer.Option("--database-url", help="Defaults to SMARTCUSTOMS_DATABASE_URL.")
]
Operator = Annotated[str, typer.Option("--as", help="A supervisor's or administrator's name.")]


def _fail(failed: DomainError) -> None:
    typer.echo(f"error: {failed.message_en}", err=True)
    raise typer.Exit(code=2)


@notifications_app.command("dead-letters")
def dead_letters(
    operator: Operator = "admin",
    limit: Annotated[int, typer.Option(min=1, max=500)] = 50,
    database_url: DatabaseUrl = None,
) -> None:
    """List the pushes given up after 14 days unanswered, newest first."""
    engine = make_engine(database_url or get_settings().database_url)
    try:
        with transaction(make_session_factory(engine)) as session:
            actor = _actor(session, operator)
            letters, total = service.dead_letters(session, actor=actor, limit=limit)
            typer.echo(f"{total} dead letters")
            for letter in letters:
                d, n = letter.delivery, letter.notification
                typer.echo(
                    f"  delivery {d.id}: notification {n.id} ({n.code}) to enterprise "
                    f"{n.enterprise_id}, {d.attempts} attempts, last: {d.last_error}, {d.url}"
                )
    except DomainError as failed:
        _fail(failed)
    finally:
        engine.dispose()


@notifications_app.command("replay")
def replay(
    delivery_ids: Annotated[list[int], typer.Argument(help="Dead deliveries to try again.")],
    operator: Operator = "admin",
    database_url: DatabaseUrl = None,
) -> None:
    """Put dead pushes back in the queue, due now (the worker sends them)."""
    engine = make_engine(database_url or get_settings().database_url)
    try:
        with transaction(make_session_factory(engine)) as session:
            actor = _actor(session, operator)
            at = SystemClock().now()
            for delivery_id in delivery_ids:
                service.replay_dead_letter(session, actor=actor, delivery_id=delivery_id, at=at)
        typer.echo(f"replayed: {len(delivery_ids)}")
    except DomainError as failed:
        _fail(failed)
    finally:
        engine.dispose()


@notifications_app.command("push")
def push(database_url: DatabaseUrl = None) -> None:
    """Send the pushes due now, once."""
    settings = get_settings()
    engine = make_engine(database_url or settings.database_url)
    try:
        with (
            httpx2.Client(timeout=settings.notifications_timeout_seconds) as client,
            transaction(make_session_factory(engine)) as session,
        ):
            done = service.push_due(
                session,
                sender=service.HttpSender(client, service.outbound_policy(settings)),
                at=SystemClock().now(),
            )
    finally:
        engine.dispose()
    typer.echo(f"delivered {done.delivered}, to retry {done.failed}, dead {done.dead}")


def _actor(session: Session, username: str) -> Actor:
    user = identity.find_user(session, username=username)
    if user is None:
        raise typer.BadParameter(f"no user named {username!r}")
    return identity.actor_for(session, user_id=user.id)
