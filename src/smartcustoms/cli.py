"""The `smartcustoms` command line."""

from __future__ import annotations

import json
from typing import Annotated, NoReturn

import typer
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from smartcustoms.config import Settings, get_settings
from smartcustoms.db import make_engine, make_session_factory, transaction
from smartcustoms.errors import DomainError
from smartcustoms.identity.rules import Role

app = typer.Typer(help="SmartCustoms digital customs platform.", no_args_is_help=True)
users_app = typer.Typer(help="Manage user accounts.", no_args_is_help=True)
app.add_typer(users_app, name="users")


def _mount_domain_clis() -> None:
    from smartcustoms.identity.cli import mount_user_commands

    mount_user_commands(users_app)
    from smartcustoms.reference.cli import reference_app

    app.add_typer(reference_app, name="reference")
    from smartcustoms.tariff.cli import tariff_app

    app.add_typer(tariff_app, name="tariff")
    from smartcustoms.risk.cli import risk_app

    app.add_typer(risk_app, name="risk")
    from smartcustoms.payments.cli import payments_app

    app.add_typer(payments_app, name="payments")
    from smartcustoms.notifications.cli import notifications_app

    app.add_typer(notifications_app, name="notifications")
    from smartcustoms.partners.cli import partner_app

    app.add_typer(partner_app, name="partner")
    from smartcustoms.audit.cli import audit_app

    app.add_typer(audit_app, name="audit")
    from smartcustoms.signatures.cli import signatures_app

    app.add_typer(signatures_app, name="signatures")
    from smartcustoms.border.cli import simulate_app

    app.add_typer(simulate_app, name="simulate")
    from smartcustoms.permits.cli import permits_app

    app.add_typer(permits_app, name="permits")
    from smartcustoms.bank_sandbox.main import bank_sandbox

    app.command("bank-sandbox")(bank_sandbox)


def fail(error: DomainError) -> NoReturn:
    typer.echo(f"error: {error.message_en}", err=True)
    for field_error in getattr(error, "errors", []):
        typer.echo(f"  {field_error.path}: {field_error.message_en}", err=True)
    raise typer.Exit(code=2)


@app.command()
def migrate(database_url: Annotated[str | None, typer.Option()] = None) -> None:
    """Bring the database schema up to date."""
    from smartcustoms.migrate import upgrade

    upgrade(database_url or get_settings().database_url)
    typer.echo("database is up to date")


@app.command()
def serve(
    host: str = "127.0.0.1",
    port: int = 8000,
    workers: Annotated[int, typer.Option(help="Worker processes")] = 1,
    generate_secret: Annotated[
        bool,
        typer.Option(
            help="Unless SMARTCUSTOMS_SECRET_KEY is set, create the file named by "
            "SMARTCUSTOMS_SECRET_KEY_FILE with a random secret (mode 0600) if it does not exist."
        ),
    ] = False,
) -> None:
    """Serve the portal and the API."""
    import uvicorn

    from smartcustoms.secret_key import SecretKeyRefused, generate_secret_file, signing_secret

    settings = get_settings()
    if generate_secret and settings.secret_key is None:
        if settings.secret_key_file is None:
            typer.echo("error: --generate-secret needs SMARTCUSTOMS_SECRET_KEY_FILE", err=True)
            raise typer.Exit(code=2)
        if generate_secret_file(settings.secret_key_file):
            typer.echo(f"new secret key written to {settings.secret_key_file} (mode 0600)")
    # Here rather than only in the workers, so a refusal is one message, not a traceback each.
    # (Dev mode refuses nothing; create_app gives its warning.)
    if not settings.dev_mode:
        try:
            signing_secret(settings)
        except SecretKeyRefused as refused:
            typer.echo(f"error: {refused.message_en}", err=True)
            raise typer.Exit(code=2) from None
    typer.echo(f"SmartCustoms on http://{host}:{port}/  (API docs: /api/docs)")
    uvicorn.run(
        "smartcustoms.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="info",
    )


