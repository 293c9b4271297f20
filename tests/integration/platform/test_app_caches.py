"""The app's caches are its own, and what changes their source drops them: a tariff import,
a risk rule, a reference load; another app (another process) sees a rule change at once."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from risk_support import PHONES_RED, Desk
from smartcustoms.app import create_app
from smartcustoms.caches import AppCaches
from smartcustoms.config import Settings
from smartcustoms.kit.clock import FixedClock
from smartcustoms.reference import service as reference
from smartcustoms.tariff import service as tariff
from smartcustoms.tariff.importer import SAMPLE_DIR
from support import TEST_NOW, Users

# Chicken cuts: VAT 5 % in the sample schedule.
QUOTE = {
    "hs8": "02071410",
    "origin": "US",
    "value": "1000",
    "currency": "USD",
    "quantity": "100",
    "unit": "KGM",
    "date": "2026-11-20",
}


def _caches(app: FastAPI) -> AppCaches:
    caches: AppCaches = app.state.services.caches
    return caches


def _sessions(app: FastAPI) -> sessionmaker[Session]:
    factory: sessionmaker[Session] = app.state.services.session_factory
    return factory


@pytest.fixture
def desk(app_client: TestClient, users: Users) -> Desk:
    return Desk(app_client, users)


@pytest.fixture
def app_trusting_its_import(
    settings: Settings, session_factory: sessionmaker[Session], clock: FixedClock
) -> Iterator[TestClient]:
    """An app that trusts the import in force it read for a minute, as a server does."""
    trusting = settings.model_copy(update={"tariff_recheck_seconds": 60.0})
    with TestClient(create_app(trusting, session_factory=session_factory, clock=clock)) as client:
        yield client


def _vat(client: TestClient) -> Any:
    quote = client.post("/api/v1/tariff/quote", json=QUOTE)
    assert quote.status_code == 200, quote.text
    return next(t["rate"] for t in quote.json()["taxes"] if t["tax"] == "vat")


def _schedule_with_vat_of_chicken_at(rate: str, directory: Path) -> Path:
    shutil.copytree(SAMPLE_DIR, directory)
    rates = directory / "rates.csv"
    text = rates.read_text(encoding="utf-8")
    old = "02071410,vat,ad_valorem,5,,,2022-01-01,"
    assert old in text
    rates.write_text(text.replace(old, f"02071410,vat,ad_valorem,{rate},,,2022-01-01,"))
    return directory


def test_a_new_tariff_import_is_quoted_at_once_through_the_api(
    app_trusting_its_import: TestClient, tmp_path: Path
) -> None:
    client = app_trusting_its_import
    before = _vat(client)
    assert len(_caches(client.app).tariff.books) == 1  # type: ignore[arg-type]
    schedule = _schedule_with_vat_of_chicken_at("8", tmp_path / "schedule")

    with _sessions(client.app)() as session, session.begin():  # type: ignore[arg-type]
        catalog = reference.get_catalog(session)
        tariff.import_directory(session, schedule, catalog=catalog, at=TEST_NOW)

    assert (before, _vat(client)) == ("5%", "8%")


def test_each_app_has_caches_of_its_own_carried_by_its_sessions(
    app_client: TestClient, app_trusting_its_import: TestClient
) -> None:
    first, second = _caches(app_client.app), _caches(app_trusting_its_import.app)  # type: ignore[arg-type]
    assert first is not second
    with _sessions(app_client.app)() as session:  # type: ignore[arg-type]
        assert session.info[tariff.TariffCaches] is first.tariff


def test_a_reference_load_through_the_app_drops_its_catalogue(app_client: TestClient) -> None:
    app: FastAPI = app_client.app  # type: ignore[assignment]
    with _sessions(app)() as session:
        first = reference.get_catalog(session)
        assert reference.get_catalog(session) is first
        reference.load_reference(session)
        assert len(_caches(app).reference.catalogs) == 0
        session.commit()
        assert reference.get_catalog(session) is not first


def test_a_rule_made_through_one_app_applies_at_once_in_another(
    desk: Desk,
    settings: Settings,
    session_factory: sessionmaker[Session],
    clock: FixedClock,
    session: Session,
) -> None:
    desk.without_random_selection()
    with TestClient(create_app(settings, session_factory=session_factory, clock=clock)) as other:
        elsewhere = Desk(other, Users(other, session))
        assert elsewhere.file()["steps"][-1]["channel"] == "green"  # its inputs are now kept

        rule = desk.rule(**PHONES_RED)  # through the first app

        assert elsewhere.file()["steps"][-1]["channel"] == "red"
        desk.post("son", f"/api/v1/risk/rules/{rule['id']}/deactivate")
        assert elsewhere.file()["steps"][-1]["channel"] == "green"


def test_a_rule_change_through_the_app_drops_its_selection_inputs(desk: Desk) -> None:
    caches = _caches(desk.client.app)  # type: ignore[arg-type]
    desk.file()
    assert len(caches.risk.inputs) == 1

    desk.rule(**PHONES_RED)

    assert len(caches.risk.inputs) == 0
