"""The in-process catalogue that declaration validation consults."""

from __future__ import annotations

from sqlalchemy.orm import Session

from smartcustoms.reference import service


def test_catalogue_holds_the_codes_validation_needs(ref_session: Session) -> None:
    catalog = service.get_catalog(ref_session)
    assert "VNHPH" in catalog.locations
    assert "VND" in catalog.currencies
    assert "KGM" in catalog.units
    assert "05" not in catalog.units  # deleted in Rec 20
    assert "NA" in catalog.countries
    assert len(catalog.hs6) == 5612
    assert catalog.is_known_hs8("87032310")
    assert {"CIF", "FOB", "DPU"} <= catalog.incoterms
    assert "02CI" in catalog.offices
    a11 = catalog.declaration_types["A11"]
    assert a11.direction == "import"
    assert {
        "arrival_date",
        "port_of_discharge",
        "transport_document",
        "invoice_number",
        "incoterms",
    } <= a11.required_fields


def test_catalogue_is_built_once_and_rebuilt_after_a_load(ref_session: Session) -> None:
    first = service.get_catalog(ref_session)
    assert service.get_catalog(ref_session) is first

    service.load_reference(ref_session)

    assert service.get_catalog(ref_session) is not first
