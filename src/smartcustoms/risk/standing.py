"""A trader's standing as officers read it: profile, priority (AEO) status, tax debts."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy.orm import Session

from smartcustoms.audit import service as audit
from smartcustoms.db.inserts import InsertBatch
from smartcustoms.errors import Conflict, NotFound, ValidationFailed
from smartcustoms.identity import service as identity
from smartcustoms.identity.rules import Actor
from smartcustoms.outbox.service import emit
from smartcustoms.risk import repository
from smartcustoms.risk.access import may_see_enterprise, require_supervisor
from smartcustoms.risk.messages import error, field_error, texts
from smartcustoms.risk.models import TaxDebt, TraderProfile
from smartcustoms.risk.policy import current_policy
from smartcustoms.risk.rules import (
    OVERDUE_BLOCK_DAYS,
    ComplianceRecord,
    is_new_trader,
    priority_in_force,
)


@dataclass(frozen=True)
class TraderStanding:
    enterprise_id: int
    name: str
    tax_code: str | None
    priority: bool
    priority_valid_until: date | None
    note: str
    new_trader: bool
    compliance: ComplianceRecord
    unsettled_debts: list[TaxDebt]
    blocked: bool


def trader_profile(
    session: Session, *, actor: Actor, enterprise_id: int, today: date
) -> TraderStanding:
    if not may_see_enterprise(actor, enterprise_id):
        raise error(NotFound, "enterprise_not_found")
    organisation = identity.get_organisation(session, enterprise_id)
    profile = repository.profile(session, enterprise_id)
    counts = repository.compliance_counts(session, enterprise_id)
    debts = repository.debts(session, enterprise_id, unsettled_only=True)
    cutoff = today - timedelta(days=OVERDUE_BLOCK_DAYS)
    return TraderStanding(
        enterprise_id=enterprise_id,
        name=organisation.name,
        tax_code=organisation.tax_code,
        priority=priority_in_force(
            bool(profile and profile.priority),
            profile.priority_valid_until if profile else None,
            today,
        ),
        priority_valid_until=profile.priority_valid_until if profile else None,
        note=profile.note if profile else "",
        new_trader=is_new_trader(counts.declarations, current_policy(session)),
        compliance=ComplianceRecord(**asdict(counts)),
        unsettled_debts=debts,
        blocked=any(d.due_date < cutoff for d in debts),
    )


def priority_on(session: Session, *, enterprise_id: int, on: date) -> bool:
    """Whether the enterprise is a priority enterprise (AEO) in force on the day: for other
    domains' rules (payments' deadline for priority enterprises)."""
    profile = repository.profile(session, enterprise_id)
    return priority_in_force(
        bool(profile and profile.priority), profile.priority_valid_until if profile else None, on
    )


def set_priority(
    session: Session,
    *,
    actor: Actor,
    enterprise_id: int,
    priority: bool,
    valid_until: date | None,
    note: str,
    at: datetime,
) -> TraderProfile:
    """Grant or withdraw priority enterprise (AEO) status."""
    require_supervisor(actor)
    identity.get_organisation(session, enterprise_id)
    profile = repository.profile(session, enterprise_id)
    if profile is None:
        profile = TraderProfile(enterprise_id=enterprise_id)
        session.add(profile)
    profile.priority = priority
    profile.priority_valid_until = valid_until
    profile.note = note.strip()
    profile.updated_by_id = actor.user_id
    profile.updated_at = at
    audit.record(
        session,
        action="risk.priority_granted" if priority else "risk.priority_withdrawn",
        object_type="organisation",
        object_id=enterprise_id,
        at=at,
        actor_id=actor.user_id,
        on_behalf_of=enterprise_id,
        details={"valid_until": valid_until and valid_until.isoformat(), "note": profile.note},
    )
    emit(
        session,
        topic="risk.priority_changed",
        aggregate_type="organisation",
        aggregate_id=enterprise_id,
        payload={"priority": priority, "valid_until": valid_until and valid_until.isoformat()},
        at=at,
    )
    session.flush()
    return profile


def record_tax_debt(
    session: Session,
    *,
    actor: Actor,
    enterprise_id: int,
    amount_vnd: Decimal,
    due_date: date,
    reference: str,
    at: datetime,
) -> TaxDebt:
    """A customs supervisor records a debt (issue 15: not any officer); the payments domain
    keeps the debts of declarations itself."""
    require_supervisor(actor)
    identity.get_organisation(session, enterprise_id)
    if amount_vnd <= 0 or amount_vnd != amount_vnd.to_integral_value():
        message_en, message_vi = texts("not_positive_vnd")
        raise ValidationFailed(
            message_en=message_en,
            message_vi=message_vi,
            errors=[field_error("amount_vnd", "not_positive_vnd")],
        )
    debt = TaxDebt(
        enterprise_id=enterprise_id,
        amount_vnd=amount_vnd,
        due_date=due_date,
        reference=reference.strip(),
        recorded_by_id=actor.user_id,
        recorded_at=at,
    )
    session.add(debt)
    session.flush()
    audit.record(
        session,
        action="tax_debt.recorded",
        object_type="tax_debt",
        object_id=debt.id,
        at=at,
        actor_id=actor.user_id,
        on_behalf_of=enterprise_id,
        details={
            "amount_vnd": str(amount_vnd),
            "due_date": due_date.isoformat(),
            "reference": debt.reference,
        },
    )
    return debt


def add_owed_tax(
    batch: InsertBatch,
    *,
    enterprise_id: int,
    amount_vnd: int,
    due_date: date,
    reference: str,
    recorded_by_id: int,
    at: datetime,
) -> int:
    """A debt another domain keeps for an enterprise (payments: a declaration's unpaid
    obligations), added to the registration's batch; its id, for `set_owed_tax`.

    The registration's one read of risk's tables sees it like a debt an officer entered,
    so the tax-debt rule needs no other read. `recorded_by_id` is whose act created it (the
    declarant who registered)."""
    return repository.add_debt(
        batch,
        {
            "enterprise_id": enterprise_id,
            "amount_vnd": Decimal(amount_vnd),
            "due_date": due_date,
            "reference": reference,
            "recorded_by_id": recorded_by_id,
            "recorded_at": at,
            "settled_at": None,
        },
    )


def set_owed_tax(
    session: Session, *, debt_id: int, amount_vnd: int, due_date: date, at: datetime
) -> None:
    """What is still owed of a debt another domain keeps, and by when: settled at zero,
    open again if an amendment adds to it."""
    debt = repository.debt(session, debt_id)
    if debt is None:
        return
    debt.amount_vnd = Decimal(amount_vnd)
    debt.due_date = due_date
    if amount_vnd <= 0 and debt.settled_at is None:
        debt.settled_at = at
    elif amount_vnd > 0:
        debt.settled_at = None


def settle_tax_debt(session: Session, *, actor: Actor, debt_id: int, at: datetime) -> TaxDebt:
    """A customs supervisor marks a debt settled; who and when are kept with it."""
    require_supervisor(actor)
    debt = repository.debt(session, debt_id)
    if debt is None:
        raise error(NotFound, "tax_debt_not_found", debt_id=debt_id)
    if debt.settled_at is not None:
        raise error(Conflict, "tax_debt_settled")
    debt.settled_at = at
    debt.settled_by_id = actor.user_id
    session.flush()
    audit.record(
        session,
        action="tax_debt.settled",
        object_type="tax_debt",
        object_id=debt.id,
        at=at,
        actor_id=actor.user_id,
        on_behalf_of=debt.enterprise_id,
        details={"amount_vnd": str(debt.amount_vnd), "reference": debt.reference},
    )
    return debt


def tax_debts(session: Session, *, actor: Actor, enterprise_id: int) -> list[TaxDebt]:
    if not may_see_enterprise(actor, enterprise_id):
        raise error(NotFound, "enterprise_not_found")
    return repository.debts(session, enterprise_id)


def settlers(session: Session, debts: list[TaxDebt]) -> dict[int, str]:
    """The names of the supervisors who settled these debts, by user id."""
    return identity.user_names(session, {d.settled_by_id for d in debts if d.settled_by_id})
