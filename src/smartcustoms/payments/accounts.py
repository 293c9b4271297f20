"""Accounts with customs: cash (prepayment) and deferment (a limit), bank guarantees, and
the standing authorities that let a broker use them; paying a declaration from them.

Every debit locks the declaration's obligations, then the account or guarantee row, asks
the pure rules with the locked figures and writes what they return: the available balance
is exact and never below zero, however many declarations are paid at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from smartcustoms.errors import Conflict, NotFound, ValidationFailed
from smartcustoms.identity import service as identity
from smartcustoms.identity.rules import Actor, normalise_tax_code
from smartcustoms.kit.clock import customs_date
from smartcustoms.outbox.service import emit
from smartcustoms.payments import ledger, repository
from smartcustoms.payments.access import (
    require_customs,
    require_own_trader,
    require_sees,
    require_uses_accounts,
)
from smartcustoms.payments.messages import name
from smartcustoms.payments.models import (
    Account,
    AccountEntry,
    Guarantee,
    GuaranteeCover,
    StandingAuthority,
)
from smartcustoms.payments.rules import (
    AccountFacts,
    AccountKind,
    DeadlineBasis,
    GuaranteeFacts,
    NothingToPay,
    PaymentSource,
    crossed_low,
    deferment_due_on,
    error,
    invalid,
    is_low,
    tax_due_on,
)


def facts_of(account: Account) -> AccountFacts:
    return AccountFacts(AccountKind(account.kind), account.balance_vnd, account.limit_vnd)


def _open(session: Session, enterprise_id: int, kind: AccountKind, at: datetime) -> Account:
    """The account, locked; a cash account is opened at its first movement."""
    account = repository.account(session, enterprise_id, kind.value, for_update=True)
    if account is None:
        account = Account(
            enterprise_id=enterprise_id,
            kind=kind.value,
            balance_vnd=0,
            limit_vnd=0,
            opened_at=at,
            updated_at=at,
        )
        session.add(account)
        session.flush()
    return account


def _move(
    session: Session,
    account: Account,
    after: AccountFacts,
    *,
    reason: str,
    at: datetime,
    by_id: int | None,
    declaration_id: int | None = None,
    booking_id: int | None = None,
    due_on: date | None = None,
) -> AccountEntry:
    before = facts_of(account)
    entry = AccountEntry(
        account_id=account.id,
        at=at,
        amount_vnd=after.balance_vnd - account.balance_vnd,
        balance_after_vnd=after.balance_vnd,
        reason=reason,
        declaration_id=declaration_id,
        booking_id=booking_id,
        due_on=due_on,
        by_id=by_id,
    )
    account.balance_vnd = after.balance_vnd
    account.updated_at = at
    session.add(entry)
    session.flush()
    if crossed_low(before, after, account.low_balance_vnd):
        emit(
            session,
            topic="payments.low_balance",
            aggregate_type="organisation",
            aggregate_id=account.enterprise_id,
            payload={"account": account.kind, "available_vnd": after.available_vnd},
            at=at,
        )
    return entry


def credit_cash(
    session: Session,
    *,
    enterprise_id: int,
    amount_vnd: int,
    reason: str,
    at: datetime,
    by_id: int | None = None,
    declaration_id: int | None = None,
    booking_id: int | None = None,
) -> AccountEntry:
    """Money kept for the enterprise: a top-up, an excess paid, a credit after an amendment."""
    account = _open(session, enterprise_id, AccountKind.CASH, at)
    return _move(
        session,
        account,
        facts_of(account).credited(amount_vnd),
        reason=reason,
        at=at,
        by_id=by_id,
        declaration_id=declaration_id,
        booking_id=booking_id,
    )


def settle_deferment(
    session: Session, *, enterprise_id: int, amount_vnd: int, booking_id: int, at: datetime
) -> int:
    """A payment of deferred amounts; what is beyond them goes to the cash account."""
    account = _open(session, enterprise_id, AccountKind.DEFERMENT, at)
    settled = min(amount_vnd, account.balance_vnd)
    if settled:
        _move(
            session,
            account,
            facts_of(account).credited(settled),
            reason="settlement",
            at=at,
            by_id=None,
            booking_id=booking_id,
        )
    return amount_vnd - settled


def pay_from_account(
    session: Session,
    *,
    actor: Actor,
    declaration_id: int,
    kind: AccountKind,
    at: datetime,
    hooks: Sequence[ledger.TaxesMetHook] = (),
) -> ledger.Dues:
    """Pay everything outstanding on a declaration from the cash or deferment account."""
    on = customs_date(at)
    due = _locked_dues(session, actor, declaration_id, on)
    amount = due.outstanding_vnd
    if amount == 0:
        raise error(NothingToPay, "nothing_to_pay")
    account = repository.account(session, due.enterprise_id, kind.value, for_update=True)
    if account is None:
        raise error(Conflict, "no_account", account=name("account", kind.value))
    after = facts_of(account).debited(amount)
    entry = _move(
        session,
        account,
        after,
        reason="payment",
        at=at,
        by_id=actor.user_id,
        declaration_id=due.declaration_id,
        due_on=deferment_due_on(on) if kind is AccountKind.DEFERMENT else None,
    )
    settled, _excess = ledger.settle(
        session,
        due,
        amount,
        source=PaymentSource(kind.value),
        at=at,
        by_id=actor.user_id,
        hooks=hooks,
        account_entry_id=entry.id,
    )
    return settled


def _locked_dues(session: Session, actor: Actor, declaration_id: int, on: date) -> ledger.Dues:
    due = ledger.dues(session, declaration_id=declaration_id, on=on, for_update=True)
    if due is None:
        raise error(NotFound, "declaration_not_found", declaration_id=declaration_id)
    require_uses_accounts(session, actor, due.enterprise_id)
    return due


# ---------------------------------------------------------------------------- guarantees


def guarantee_facts(guarantee: Guarantee) -> GuaranteeFacts:
    return GuaranteeFacts(
        guarantee.reference,
        guarantee.amount_vnd,
        guarantee.used_vnd,
        guarantee.valid_from,
        guarantee.valid_to,
        guarantee.declaration_id,
    )


def cover_with_guarantee(
    session: Session,
    *,
    actor: Actor,
    declaration_id: int,
    guarantee_id: int,
    at: datetime,
    hooks: Sequence[ledger.TaxesMetHook] = (),
) -> ledger.Dues:
    """Set a guarantee against a declaration's unpaid taxes: the goods may be cleared, and
    the taxes are due by the guarantee's end, at most 30 days after registration."""
    on = customs_date(at)
    due = _locked_dues(session, actor, declaration_id, on)
    amount = due.uncovered_taxes_vnd
    if amount == 0:
        raise error(NothingToPay, "nothing_to_pay")
    guarantee = repository.guarantee(session, guarantee_id, for_update=True)
    if guarantee is None or guarantee.enterprise_id != due.enterprise_id:
        raise error(NotFound, "guarantee_not_found", guarantee_id=guarantee_id)
    # A guarantee for one declaration names its first version (record_guarantee).
    covered = guarantee_facts(guarantee).covering(amount, declaration_id=due.chain_id, on=on)
    guarantee.used_vnd = covered.used_vnd
    left = amount
    for row in due.in_settlement_order():
        state = ledger.state_of(row)
        share = min(left, state.uncovered_vnd) if state.kind.is_tax else 0
        if share <= 0:
            continue
        left -= share
        session.add(
            GuaranteeCover(
                guarantee_id=guarantee.id,
                obligation_id=row.obligation.id,
                amount_vnd=share,
                covered_at=at,
                by_id=actor.user_id,
            )
        )
        row.obligation.due_on = tax_due_on(
            row.obligation.registered_on,
            DeadlineBasis.GUARANTEED,
            guarantee_until=guarantee.valid_to,
        )
        row.obligation.basis = DeadlineBasis.GUARANTEED.value
        row.obligation.updated_at = at
    session.flush()
    after = ledger.dues(session, chain_id=due.chain_id, on=on)
    assert after is not None  # the rows are locked: they cannot have gone
    ledger.sync_risk_debt(session, after, at=at)
    ledger.after_change(session, due, after, at=at, hooks=hooks)
    return after


