"""`smartcustoms reference load` against a fresh SQLite file."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select
from typer.testing import CliRunner

from smartcustoms.audit.models import AuditRecord
from smartcustoms.db import Base, make_engine, make_session_factory
from smartcustoms.reference.cli import reference_app
from smartcustoms.reference.models import Location


def test_load_command_prints_counts_and_can_be_rerun(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    engine = make_engine(url)
    # The code lists, and the audit chain a load that wrote rows is recorded in.
    tables = [t for name, t in Base.metadata.tables.items() if name.startswith(("ref_", "audit_"))]
    Base.metadata.create_all(engine, tables=tables)

    for _ in range(2):
        result = CliRunner().invoke(reference_app, ["load", "--database-url", url])
        assert result.exit_code == 0, result.output
        assert "ref_locations" in result.output
        assert "115,793" in result.output

    with make_session_factory(engine)() as session:
        assert session.scalar(select(func.count()).select_from(Location)) == 115_793
        # Recorded once: the second load wrote nothing.
        loads = select(AuditRecord.action).where(AuditRecord.action == "reference.loaded")
        assert session.scalars(loads).all() == ["reference.loaded"]
    engine.dispose()
