"""`smartcustoms partner …`: the registry of partner customs administrations."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from smartcustoms.config import get_settings
from smartcustoms.db import make_engine, make_session_factory, transaction
from smartcustoms.errors import DomainError
from smartcustoms.identity import service as identity
from smartcustoms.kit.clock import SystemClock
from smartcustoms.partners import service

partner_app = typer.Typer(help="Partner customs administrations (ASEAN, FTA partners).")

DatabaseUrl = Annotated[
    str | None, typer.Option("--database-url", help="Defaults to SMARTCUSTOMS_DATABASE_URL.")
]


@partner_app.command("add")
def add(
    country: Annotated[str, typer.Argument(help="ISO 3166 two-letter code, e.g. TH")],
    name: Annotated[str, typer.Option()],
    endpoint: Annotated[str, typer.Option(help="https address its messages are sent to")],
    key_file: Annotated[Path, typer.Option(help="Its Ed25519 public key (PEM)")],
    operator: Annotated[str, typer.Option("--as", help="An administrator's name")] = "admin",
    database_url: DatabaseUrl = None,
) -> None:
    """Register a partner customs administration."""
    engine = make_engine(database_url or get_settings().database_url)
    try:
        with transaction(make_session_factory(engine)) as session:
            user = identity.find_user(session, username=operator)
            if user is None:
                raise typer.BadParameter(f"no user named {operator!r}")
            found = service.register_partner(
                session,
                actor=identity.actor_for(session, user_id=user.id),
                details=service.PartnerDetails(
                    country, name, endpoint, key_file.read_text(encoding="utf-8")
                ),
                at=SystemClock().now(),
            )
            typer.echo(f"{found.country}: {found.name}, key {found.key_fingerprint[:16]}")
    except DomainError as failed:
        typer.echo(f"error: {failed.message_en}", err=True)
        raise typer.Exit(code=2) from None
    finally:
        engine.dispose()


@partner_app.command("list")
def list_partners(
    operator: Annotated[str, typer.Option("--as", help="An administrator's name")] = "admin",
    database_url: DatabaseUrl = None,
) -> None:
    """The registered partners, by country."""
    engine = make_engine(database_url or get_settings().database_url)
    try:
        with transaction(make_session_factory(engine)) as session:
            user = identity.find_user(session, username=operator)
            if user is None:
                raise typer.BadParameter(f"no user named {operator!r}")
            actor = identity.actor_for(session, user_id=user.id)
            for p in service.partners(session, actor=actor):
                state = "active" if p.active else "off"
                typer.echo(f"{p.country}  {state:<6} {p.endpoint}  {p.name}")
    except DomainError as failed:
        typer.echo(f"error: {failed.message_en}", err=True)
        raise typer.Exit(code=2) from None
    finally:
        engine.dispose()
