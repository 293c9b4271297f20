"""The signed-in user as the services see it carries the tax codes of the enterprises it
may declare for, read in the statements that read the user and a broker's mandates."""

from __future__ import annotations

from sqlalchemy.orm import Session

from smartcustoms.identity import service as identity
from support import Users


def _tax_code(session: Session, enterprise_id: int) -> str | None:
    return identity.get_organisation(session, enterprise_id).tax_code


def test_a_trader_carries_the_tax_code_of_its_own_enterprise(
    users: Users, session: Session
) -> None:
    lan = users.actor("lan")
    (enterprise_id,) = lan.enterprise_ids

    assert lan.enterprise_tax_codes == ((enterprise_id, _tax_code(session, enterprise_id)),)
    assert lan.tax_code_of(enterprise_id) == _tax_code(session, enterprise_id)


def test_a_broker_carries_the_tax_code_of_each_mandated_enterprise(
    users: Users, session: Session
) -> None:
    minh = users.actor("minh")

    assert len(minh.enterprise_ids) == 2
    for enterprise_id in minh.enterprise_ids:
        assert minh.tax_code_of(enterprise_id) == _tax_code(session, enterprise_id)
    assert {e for e, _ in minh.enterprise_tax_codes} == minh.enterprise_ids


def test_an_officer_carries_no_tax_code_and_none_is_made_up(users: Users, session: Session) -> None:
    hoa = users.actor("hoa")

    assert hoa.enterprise_tax_codes == ()
    assert hoa.tax_code_of(hoa.organisation_id or 0) is None
