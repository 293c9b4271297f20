"""Loading the packaged reference data: counts, idempotence, repair on reload."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from smartcustoms.db import make_session_factory, transaction
from smartcustoms.reference.models import Country, Location
from smartcustoms.reference.service import load_reference

if TYPE_CHECKING:
    from tests.integration.reference.conftest import RefDatabase

EXPECTED_COUNTS = {
    "ref_hs_codes": 6936,
    "ref_countries": 249,
    "ref_currencies": 178,
    "ref_locations": 115_793,
    "ref_units": 2136,
    "ref_incoterms": 11,
    "ref_transport_modes": 10,
    "ref_customs_offices": 16,
    "ref_declaration_types": 23,
}


def test_first_load_fills_every_table(ref_db: RefDatabase) -> None:
    assert ref_db.first_load.counts == EXPECTED_COUNTS


def test_loading_again_changes_no_counts(ref_db: RefDatabase) -> None:
    with transaction(make_session_factory(ref_db.engine)) as session:
        second = load_reference(session)
    assert second.counts == ref_db.first_load.counts


def test_reload_repairs_edited_rows_without_duplicating_them(ref_session: Session) -> None:
    namibia = ref_session.get(Country, "NA")
    assert namibia is not None
    namibia.name = "edited by hand"
    ref_session.flush()

    load_reference(ref_session)

    ref_session.refresh(namibia)
    assert namibia.name == "Namibia"
    assert ref_session.scalar(select(func.count()).select_from(Country)) == 249


def test_locations_carry_their_country(ref_session: Session) -> None:
    haiphong = ref_session.get(Location, "VNHPH")
    assert haiphong is not None
    assert (haiphong.country, haiphong.name, haiphong.subdivision) == ("VN", "Haiphong", "HP")
    assert haiphong.function.startswith("1")  # a seaport