@app.command()
def worker(
    once: Annotated[bool, typer.Option(help="Run one pass and stop")] = False,
    database_url: Annotated[str | None, typer.Option()] = None,
) -> None:
    """Deliver the outbox: payments notices, trader notifications (stored and pushed), ACDD
    and other messages to partner customs, and the RabbitMQ relay if SMARTCUSTOMS_AMQP_URL
    is set. Run several on PostgreSQL, one on SQLite."""
    from datetime import timedelta

    import httpx2

    from smartcustoms.kit.clock import SystemClock
    from smartcustoms.notifications.service import HttpSender, outbound_policy
    from smartcustoms.worker import (
        Worker,
        checkpoint_key_from,
        event_handlers,
        models_dir_from,
        relay_from,
        signer_from,
    )

    settings = get_settings()
    engine = make_engine(database_url or settings.database_url)
    with httpx2.Client(timeout=settings.notifications_timeout_seconds) as client:
        running = Worker(
            session_factory=make_session_factory(engine),
            clock=SystemClock(),
            handlers=event_handlers(
                relay_from(settings),
                partner_signer=signer_from(settings),
                models_dir=models_dir_from(settings),
            ),
            sender=HttpSender(client, outbound_policy(settings)),
            batch=settings.worker_batch,
            poll_seconds=settings.worker_poll_seconds,
            checkpoint_key=checkpoint_key_from(settings),
            checkpoint_every=timedelta(hours=settings.audit_checkpoint_hours),
        )
        try:
            if once:
                done = running.run_pass()
                typer.echo(
                    f"events {done.events}; pushed {done.push.delivered}, "
                    f"to retry {done.push.failed}, dead {done.push.dead}; "
                    f"to partners {done.partner.delivered}, to retry {done.partner.failed}"
                )
            else:
                typer.echo(f"worker on {engine.url.render_as_string(hide_password=True)}")
                running.run()
        except KeyboardInterrupt:
            running.stop.set()
        finally:
            engine.dispose()


@app.command("seed-demo")
def seed_demo(database_url: Annotated[str | None, typer.Option()] = None) -> None:
    """Create the demo accounts, a first fraud model and two declarations (idempotent)."""
    from smartcustoms.adapters.storage import LocalBlobStorage
    from smartcustoms.demo import DEMO_PASSWORD, seed, seed_declarations, seed_permit_application
    from smartcustoms.identity.cli import demo_second_factors
    from smartcustoms.kit.clock import utcnow
    from smartcustoms.registration import build_registration

    settings = get_settings()
    engine = make_engine(database_url or settings.database_url)
    with transaction(make_session_factory(engine)) as session:
        accounts = seed(session, at=utcnow())
    enrolled = demo_second_factors(engine, settings)
    # The model first, so the demo declarations are scored by it.
    typer.echo(_demo_model(engine, settings))
    try:
        with transaction(make_session_factory(engine)) as session:
            created = seed_declarations(session, build_registration(settings), at=utcnow())
    except DomainError as error:
        typer.echo(f"demo declarations not created: {error.message_en}", err=True)
        created = 0
    typer.echo(f"demo declarations created: {created}")
    try:
        with transaction(make_session_factory(engine)) as session:
            storage = LocalBlobStorage(settings.documents_dir)
            applied = seed_permit_application(session, storage, at=utcnow())
    except DomainError as error:
        typer.echo(f"demo licence application not created: {error.message_en}", err=True)
        applied = 0
    typer.echo(f"demo licence applications created: {applied}")
    from smartcustoms.demo import seed_signing

    with transaction(make_session_factory(engine)) as session:
        signer = seed_signing(session, settings.var_dir / "signing", at=utcnow())
    if signer is not None:
        typer.echo(
            f"demo signing (SAMPLE CA, generated here): trust {signer.ca_cert} in"
            " SMARTCUSTOMS_SIGNING_TRUSTED_CAS (make run does); lan signs with"
            f" `smartcustoms signatures sign --key {signer.key} --cert {signer.cert} FILE`"
        )
    typer.echo("demo accounts (password for all: " + DEMO_PASSWORD + "):")
    for username, description in accounts:
        typer.echo(f"  {username:<12} {description}")
    if enrolled:
        typer.echo(
            "two-factor sign-in is on for " + ", ".join(enrolled) + " (SAMPLE secrets): "
            "`make totp-code NAME=hoa` (smartcustoms users totp-code NAME) prints the code"
        )


