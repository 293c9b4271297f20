"""`smartcustoms signatures verify DECL`: check a declaration's signatures after the fact."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import jwt
import typer
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from smartcustoms.config import get_settings
from smartcustoms.db import make_engine, make_session_factory, transaction
from smartcustoms.errors import DomainError
from smartcustoms.identity.rules import Actor, Role
from smartcustoms.kit.clock import utcnow
from smartcustoms.signatures import service
from smartcustoms.signatures.rules import load_bundle, x5c_of
from smartcustoms.signatures.xades import sign_xml

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
                trusted=service.trust(settings),
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


@signatures_app.command("sign")
def sign(
    file: Annotated[
        Path,
        typer.Argument(
            help="The bytes to sign: a declaration's signed form (JSON, from …/form) or its WCO XML"
        ),
    ],
    key: Annotated[Path, typer.Option("--key", help="The signer's private key (PEM)")],
    cert: Annotated[Path, typer.Option("--cert", help="The signer's certificate (PEM; chain)")],
    out: Annotated[Path | None, typer.Option("--out", help="Defaults to standard output.")] = None,
    at: Annotated[
        datetime | None, typer.Option("--at", help="The signing time to write (default: now).")
    ] = None,
) -> None:
    """Sign as a broker's software does, with no browser: a detached JWS (RS256 or ES256,
    x5c, sigT) over a JSON form, or an enveloped XAdES over an XML document. The key stays
    with the signer; only the signature (or the signed XML) is sent to customs."""
    private = serialization.load_pem_private_key(key.read_bytes(), password=None)
    if not isinstance(private, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey):
        typer.echo("Only RSA and EC (P-256) keys sign here.", err=True)
        raise typer.Exit(code=2)
    chain = load_bundle(cert.read_bytes())
    data = file.read_bytes()
    now = utcnow() if at is None else (at if at.tzinfo else at.replace(tzinfo=UTC))
    if data.lstrip().startswith(b"<"):
        signed = sign_xml(data, key=private, chain=chain, at=now)
    else:
        alg = "ES256" if isinstance(private, ec.EllipticCurvePrivateKey) else "RS256"
        headers = {"x5c": x5c_of(chain), "sigT": now.isoformat()}
        signed = jwt.api_jws.encode(
            data, private, algorithm=alg, headers=headers, is_payload_detached=True
        ).encode()
    if out is None:
        typer.echo(signed.decode())
    else:
        out.write_bytes(signed)
