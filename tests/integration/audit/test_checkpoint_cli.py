"""`smartcustoms audit checkpoint`, `export-checkpoints` and `verify --anchor` on a database
the command line writes to for real: an outside party's copy finds a truncation after the
stored checkpoints were deleted too."""

from __future__ import annotations

from pathlib import Path

from cryptography.hazmat.primitives.serialization import load_pem_private_key
from sqlalchemy import text
from typer.testing import CliRunner

from smartcustoms.audit import service as audit
from smartcustoms.audit.rules import public_pem
from smartcustoms.cli import app as cli
from smartcustoms.db import make_session_factory, transaction
from support import TEST_NOW, Database


def _append(database: Database, count: int) -> None:
    with transaction(make_session_factory(database.engine)) as session:
        audit.append(
            session,
            [
                audit.Entry("sample.changed", "sample", str(i), TEST_NOW, details={"i": i})
                for i in range(count)
            ],
        )


def test_checkpoint_export_and_verify_against_the_kept_file(
    committing_postgresql: Database, tmp_path: Path
) -> None:
    db = ["--database-url", committing_postgresql.url]
    key_file = tmp_path / "audit_checkpoint_key"
    _append(committing_postgresql, 3)

    made = CliRunner().invoke(cli, ["audit", "checkpoint", *db, "--key-file", str(key_file)])
    assert made.exit_code == 0, made.output
    assert made.output.startswith("Checkpoint signed: record ")
    assert key_file.stat().st_mode & 0o077 == 0
    kept = tmp_path / "kept.json"
    exported = CliRunner().invoke(
        cli, ["audit", "export-checkpoints", str(kept), *db, "--key-file", str(key_file)]
    )
    assert exported.exit_code == 0, exported.output
    public = tmp_path / "published.pem"
    key = load_pem_private_key(key_file.read_bytes(), password=None)
    public.write_text(public_pem(key.public_key()))  # type: ignore[arg-type]

    holds = CliRunner().invoke(cli, ["audit", "verify", *db, "--key-file", str(key_file)])
    assert holds.exit_code == 0, holds.output
    assert "signed checkpoints hold" in holds.output

    _append(committing_postgresql, 2)
    with transaction(make_session_factory(committing_postgresql.engine)) as session:
        head = audit.chain_head(session)
        keep = head.seq - 4
        kept_hash = session.execute(
            text("SELECT hash FROM audit_records WHERE seq = :s"), {"s": keep}
        ).scalar_one()
        session.execute(text("DELETE FROM audit_checkpoints"))
        session.execute(text("DELETE FROM audit_records WHERE seq > :s"), {"s": keep})
        session.execute(
            text("UPDATE audit_chain_head SET last_seq = :s, last_hash = :h"),
            {"s": keep, "h": kept_hash},
        )

    anchored = CliRunner().invoke(
        cli,
        [
            "audit",
            "verify",
            *db,
            "--anchor",
            str(kept),
            "--public-key",
            str(public),
            "--lang",
            "vi",
        ],
    )
    assert anchored.exit_code == 1, anchored.output
    assert "Chuỗi đã bị cắt" in anchored.output
    assert f"chuỗi chỉ còn đến bản ghi {keep}" in anchored.output

    foreign = tmp_path / "foreign.json"
    foreign.write_text("{}")
    refused = CliRunner().invoke(cli, ["audit", "verify", *db, "--anchor", str(foreign)])
    assert refused.exit_code == 2
    assert "is not one this platform exported" in refused.output