def _demo_model(engine: Engine, settings: Settings) -> str:
    """Train and activate a first fraud model from the KCS sample shipped in the package."""
    from smartcustoms.identity import service as identity
    from smartcustoms.kit.clock import utcnow
    from smartcustoms.risk import training

    # Always the shipped sample, not the full files: every install gets the model its card
    # describes (risk/ml/data/MODEL_CARD.md), in a few seconds, with nothing outside the package.
    data = training.kcs_training_data(None)
    if not all(path.exists() for path in data.training_paths):
        return "fraud model: none (the KCS sample is missing from the package: reinstall)"
    with transaction(make_session_factory(engine)) as session:
        supervisor = identity.find_user(session, username="son")
        if supervisor is None:
            return "fraud model: none (no supervisor account)"
        actor = identity.actor_for(session, user_id=supervisor.id)
        if training.list_model_versions(session, actor=actor):
            return "fraud model: already trained"
        version = training.train_model_version(
            session,
            actor=actor,
            data=data,
            models_dir=training.models_dir(settings.var_dir),
            at=utcnow(),
            activate=True,
        )
        return (
            f"fraud model: version {version.id} trained on the shipped KCS sample "
            f"({version.training_rows:,} declarations) and active"
        )


@users_app.command("create")
def users_create(
    username: str,
    role: Annotated[Role, typer.Option()],
    full_name: Annotated[str, typer.Option()],
    password: Annotated[str, typer.Option(prompt=True, hide_input=True, confirmation_prompt=True)],
    tax_code: Annotated[str | None, typer.Option(help="Enterprise MST (traders)")] = None,
    office: Annotated[str | None, typer.Option(help="Customs office code (officers)")] = None,
    database_url: Annotated[str | None, typer.Option()] = None,
) -> None:
    """Create a user account."""
    from smartcustoms.identity import service
    from smartcustoms.identity.rules import normalise_tax_code
    from smartcustoms.kit.clock import utcnow

    engine = make_engine(database_url or get_settings().database_url)
    try:
        with transaction(make_session_factory(engine)) as session:
            organisation_id = None
            if tax_code:
                org = service.enterprise_by_tax_code(session, tax_code=normalise_tax_code(tax_code))
                if org is None:
                    raise typer.BadParameter(f"no enterprise with tax code {tax_code}")
                organisation_id = org.id
            user = service.create_user(
                session,
                username=username,
                password=password,
                full_name=full_name,
                role=role,
                organisation_id=organisation_id,
                office_code=office,
                at=utcnow(),
            )
            typer.echo(json.dumps({"id": user.id, "username": user.username, "role": user.role}))
    except DomainError as error:
        fail(error)


def _find_user_id(session: Session, username: str) -> int:
    from smartcustoms.identity import service

    user = service.find_user(session, username=username)
    if user is None:
        raise typer.BadParameter(f"no user named {username!r}")
    return user.id


@users_app.command("disable")
def users_disable(
    username: str,
    reason: Annotated[str, typer.Option(help="Why the account is disabled (kept with it)")],
    database_url: Annotated[str | None, typer.Option()] = None,
) -> None:
    """Disable an account: sign-in, its access tokens and portal sessions stop at once."""
    from smartcustoms.identity import service
    from smartcustoms.kit.clock import utcnow

    engine = make_engine(database_url or get_settings().database_url)
    try:
        with transaction(make_session_factory(engine)) as session:
            user_id = _find_user_id(session, username)
            user = service.disable_user(session, user_id=user_id, reason=reason, at=utcnow())
            typer.echo(json.dumps({"id": user.id, "username": user.username, "active": False}))
    except DomainError as error:
        fail(error)


@users_app.command("revoke-tokens")
def users_revoke_tokens(
    username: str,
    database_url: Annotated[str | None, typer.Option()] = None,
) -> None:
    """End every access token and portal session of a user (sign out everywhere)."""
    from smartcustoms.identity import service
    from smartcustoms.kit.clock import utcnow

    engine = make_engine(database_url or get_settings().database_url)
    try:
        with transaction(make_session_factory(engine)) as session:
            user = service.revoke_tokens(
                session, user_id=_find_user_id(session, username), at=utcnow()
            )
            typer.echo(json.dumps({"id": user.id, "username": user.username, "revoked": True}))
    except DomainError as error:
        fail(error)


@users_app.command("link-national-id")
def users_link_national_id(
    username: str,
    national_id: Annotated[str, typer.Argument(help="The person's 12-digit CCCD number")],
    database_url: Annotated[str | None, typer.Option()] = None,
) -> None:
    """Link an account to a person's national ID number: they may then sign in with VNeID."""
    from smartcustoms.identity import service

    engine = make_engine(database_url or get_settings().database_url)
    try:
        with transaction(make_session_factory(engine)) as session:
            user = service.link_national_id(
                session, user_id=_find_user_id(session, username), national_id=national_id
            )
            typer.echo(json.dumps({"id": user.id, "username": user.username, "linked": True}))
    except DomainError as error:
        fail(error)


_mount_domain_clis()
