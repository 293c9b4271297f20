"""`smartcustoms permits load | registry`: the control registry and the procedures."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, NoReturn

import typer

from smartcustoms.config import get_settings
from smartcustoms.db import make_engine, make_session_factory, transaction
from smartcustoms.errors import DomainError
from smartcustoms.kit.clock import SystemClock
from smartcustoms.permits import service

permits_app = typer.Typer(
    help="The single window: the control registry and the procedures.", no_args_is_help=True
)

DatabaseUrl = Annotated[
    str | None, typer.Option("--database-url", help="Defaults to SMARTCUSTOMS_DATABASE_URL.")
]


def _fail(error: DomainError) -> NoReturn:
    typer.echo(f"error: {error.message_en}", err=True)
    raise typer.Exit(code=2)


@permits_app.command("load")
def load(
    registry: Annotated[Path | None, typer.Option(help="The registry CSV")] = None,
    procedures: Annotated[Path | None, typer.Option(help="The procedures YAML")] = None,
    sample: Annotated[bool, typer.Option(help="Load the SAMPLE files shipped here")] = False,
    database_url: DatabaseUrl = None,
) -> None:
    """Load agencies and procedures and replace the registry; nothing is loaded if any
    entry is bad or two entries overlap (the error names both)."""
    if not sample and (registry is None or procedures is None):
        raise typer.BadParameter("give --registry and --procedures, or --sample")
    registry_path = service.SAMPLE_REGISTRY if sample or registry is None else registry
    procedures_path = service.SAMPLE_PROCEDURES if sample or procedures is None else procedures
    engine = make_engine(database_url or get_settings().database_url)
    try:
        with transaction(make_session_factory(engine)) as session:
            loaded = service.load_definitions(
                session,
                registry_text=registry_path.read_text(encoding="utf-8"),
                procedures_text=procedures_path.read_text(encoding="utf-8"),
                source=("SAMPLE " if sample else "") + str(registry_path.name),
                at=SystemClock().now(),
            )
    except DomainError as error:
        _fail(error)
    finally:
        engine.dispose()
    typer.echo(
        f"loaded {loaded.agencies} agencies, {loaded.procedures} procedures, "
        f"{loaded.controls} registry entries"
    )


@permits_app.command("registry")
def show_registry(database_url: DatabaseUrl = None) -> None:
    """The registry in force: prefix, kind of control, procedure, agency."""
    engine = make_engine(database_url or get_settings().database_url)
    try:
        with transaction(make_session_factory(engine)) as session:
            for row in service.registry(session):
                e = row.entry
                typer.echo(
                    f"{e.key:<20} {e.hs_prefix:<8} {e.kind:<15} {e.procedure:<28} {e.agency}"
                    f" {e.direction or 'both'}"
                )
    finally:
        engine.dispose()
