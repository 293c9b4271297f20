"""`smartcustoms tariff import | quote`."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from smartcustoms.config import get_settings
from smartcustoms.db import make_engine, make_session_factory, transaction
from smartcustoms.errors import DomainError
from smartcustoms.kit.clock import utcnow
from smartcustoms.reference import service as reference
from smartcustoms.tariff import rules, service
from smartcustoms.tariff.importer import SAMPLE_DIR

tariff_app = typer.Typer(help="Tariff schedules and duty quotes.", no_args_is_help=True)


class QuoteDirection(StrEnum):
    IMPORT = "import"
    EXPORT = "export"


def _fail(error: DomainError) -> NoReturn:
    typer.echo(f"error: {error.message_en}", err=True)
    for field_error in getattr(error, "errors", []):
        typer.echo(f"  {field_error.path}: {field_error.message_en}", err=True)
    raise typer.Exit(code=2)


def _decimal(text: str, name: str) -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation as exc:
        raise typer.BadParameter(f"{name} must be a number, not {text!r}") from exc
    if not value.is_finite():
        raise typer.BadParameter(f"{name} must be a finite number")
    return value


@tariff_app.command("import")
def import_command(
    directory: Annotated[Path | None, typer.Argument(help="Folder with the five CSV files")] = None,
    sample: Annotated[bool, typer.Option(help="Load the SAMPLE schedule shipped here")] = False,
    database_url: Annotated[str | None, typer.Option()] = None,
) -> None:
    """Check every row and load the schedule; nothing is loaded if any row is bad."""
    if directory is None and not sample:
        raise typer.BadParameter("give a DIRECTORY or --sample")
    folder = SAMPLE_DIR if sample or directory is None else directory
    engine = make_engine(database_url or get_settings().database_url)
    try:
        with transaction(make_session_factory(engine)) as session:
            catalog = reference.get_catalog(session)
            record = service.import_directory(session, folder, catalog=catalog, at=utcnow())
            typer.echo(json.dumps({"import_id": record.id, **record.counts}))
    except DomainError as error:
        _fail(error)


@tariff_app.command("quote")
def quote_command(
    hs: Annotated[str, typer.Option("--hs", help="National 8-digit line")],
    origin: Annotated[str, typer.Option(help="Country of origin, ISO alpha-2")],
    value: Annotated[str, typer.Option(help="Invoice value of the item")],
    currency: Annotated[str, typer.Option()],
    quantity: Annotated[str, typer.Option()],
    unit: Annotated[str, typer.Option(help="UN/ECE Rec 20 unit, e.g. H87, KGM, LTR")],
    on: Annotated[str, typer.Option("--date", help="YYYY-MM-DD")],
    incoterms: Annotated[str, typer.Option()] = "CIF",
    freight: Annotated[str, typer.Option()] = "0",
    insurance: Annotated[str, typer.Option()] = "0",
    proof: Annotated[list[str] | None, typer.Option(help="Proof-of-origin form(s)")] = None,
    direction: Annotated[QuoteDirection, typer.Option("--type")] = QuoteDirection.IMPORT,
    database_url: Annotated[str | None, typer.Option()] = None,
) -> None:
    """Print the duties and taxes of one item as JSON."""
    try:
        day = date.fromisoformat(on)
        incoterm = rules.Incoterm(incoterms.upper())
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from exc
    request = rules.QuoteRequest(
        hs8=hs.replace(".", ""),
        origin=origin.upper(),
        value=_decimal(value, "--value"),
        currency=currency.upper(),
        quantity=_decimal(quantity, "--quantity"),
        unit=unit.upper(),
        date=day,
        incoterm=incoterm,
        freight=_decimal(freight, "--freight"),
        insurance=_decimal(insurance, "--insurance"),
        proofs=frozenset(p.upper() for p in proof or ()),
        direction=rules.Direction(direction.value),
    )
    engine = make_engine(database_url or get_settings().database_url)
    try:
        with transaction(make_session_factory(engine)) as session:
            result = service.quote(session, request)
    except DomainError as error:
        _fail(error)
    typer.echo(json.dumps(result.summary(), ensure_ascii=False))