def record_guarantee(
    session: Session,
    *,
    actor: Actor,
    enterprise_id: int,
    issuer: str,
    reference: str,
    amount_vnd: int,
    valid_from: date,
    valid_to: date,
    declaration_id: int | None,
    at: datetime,
) -> Guarantee:
    """An officer records a bank's guarantee letter for an enterprise."""
    require_customs(actor)
    identity.get_organisation(session, enterprise_id)
    if amount_vnd <= 0:
        raise invalid("amount_vnd", "amount_not_positive")
    if valid_to < valid_from:
        raise invalid("valid_to", "guarantee_period_invalid")
    if declaration_id is not None:
        # Kept by the declaration's first version, which its amendments share.
        declaration_id = repository.chain_of(session, declaration_id) or declaration_id
    guarantee = Guarantee(
        enterprise_id=enterprise_id,
        issuer=issuer.strip(),
        reference=reference.strip(),
        amount_vnd=amount_vnd,
        used_vnd=0,
        valid_from=valid_from,
        valid_to=valid_to,
        declaration_id=declaration_id,
        recorded_by_id=actor.user_id,
        recorded_at=at,
    )
    session.add(guarantee)
    session.flush()
    return guarantee


# ---------------------------------------------------------------------------- accounts


def set_deferment_limit(
    session: Session, *, actor: Actor, enterprise_id: int, limit_vnd: int, at: datetime
) -> Account:
    """An officer opens a deferment account or changes its limit (never below what is used)."""
    require_customs(actor)
    identity.get_organisation(session, enterprise_id)
    if limit_vnd < 0:
        raise invalid("limit_vnd", "amount_not_positive")
    account = _open(session, enterprise_id, AccountKind.DEFERMENT, at)
    if limit_vnd < account.balance_vnd:
        raise invalid("limit_vnd", "limit_below_use", used=account.balance_vnd)
    account.limit_vnd = limit_vnd
    account.updated_at = at
    session.flush()
    return account


