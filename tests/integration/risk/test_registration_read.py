"""The risk step's one query: the enterprise's standing and the selection inputs' fingerprint,
checked against the separate queries it replaces; on SQLite and PostgreSQL. It reads risk's
tables only: the enterprise's tax code comes with the registration (test_selection_step)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy.orm import Session

from risk_support import PHONES_RED, Desk
from smartcustoms.risk import repository, service
from smartcustoms.risk.rules import OVERDUE_BLOCK_DAYS
from support import TEST_NOW


def _enterprise(desk: Desk) -> int:
    return next(iter(desk.users.actor("lan").enterprise_ids))


def _read(
    session: Session, enterprise_id: int, *, cap: int = 3, today: date | None = None
) -> repository.RegistrationRead:
    today = today or TEST_NOW.date()
    return repository.registration_read(
        session,
        enterprise_id=enterprise_id,
        history_cap=cap,
        overdue_before=today - timedelta(days=OVERDUE_BLOCK_DAYS),
    )


def _overdue_the_old_way(session: Session, enterprise_id: int) -> bool:
    cutoff = TEST_NOW.date() - timedelta(days=OVERDUE_BLOCK_DAYS)
    return bool(repository.unsettled_due_before(session, enterprise_id, cutoff))


def test_an_enterprise_without_profile_debts_or_decisions(desk: Desk, session: Session) -> None:
    enterprise_id = _enterprise(desk)
    read = _read(session, enterprise_id)

    assert read.priority is False
    assert read.priority_valid_until is None
    assert read.earlier_decisions == repository.earlier_decisions(session, enterprise_id) == 0
    assert read.overdue_debt is False


def test_an_enterprise_risk_knows_nothing_of_reads_as_a_clean_one(
    desk: Desk, session: Session
) -> None:
    known = _read(session, _enterprise(desk))
    read = _read(session, 987_654)

    assert (read.priority, read.priority_valid_until) == (False, None)
    assert (read.earlier_decisions, read.overdue_debt) == (0, False)
    assert read.inputs_key == known.inputs_key


def test_only_unsettled_debt_due_before_the_cutoff_counts(desk: Desk, session: Session) -> None:
    enterprise_id = _enterprise(desk)
    son = desk.users.actor("son")  # a supervisor: only they record and settle tax debts
    today = TEST_NOW.date()

    def debt(days_ago: int) -> int:
        return service.record_tax_debt(
            session,
            actor=son,
            enterprise_id=enterprise_id,
            amount_vnd=Decimal(1_000_000),
            due_date=today - timedelta(days=days_ago),
            reference=f"TB-{days_ago}",
            at=TEST_NOW,
        ).id

    debt(30)
    debt(OVERDUE_BLOCK_DAYS)  # due on the cutoff day itself: not yet blocking
    assert _read(session, enterprise_id).overdue_debt is False
    assert _overdue_the_old_way(session, enterprise_id) is False

    old = debt(200)
    assert _read(session, enterprise_id).overdue_debt is True
    assert _overdue_the_old_way(session, enterprise_id) is True

    service.settle_tax_debt(session, actor=son, debt_id=old, at=TEST_NOW)
    assert _read(session, enterprise_id).overdue_debt is False

    debt(OVERDUE_BLOCK_DAYS + 1)
    assert _read(session, enterprise_id).overdue_debt is True
    assert _overdue_the_old_way(session, enterprise_id) is True


def test_the_priority_profile_is_read_with_its_validity(desk: Desk, session: Session) -> None:
    enterprise_id = _enterprise(desk)
    until = TEST_NOW.date() + timedelta(days=30)
    service.set_priority(
        session,
        actor=desk.users.actor("son"),
        enterprise_id=enterprise_id,
        priority=True,
        valid_until=until,
        note="AEO",
        at=TEST_NOW,
    )

    read = _read(session, enterprise_id)
    profile = repository.profile(session, enterprise_id)
    assert profile is not None
    assert (read.priority, read.priority_valid_until) == (True, until)
    assert (read.priority, read.priority_valid_until) == (
        profile.priority,
        profile.priority_valid_until,
    )


def test_earlier_decisions_are_counted_up_to_the_cap(desk: Desk, session: Session) -> None:
    enterprise_id = _enterprise(desk)
    for _ in range(3):
        desk.file()

    assert repository.earlier_decisions(session, enterprise_id) == 3
    assert [_read(session, enterprise_id, cap=cap).earlier_decisions for cap in (0, 2, 3, 5)] == [
        0,
        2,
        3,
        3,
    ]
    assert [
        repository.earlier_decisions(session, enterprise_id, limit=cap) for cap in (0, 2, 3, 5)
    ] == [0, 2, 3, 3]


def test_the_fingerprint_changes_with_policy_rules_and_nothing_else(
    desk: Desk, session: Session
) -> None:
    enterprise_id = _enterprise(desk)
    first = _read(session, enterprise_id).inputs_key
    desk.file()
    assert _read(session, enterprise_id).inputs_key == first  # a declaration changes nothing

    assert desk.put("son", "/api/v1/risk/policy", json={"random_rate": 0.03}).status_code == 200
    after_policy = _read(session, enterprise_id).inputs_key
    assert after_policy != first

    rule = desk.rule(activate_as=None, **PHONES_RED)
    after_rule = _read(session, enterprise_id).inputs_key
    assert after_rule != after_policy

    assert desk.post("son", f"/api/v1/risk/rules/{rule['id']}/activate").status_code == 200
    after_activation = _read(session, enterprise_id).inputs_key
    assert after_activation != after_rule
    assert _read(session, enterprise_id).inputs_key == after_activation
