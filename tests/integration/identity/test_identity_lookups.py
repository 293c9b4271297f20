"""The identity service's lookups, which commands and the demo seeding use instead of the
repository."""

from __future__ import annotations

from sqlalchemy.orm import Session

from smartcustoms.identity import service as identity


def test_lan_is_found_by_username_and_her_enterprise_by_its_tax_code(session: Session) -> None:
    lan = identity.find_user(session, username="lan")
    enterprise = identity.enterprise_by_tax_code(session, tax_code="0101234565")

    assert lan is not None
    assert enterprise is not None
    assert lan.organisation_id == enterprise.id
    assert identity.find_user(session, username="nobody") is None
    assert identity.enterprise_by_tax_code(session, tax_code="0000000000") is None


def test_the_officers_office_organisation_is_found_by_its_office_code(session: Session) -> None:
    hoa = identity.find_user(session, username="hoa")
    office = identity.office_organisation(session, office_code="03CC")

    assert hoa is not None
    assert office is not None
    assert (office.kind, office.office_code) == ("customs_office", "03CC")
    assert hoa.organisation_id == office.id
    assert identity.office_organisation(session, office_code="99ZZ") is None
