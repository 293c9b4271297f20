"""`make run` shows an agency officer and an application; the registry loads from the CLI."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session
from typer.testing import CliRunner

from smartcustoms.adapters.storage import LocalBlobStorage
from smartcustoms.cli import app
from smartcustoms.demo import APPLES, seed_permit_application
from smartcustoms.migrate import upgrade
from smartcustoms.permits import service
from support import TEST_NOW, Users


def test_the_demo_puts_lans_application_in_thus_queue(
    session: Session, users: Users, tmp_path: Path
) -> None:
    storage = LocalBlobStorage(tmp_path / "documents")
    assert seed_permit_application(session, storage, at=TEST_NOW) == 1
    assert seed_permit_application(session, storage, at=TEST_NOW) == 0
    (queued,) = service.agency_queue(session, actor=users.actor("thu"))
    assert queued.goods == APPLES
    assert queued.goods.startswith("Táo tươi")  # Lan's language first
    assert queued.agency.code == "PPD"
    assert len(queued.document_ids) == 2


def test_the_cli_loads_the_sample_and_lists_the_registry(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    upgrade(url)
    runner = CliRunner()
    loaded = runner.invoke(app, ["permits", "load", "--sample", "--database-url", url])
    assert loaded.exit_code == 0, loaded.output
    assert "loaded 3 agencies, 3 procedures, 5 registry entries" in loaded.output
    listed = runner.invoke(app, ["permits", "registry", "--database-url", url])
    assert "SAMPLE-PQ-0808" in listed.output


def test_a_registry_with_an_overlap_is_not_loaded_and_names_the_entries(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    upgrade(url)
    registry = tmp_path / "registry.csv"
    registry.write_text(
        service.SAMPLE_REGISTRY.read_text(encoding="utf-8")
        + "MILK-2,0402,food_safety,food_safety_import,VFA,,,,30,5,yes\n",
        encoding="utf-8",
    )
    runner = CliRunner()
    refused = runner.invoke(
        app,
        [
            "permits",
            "load",
            "--registry",
            str(registry),
            "--procedures",
            str(service.SAMPLE_PROCEDURES),
            "--database-url",
            url,
        ],
    )
    assert refused.exit_code == 2
    assert "MILK-2" in refused.output
    assert "SAMPLE-FS-0402" in refused.output
