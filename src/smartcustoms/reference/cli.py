"""`smartcustoms reference …` commands."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from smartcustoms.config import get_settings
from smartcustoms.db import make_engine, make_session_factory, transaction
from smartcustoms.kit.clock import utcnow
from smartcustoms.reference.service import load_reference

reference_app = typer.Typer(help="Reference data: HS codes, countries, currencies, locations …")


@reference_app.callback()
def _group() -> None:
    """Reference data: HS codes, countries, currencies, locations, units, code lists."""
    # A callback keeps `load` a named subcommand even while it is the only one.


@reference_app.command("load")
def load(
    database_url: Annotated[
        str | None, typer.Option("--database-url", help="Defaults to SMARTCUSTOMS_DATABASE_URL.")
    ] = None,
    data_dir: Annotated[
        Path | None, typer.Option("--data-dir", help="Load from this folder, not the package.")
    ] = None,
) -> None:
    """Load (or refresh) every reference table; safe to run again."""
    engine = make_engine(database_url or get_settings().database_url)
    try:
        with transaction(make_session_factory(engine)) as session:
            report = load_reference(session, data_dir=data_dir, at=utcnow())
    finally:
        engine.dispose()
    for table, count in report.counts.items():
        typer.echo(f"{table:24} {count:>8,} rows ({report.written[table]:,} written)")
    typer.echo(f"loaded in {report.seconds:.1f} s")
