"""`smartcustoms partner …`: the registry of partner customs administrations, and the
messages exchanged with them (send, messages, retry)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from sqlalchemy.orm import Session

from smartcustoms.config import get_settings
from smartcustoms.db import make_engine, make_session_factory, transaction
from smartcustoms.errors import DomainError
from smartcustoms.identity import service as identity
from smartcustoms.identity.rules import Actor
from smartcustoms.kit.clock import SystemClock
from smartcustoms.notifications import service as notifications
from smartcustoms.partners import service
from smartcustoms.partners.rules import MESSAGE_TYPES

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
    settings = get_settings()
    engine = make_engine(database_url or settings.database_url)
    try:
        with transaction(make_session_factory(engine)) as session:
            user = identity.find_user(session, username=operator)
            if user is None:
                raise typer.BadParameter(f"no user named {operator!r}")
            found = service.register_partner(
                session,
                actor=identity.actor_for(session, user_id=user.id),
                details=service.PartnerDetails(
                    country,
                    name,
                    endpoint,
                    key_file.read_text(encoding="utf-8"),
                    ours=settings.partners_country,
                    allow_http=settings.partners_allow_http,
                    outbound=notifications.outbound_policy(settings),
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


def _actor_of(session: Session, operator: str) -> Actor:
    user = identity.find_user(session, username=operator)
    if user is None:
        raise typer.BadParameter(f"no user named {operator!r}")
    return identity.actor_for(session, user_id=user.id)


@partner_app.command("send")
def send(
    country: Annotated[str, typer.Argument(help="The partner's ISO code, e.g. TH")],
    type_: Annotated[str, typer.Option("--type", help="acdd, eco or note")] = "note",
    body_file: Annotated[Path | None, typer.Option(help="The message body: a JSON object")] = None,
    acdd_of: Annotated[
        int | None, typer.Option(help="Send the ACDD of this export declaration")
    ] = None,
    key_file: Annotated[
        Path | None,
        typer.Option(help="Our Ed25519 private key (PEM); SMARTCUSTOMS_PARTNERS_SIGNING_KEY_FILE"),
    ] = None,
    operator: Annotated[str, typer.Option("--as", help="An officer's name")] = "admin",
    database_url: DatabaseUrl = None,
) -> None:
    """Queue a signed message to a partner; `smartcustoms worker` delivers it."""
    settings = get_settings()
    signer = service.signer_from(
        settings.partners_country, key_file or settings.partners_signing_key_file
    )
    engine = make_engine(database_url or settings.database_url)
    try:
        with transaction(make_session_factory(engine)) as session:
            service.require_customs(_actor_of(session, operator))
            body, declaration_id = _body(session, type_, body_file, acdd_of)
            found = service.queue_message(
                session,
                signer=signer,
                country=country,
                type=type_,
                body=body,
                at=SystemClock().now(),
                declaration_id=declaration_id,
                reference=body.get("transport_document") or body.get("reference_number"),
            )
            typer.echo(f"queued {found.id} {found.message_id} ({found.type} to {found.country})")
    except DomainError as failed:
        typer.echo(f"error: {failed.message_en}", err=True)
        raise typer.Exit(code=2) from None
    finally:
        engine.dispose()


def _body(
    session: Session, type_: str, body_file: Path | None, acdd_of: int | None
) -> tuple[dict[str, Any], int | None]:
    if type_ not in MESSAGE_TYPES:
        raise typer.BadParameter(f"--type is one of {', '.join(sorted(MESSAGE_TYPES))}")
    if acdd_of is not None:
        made = service.acdd_of(session, acdd_of)
        if made is None or type_ != "acdd":
            raise typer.BadParameter(f"declaration {acdd_of} is no export with a destination")
        return made[1], acdd_of
    if body_file is None:
        raise typer.BadParameter("give --body-file (or --acdd-of)")
    try:
        body = json.loads(body_file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as failed:
        raise typer.BadParameter(f"{body_file}: {failed}") from None
    if not isinstance(body, dict):
        raise typer.BadParameter(f"{body_file} does not hold a JSON object")
    return body, None


@partner_app.command("messages")
def list_messages(
    direction: Annotated[str | None, typer.Option(help="in or out")] = None,
    operator: Annotated[str, typer.Option("--as", help="An officer's name")] = "admin",
    database_url: DatabaseUrl = None,
) -> None:
    """Messages exchanged with partners, newest first, with their state."""
    engine = make_engine(database_url or get_settings().database_url)
    try:
        with transaction(make_session_factory(engine)) as session:
            actor = _actor_of(session, operator)
            for m in service.messages(session, actor=actor, direction=direction):
                retry_at = m.next_attempt_at.isoformat() if m.next_attempt_at else "-"
                typer.echo(
                    f"{m.id:>6} {m.direction:<3} {m.country} {m.type:<4} {m.state:<9} "
                    f"attempts {m.attempts} next {retry_at} {m.message_id}"
                )
    except DomainError as failed:
        typer.echo(f"error: {failed.message_en}", err=True)
        raise typer.Exit(code=2) from None
    finally:
        engine.dispose()


@partner_app.command("retry")
def retry(
    message: Annotated[int, typer.Argument(help="The message's number (partner messages)")],
    operator: Annotated[str, typer.Option("--as", help="An officer's name")] = "admin",
    database_url: DatabaseUrl = None,
) -> None:
    """Send an outgoing message again at the worker's next pass (waiting or given up)."""
    engine = make_engine(database_url or get_settings().database_url)
    try:
        with transaction(make_session_factory(engine)) as session:
            found = service.retry(
                session, actor=_actor_of(session, operator), message=message, at=SystemClock().now()
            )
            typer.echo(f"{found.id} {found.message_id}: due now")
    except DomainError as failed:
        typer.echo(f"error: {failed.message_en}", err=True)
        raise typer.Exit(code=2) from None
    finally:
        engine.dispose()
