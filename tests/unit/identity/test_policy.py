"""The policy table: who may do what, and for whom (identity/policy.py)."""

from __future__ import annotations

import pytest

from smartcustoms.identity.policy import (
    ACTIONS,
    POLICY,
    ActionNotAllowed,
    Reach,
    Target,
    allowed,
    reach_of,
    refusal,
    require,
    roles_for,
)
from smartcustoms.identity.rules import Actor, Role, Scope


def _trader(enterprise: int = 10, **more: object) -> Actor:
    return Actor(
        user_id=1,
        username="lan",
        role=Role.TRADER,
        organisation_id=enterprise,
        enterprise_ids=frozenset({enterprise}),
        **more,  # type: ignore[arg-type]
    )


def _broker(grants: frozenset[tuple[int, Scope]]) -> Actor:
    return Actor(
        user_id=2,
        username="minh",
        role=Role.BROKER,
        organisation_id=30,
        enterprise_ids=frozenset(e for e, _ in grants),
        grants=grants,
    )


def _officer(office: str = "03CC", role: Role = Role.OFFICER) -> Actor:
    return Actor(user_id=3, username="son", role=role, organisation_id=None, office_code=office)


def test_the_table_has_one_row_per_action_and_role() -> None:
    assert len(POLICY) == len(ACTIONS) * len(Role)
    assert len({(r.action, r.role) for r in POLICY}) == len(POLICY)
    assert all(key == action.key for key, action in ACTIONS.items())


def test_only_the_administrator_manages_users_and_only_a_gate_reports_passages() -> None:
    assert roles_for("admin.users") == {Role.ADMIN}
    assert roles_for("border.gate_event") == {Role.GATE_SYSTEM}
    assert roles_for("tariff.search") == set(Role) - {Role.GATE_SYSTEM}
    assert reach_of(Role.BROKER, "declarations.file") == Reach.DELEGATED
    assert reach_of(Role.TRADER, "declarations.file") == Reach.OWN_ENTERPRISE
    assert reach_of(Role.OFFICER, "declarations.file") == Reach.NONE


def test_an_unknown_action_is_a_programming_error() -> None:
    with pytest.raises(KeyError, match="no action"):
        reach_of(Role.ADMIN, "declarations.steal")


def test_without_a_target_the_role_decides() -> None:
    assert allowed(_trader(), "payments.pay").allowed
    refused = allowed(_officer(), "payments.pay")
    assert not refused.allowed
    assert refused.refused_for == "role"


def test_a_trader_acts_for_its_own_enterprise_only() -> None:
    assert allowed(_trader(), "declarations.file", Target(enterprise_id=10)).allowed
    other = allowed(_trader(), "declarations.file", Target(enterprise_id=11))
    assert (other.allowed, other.refused_for) == (False, "enterprise")


def test_an_api_key_reaches_no_further_than_its_scopes() -> None:
    viewer = _trader(grants=frozenset({(10, Scope.VIEW)}))
    assert allowed(viewer, "declarations.read", Target(enterprise_id=10)).allowed
    assert not allowed(viewer, "declarations.file", Target(enterprise_id=10)).allowed


def test_a_broker_acts_for_the_enterprises_that_delegated_as_they_delegated() -> None:
    broker = _broker(frozenset({(10, Scope.VIEW), (10, Scope.DECLARE)}))
    assert allowed(broker, "declarations.file", Target(enterprise_id=10)).allowed
    assert not allowed(broker, "payments.pay", Target(enterprise_id=10)).allowed
    assert not allowed(broker, "declarations.file", Target(enterprise_id=11)).allowed
    # Its own firm delegated nothing to it.
    assert not allowed(broker, "declarations.file", Target(enterprise_id=30)).allowed


def test_delegations_are_asked_through_the_port() -> None:
    class Everything:
        def grants(self, actor: Actor, enterprise_id: int, scope: Scope | None) -> bool:
            return True

    broker = _broker(frozenset())
    assert allowed(broker, "payments.pay", Target(enterprise_id=99), Everything()).allowed
    assert not allowed(broker, "payments.pay", Target(enterprise_id=99)).allowed


def test_customs_reach_their_own_office_and_the_administrator_any() -> None:
    assert allowed(_officer(), "declarations.release", Target(office_code="03CC")).allowed
    other = allowed(_officer(), "declarations.release", Target(office_code="01AB"))
    assert (other.allowed, other.refused_for) == (False, "office")
    admin = Actor(user_id=9, username="root", role=Role.ADMIN, organisation_id=None)
    assert allowed(admin, "declarations.read", Target(office_code="01AB")).allowed
    assert not allowed(admin, "declarations.release", Target(office_code="01AB")).allowed


def test_an_agency_reaches_its_own_agency() -> None:
    agency = Actor(user_id=4, username="vy", role=Role.AGENCY_OFFICER, organisation_id=50)
    assert allowed(agency, "permits.decide", Target(agency_id=50)).allowed
    assert not allowed(agency, "permits.decide", Target(agency_id=51)).allowed


def test_a_refusal_names_the_action_in_both_languages() -> None:
    error = refusal("payments.pay")
    assert error.status == 403
    assert error.code == "action_not_allowed"
    assert "Pay duties and taxes" in error.message("en")
    assert "Nộp thuế" in error.message("vi")
    with pytest.raises(ActionNotAllowed):
        require(_officer(), "payments.pay")
    require(_trader(), "payments.pay", Target(enterprise_id=10))