def set_low_balance_warning(
    session: Session,
    *,
    actor: Actor,
    enterprise_id: int,
    kind: AccountKind,
    threshold_vnd: int | None,
    at: datetime,
) -> Account:
    """The enterprise chooses below which available balance it is warned."""
    require_own_trader(actor, enterprise_id)
    if threshold_vnd is not None and threshold_vnd < 0:
        raise invalid("threshold_vnd", "amount_not_positive")
    account = _open(session, enterprise_id, kind, at)
    account.low_balance_vnd = threshold_vnd
    account.updated_at = at
    session.flush()
    return account


@dataclass(frozen=True)
class AccountView:
    account: Account
    available_vnd: int
    low: bool


@dataclass(frozen=True)
class AccountsView:
    enterprise_id: int
    accounts: list[AccountView]
    guarantees: list[tuple[Guarantee, int, bool]]  # guarantee, available, valid today
    authorities: list[StandingAuthority]


def accounts(session: Session, *, actor: Actor, enterprise_id: int, on: date) -> AccountsView:
    require_sees(actor, enterprise_id)
    views = []
    for account in repository.accounts_of(session, enterprise_id):
        facts = facts_of(account)
        views.append(
            AccountView(account, facts.available_vnd, is_low(facts, account.low_balance_vnd))
        )
    guarantees = [
        (g, guarantee_facts(g).available_vnd, guarantee_facts(g).valid_on(on))
        for g in repository.guarantees_of(session, enterprise_id)
    ]
    return AccountsView(
        enterprise_id, views, guarantees, repository.authorities_of(session, enterprise_id)
    )


def account_entries(
    session: Session, *, actor: Actor, enterprise_id: int, since: datetime, until: datetime
) -> list[AccountEntry]:
    require_sees(actor, enterprise_id)
    ids = [a.id for a in repository.accounts_of(session, enterprise_id)]
    return repository.entries(session, ids, since=since, until=until)


# ---------------------------------------------------------------------------- authorities


def grant_authority(
    session: Session, *, actor: Actor, enterprise_id: int, agent_id: int, at: datetime
) -> StandingAuthority:
    """The enterprise lets a broker's company use its accounts and guarantees."""
    require_own_trader(actor, enterprise_id)
    identity.get_organisation(session, agent_id)
    existing = repository.authority(session, enterprise_id, agent_id)
    if existing is not None:
        return existing
    authority = StandingAuthority(
        enterprise_id=enterprise_id, agent_id=agent_id, granted_by_id=actor.user_id, granted_at=at
    )
    session.add(authority)
    session.flush()
    return authority


def revoke_authority(
    session: Session, *, actor: Actor, enterprise_id: int, agent_id: int, at: datetime
) -> None:
    require_own_trader(actor, enterprise_id)
    existing = repository.authority(session, enterprise_id, agent_id)
    if existing is not None:
        existing.revoked_at = at
        existing.revoked_by_id = actor.user_id
        session.flush()


# ---------------------------------------------------------------------------- for the portal


def enterprises_for(session: Session, actor: Actor) -> list[tuple[int, str]]:
    """The enterprises whose payments the actor may see: (id, name), for a chooser."""
    return [(o.id, o.name) for o in identity.enterprises_of(session, actor)]


def organisation_names(session: Session, ids: Sequence[int]) -> dict[int, str]:
    return identity.organisation_names(session, ids)


def organisation_by_tax_code(session: Session, tax_code: str) -> int:
    """A company's id by its tax code (MST), as a person types it; refused if unknown."""
    try:
        found = identity.enterprise_by_tax_code(
            session, tax_code=normalise_tax_code(tax_code.strip())
        )
    except ValidationFailed:
        found = None
    if found is None:
        raise invalid("tax_code", "enterprise_not_found", enterprise_id=tax_code.strip())
    return found.id
