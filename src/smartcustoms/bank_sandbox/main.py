"""`smartcustoms bank-sandbox`: serve the sandbox bank on its own port and database.

The service's entry point, which builds its app (so not the `cli` layer beside `api` and
`web`); `smartcustoms.cli` mounts the command.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from smartcustoms.bank_sandbox.config import KeyRefused, SandboxSettings


def bank_sandbox(
    host: str = "127.0.0.1",
    port: int = 8100,
    database_url: Annotated[
        str | None, typer.Option(help="SQLite file or PostgreSQL URL of the bank's own database")
    ] = None,
    shared_key: Annotated[
        str | None,
        typer.Option(help="The key shared with the platform (prefer --shared-key-file)"),
    ] = None,
    shared_key_file: Annotated[
        Path | None, typer.Option(help="A file holding the key shared with the platform")
    ] = None,
    callback_url: Annotated[
        str | None, typer.Option(help="Where to send callbacks for orders that name none")
    ] = None,
    public_url: Annotated[
        str | None, typer.Option(help="The bank's address for payers' browsers")
    ] = None,
    test_controls: Annotated[
        bool, typer.Option(help="Serve /_test: drop, duplicate, delay or reorder callbacks")
    ] = False,
) -> None:
    """Serve the sandbox bank: merchant API, payer pages, callbacks, camt.053 statements."""
    import uvicorn

    from smartcustoms.bank_sandbox.app import create_app

    given: dict[str, Any] = {
        "database_url": database_url,
        "shared_key": shared_key,
        "shared_key_file": shared_key_file,
        "callback_url": callback_url,
        "public_url": public_url,
        "test_controls": test_controls or None,
    }
    # Options given win over SMARTCUSTOMS_BANK_SANDBOX_* variables; the rest come from those.
    settings = SandboxSettings(**{name: value for name, value in given.items() if value})
    if "public_url" not in settings.model_fields_set:
        settings = settings.model_copy(update={"public_url": f"http://{host}:{port}"})
    try:
        app = create_app(settings)
    except KeyRefused as refused:
        typer.echo(f"error: {refused}", err=True)
        raise typer.Exit(code=2) from None
    typer.echo(f"Sandbox bank on http://{host}:{port}/  (merchant API docs: /docs)")
    uvicorn.run(app, host=host, port=port, log_level="info")
