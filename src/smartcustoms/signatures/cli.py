"""`smartcustoms signatures verify DECL`: check a declaration's signatures after the fact."""

from __future__ import annotations

from typing import Annotated

import typer

from smartcustoms.config import get_settings
from smartcustoms.db import make_engine, make_session_factory, transaction
from smartcustoms.errors import DomainError
from smartcustoms.identity.rules import Actor, Role
from smartcustoms.signatures import service

signatures_app = typer.Typer(help="Digital signatures on declarations.")


@signatures_app.callback()
def _group() -> None:
    """Digital signatures on declarations."""


@signatures_app.command("verify")
def verify(
    declaration_id: Annotated[int, typer.Argument(help="The declaration version's id")],
    database_url: Annotated[
        str | None, typer.Option("--database-url", help="Defaults to SMARTCUSTOMS_DATABASE_URL.")
    ] = None,
    lang: Annotated[str, typer.Option(help="en or vi")] = "en",
) -> None:
    """Check every signature of a declaration again, against the declaration as stored now
    and the trusted CAs configured; exit 1 if any is not valid (or there is none)."""
    settings = get_settings()
    engine = make_engine(database_url or settings.database_url)
    # An administrator's view: the command runs on the server, for any declaration.
    admin = Actor(user_id=0, username="cli", role=Role.ADMIN, organisation_id=None)
    try:
        with transaction(make_session_factory(engine)) as session:
            checks = service.verify_declaration(
                session,
                actor=admin,
                declaration_id=declaration_id,
                trusted=service.trusted_cas(settings.signing_trusted_cas),
            )
    except DomainError as refusal:
        typer.echo(refusal.message(lang), err=True)
        raise typer.Exit(code=2) from refusal
    finally:
        engine.dispose()
    for check in checks:
        mark = "OK " if check.valid else "BAD"
        typer.echo(
            f"{mark} #{check.signature_id}: {check.words.vi if lang == 'vi' else check.words.en}"
        )
    if not checks or not all(c.valid for c in checks):
        raise typer.Exit(code=1)
