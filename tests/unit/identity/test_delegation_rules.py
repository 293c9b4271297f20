"""What a delegation lets a broker do, and when: its scopes, its dates, its revocation."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from smartcustoms.identity.rules import (
    Actor,
    DelegationTerms,
    Role,
    Scope,
    delegation_problem,
    format_scopes,
    in_force,
    parse_scopes,
)

AT = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)
DAY = timedelta(days=1)


def _terms(
    start: datetime = AT - DAY, end: datetime | None = None, revoked: datetime | None = None
) -> DelegationTerms:
    return DelegationTerms(
        scopes=frozenset({Scope.DECLARE}), valid_from=start, valid_until=end, revoked_at=revoked
    )


@pytest.mark.parametrize(
    ("terms", "expected"),
    [
        pytest.param(_terms(), True, id="open-ended, started"),
        pytest.param(_terms(start=AT), True, id="starts now"),
        pytest.param(_terms(start=AT + DAY), False, id="not started"),
        pytest.param(_terms(end=AT + DAY), True, id="ends later"),
        pytest.param(_terms(end=AT), False, id="ends now (end excluded)"),
        pytest.param(_terms(end=AT - timedelta(seconds=1)), False, id="ended"),
        pytest.param(_terms(revoked=AT - DAY), False, id="revoked"),
        pytest.param(_terms(revoked=AT + DAY), True, id="revoked later (a scheduled end)"),
    ],
)
def test_a_delegation_is_in_force_only_between_its_dates_and_until_revoked(
    terms: DelegationTerms, expected: bool
) -> None:
    assert in_force(terms, AT) is expected


@pytest.mark.parametrize(
    ("raw", "scopes"),
    [
        ("declare", {Scope.DECLARE, Scope.VIEW}),
        ("pay view", {Scope.PAY, Scope.VIEW}),
        ("view", {Scope.VIEW}),
        ("everything", set()),
        ("", set()),
    ],
)
def test_any_scope_brings_seeing_and_unknown_words_bring_nothing(
    raw: str, scopes: set[Scope]
) -> None:
    assert parse_scopes(raw) == frozenset(scopes)


def test_scopes_are_written_sorted() -> None:
    assert format_scopes(frozenset({Scope.VIEW, Scope.DECLARE})) == "declare view"


def test_terms_without_a_scope_or_ending_before_they_start_are_refused() -> None:
    assert delegation_problem(frozenset(), AT, None) == "delegation_no_scope"
    assert delegation_problem(frozenset({Scope.PAY}), AT, AT) == "delegation_ends_before_start"
    assert delegation_problem(frozenset({Scope.PAY}), AT, AT + DAY) is None


def test_a_broker_does_only_what_each_enterprises_delegation_says() -> None:
    broker = Actor(
        user_id=3,
        username="minh",
        role=Role.BROKER,
        organisation_id=9,
        enterprise_ids=frozenset({1, 2}),
        grants=frozenset({(1, Scope.DECLARE), (1, Scope.VIEW), (2, Scope.VIEW)}),
    )
    assert broker.may_declare_for(1)
    assert not broker.may_pay_for(1)
    assert broker.may_view_for(2)
    assert not broker.may_declare_for(2)
    assert not broker.may_view_for(3)


def test_a_trader_does_everything_for_its_own_enterprise_and_an_officer_nothing() -> None:
    trader = Actor(
        user_id=1,
        username="lan",
        role=Role.TRADER,
        organisation_id=1,
        enterprise_ids=frozenset({1}),
    )
    assert trader.may_declare_for(1)
    assert trader.may_pay_for(1)
    assert not trader.may_view_for(2)
    officer = Actor(user_id=4, username="hoa", role=Role.OFFICER, organisation_id=None)
    assert not officer.may_view_for(1)
