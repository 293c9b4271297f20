"""`smartcustoms audit …`: recompute the audit chain and report the first broken record;
sign checkpoints of its head and export them for outside parties."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from smartcustoms.audit import keys, service
from smartcustoms.config import get_settings
from smartcustoms.db import make_engine, make_session_factory, transaction
from smartcustoms.declarations import service as declarations
from smartcustoms.errors import DomainError
from smartcustoms.kit.clock import SystemClock

audit_app = typer.Typer(help="The tamper-evident audit trail.")

# The tables whose rows the chain vouches for, and how to read them now.
WITNESSES: list[service.Witness] = [(declarations.HISTORY_TABLE, declarations.stored_history)]

DatabaseUrl = Annotated[
    str | None, typer.Option("--database-url", help="Defaults to SMARTCUSTOMS_DATABASE_URL.")
]
KeyFile = Annotated[
    Path | None,
    typer.Option(
        "--key-file",
        help="The checkpoint key (Ed25519, PEM); SMARTCUSTOMS_AUDIT_CHECKPOINT_KEY_FILE.",
    ),
]
Lang = Annotated[str, typer.Option(help="en or vi")]


def _say(error: DomainError, lang: str) -> typer.Exit:
    typer.echo(error.message(lang), err=True)
    return typer.Exit(code=2)


def _key_file(given: Path | None) -> Path | None:
    return given or get_settings().audit_checkpoint_key_file


@audit_app.callback()
def _group() -> None:
    """The tamper-evident audit trail."""


@audit_app.command("verify")
def verify(
    database_url: DatabaseUrl = None,
    key_file: KeyFile = None,
    public_key: Annotated[
        Path | None,
        typer.Option(help="Check signatures with this published public key (PEM) instead."),
    ] = None,
    anchor: Annotated[
        list[Path] | None,
        typer.Option(help="A checkpoints file exported earlier and kept outside (repeatable)."),
    ] = None,
    lang: Lang = "en",
) -> None:
    """Recompute every record's hash from the first, check the chain against every signed
    checkpoint (stored, and those of --anchor files), check the status history against the
    records that vouch for it; exit 1 naming the first broken record."""
    try:
        public: Ed25519PublicKey | None = (
            keys.public_key_from_pem(public_key)
            if public_key is not None
            else keys.public_key(_key_file(key_file))
        )
        anchors = [
            c
            for path in anchor or []
            for c in service.anchors_from(path.read_text(encoding="utf-8"), path=str(path))
        ]
    except DomainError as exc:
        raise _say(exc, lang) from exc
    except OSError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(code=2) from exc
    engine = make_engine(database_url or get_settings().database_url)
    try:
        with transaction(make_session_factory(engine)) as session:
            found = service.verify(session, witnesses=WITNESSES, public_key=public, anchors=anchors)
    finally:
        engine.dispose()
    words = found.texts()
    typer.echo(words.vi if lang == "vi" else words.en)
    if found.broken is not None:
        raise typer.Exit(code=1)


@audit_app.command("checkpoint")
def checkpoint(
    database_url: DatabaseUrl = None, key_file: KeyFile = None, lang: Lang = "en"
) -> None:
    """Sign the chain's head now with the checkpoint key (made in its file at first use) and
    keep the checkpoint; export them with `audit export-checkpoints`."""
    try:
        key = keys.private_key(_key_file(key_file), create=True)
    except DomainError as exc:
        raise _say(exc, lang) from exc
    engine = make_engine(database_url or get_settings().database_url)
    try:
        with transaction(make_session_factory(engine)) as session:
            made = service.make_checkpoint(session, key=key, at=SystemClock().now())
    finally:
        engine.dispose()
    words = service.texts(
        "checkpoint_made",
        seq=made.seq,
        head=made.head_hash[:16],
        at=service.when(made.at),
        key=made.key_id[:16],
    )
    typer.echo(words.vi if lang == "vi" else words.en)


@audit_app.command("export-checkpoints")
def export_checkpoints(
    output: Annotated[Path, typer.Argument(help="The file to write (JSON); - for stdout.")],
    database_url: DatabaseUrl = None,
    key_file: KeyFile = None,
    lang: Lang = "en",
) -> None:
    """Write every signed checkpoint, with the public key, to a file an outside party keeps
    (then `audit verify --anchor FILE` checks the chain against it)."""
    try:
        public = keys.private_key(_key_file(key_file)).public_key()
    except DomainError as exc:
        raise _say(exc, lang) from exc
    engine = make_engine(database_url or get_settings().database_url)
    try:
        with transaction(make_session_factory(engine)) as session:
            document = service.export_checkpoints(session, public_key=public)
    finally:
        engine.dispose()
    if str(output) == "-":
        typer.echo(document, nl=False)
    else:
        output.write_text(document, encoding="utf-8")
