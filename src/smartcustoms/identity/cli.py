"""`smartcustoms users …` commands of identity's own: a demo account's two-factor code, a
lost second factor reset, an API key rotated; and the demo's second factors for seed-demo."""

from __future__ import annotations

import json
from typing import Annotated, NoReturn

import typer
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from smartcustoms.config import Settings, get_settings
from smartcustoms.db import make_engine, make_session_factory, transaction
from smartcustoms.errors import DomainError

_commands = typer.Typer()


def mount_user_commands(users_app: typer.Typer) -> None:
    """Add these commands to `smartcustoms users`."""
    for command in _commands.registered_commands:
        users_app.registered_commands.append(command)


def fail(error: DomainError) -> NoReturn:
    typer.echo(f"error: {error.message_en}", err=True)
    raise typer.Exit(code=2)


def _find_user_id(session: Session, username: str) -> int:
    from smartcustoms.identity import service

    user = service.find_user(session, username=username)
    if user is None:
        raise typer.BadParameter(f"no user named {username!r}")
    return user.id


def demo_second_factors(engine: Engine, settings: Settings) -> list[str]:
    """Enrol the demo's officers, supervisors and administrator with their SAMPLE TOTP
    secrets (encrypted under the platform's secret, made here if `make run`'s file is new)."""
    from smartcustoms.demo import seed_second_factors
    from smartcustoms.kit.clock import utcnow
    from smartcustoms.secret_key import SecretKeyRefused, generate_secret_file, signing_secret

    if settings.secret_key is None and settings.secret_key_file is not None:
        generate_secret_file(settings.secret_key_file)
    try:
        secret = signing_secret(settings)
    except SecretKeyRefused as refused:
        typer.echo(f"demo second factors not set: {refused.message_en}", err=True)
        return []
    with transaction(make_session_factory(engine)) as session:
        return seed_second_factors(
            session,
            signing_secret=secret,
            required_roles=settings.second_factor_required_roles,
            at=utcnow(),
        )


@_commands.command("totp-code")
def users_totp_code(
    username: str,
    database_url: Annotated[str | None, typer.Option()] = None,
) -> None:
    """Print the current two-factor code of a demo account (demo only: refused for any
    account whose secret is not the SAMPLE one `seed-demo` enrolled it with)."""
    from smartcustoms.demo import demo_totp_secret
    from smartcustoms.identity import service
    from smartcustoms.kit.clock import utcnow
    from smartcustoms.secret_key import SecretKeyRefused, signing_secret

    settings = get_settings()
    try:
        secret = signing_secret(settings)
    except SecretKeyRefused as refused:
        typer.echo(f"error: {refused.message_en}", err=True)
        raise typer.Exit(code=2) from None
    engine = make_engine(database_url or settings.database_url)
    try:
        with transaction(make_session_factory(engine)) as session:
            code = service.current_code(
                session,
                username=username,
                published=demo_totp_secret(username),
                signing_secret=secret,
                at=utcnow(),
            )
    except DomainError as error:
        fail(error)
    typer.echo(code)


@_commands.command("reset-second-factor")
def users_reset_second_factor(
    username: str,
    database_url: Annotated[str | None, typer.Option()] = None,
) -> None:
    """Turn a user's two-factor sign-in off (a lost phone): they enrol again at the next
    sign-in, and their sessions end."""
    from smartcustoms.identity import service
    from smartcustoms.kit.clock import utcnow

    engine = make_engine(database_url or get_settings().database_url)
    try:
        with transaction(make_session_factory(engine)) as session:
            user = service.reset_second_factor(
                session, user_id=_find_user_id(session, username), at=utcnow()
            )
            typer.echo(json.dumps({"id": user.id, "username": user.username, "reset": True}))
    except DomainError as error:
        fail(error)


@_commands.command("rotate-api-key")
def users_rotate_api_key(
    key_id: Annotated[str, typer.Argument(help="The key's public id (sck_<key id>_...)")],
    grace_hours: Annotated[
        int | None, typer.Option(help="How long the previous secret keeps working")
    ] = None,
    database_url: Annotated[str | None, typer.Option()] = None,
) -> None:
    """Give an enterprise's API key a new secret (printed once); the previous one keeps
    working for the grace period (SMARTCUSTOMS_API_KEY_ROTATION_GRACE_HOURS by default)."""
    from datetime import timedelta

    from smartcustoms.identity import service
    from smartcustoms.kit.clock import utcnow

    settings = get_settings()
    hours = settings.api_key_rotation_grace_hours if grace_hours is None else grace_hours
    if not 0 <= hours <= 24 * 30:
        raise typer.BadParameter("the grace period is 0 to 720 hours")
    engine = make_engine(database_url or settings.database_url)
    try:
        with transaction(make_session_factory(engine)) as session:
            view, secret = service.rotate_api_key_as_operator(
                session, key_id=key_id.strip(), grace=timedelta(hours=hours), at=utcnow()
            )
            until = view.previous_valid_until
            typer.echo(
                json.dumps(
                    {
                        "key_id": view.key_id,
                        "api_key": secret,
                        "previous_valid_until": until.isoformat() if until else None,
                    }
                )
            )
    except DomainError as error:
        fail(error)
