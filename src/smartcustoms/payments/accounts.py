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

from smartcustoms.audit import service as audit
from smartcustoms.errors import Conflict, NotFound
from smartcustoms.identity import service as identity
from smartcustoms.identity.rules import Actor
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
    StandingAuthority,
)
from smartcustoms.payments.rules import (
    AccountFacts,
    AccountKind,
    GuaranteeFacts,
    NothingToPay,
    PaymentSource,
    crossed_low,
    deferment_due_on,
    error,
    invalid,
    is_low,
)


def guarantee_facts(guarantee: Guarantee) -> GuaranteeFacts:
    return GuaranteeFacts(
        guarantee.reference,
        guarantee.amount_vnd,
        guarantee.used_vnd,
        guarantee.valid_from,
        guarantee.valid_to,
        guarantee.declaration_id,
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
    audit.record(
        session,
        action=f"account.{reason}",
        object_type="account",
        object_id=account.id,
        at=at,
        actor_id=by_id,
        on_behalf_of=account.enterprise_id,
        details={
            "entry_id": entry.id,
            "amount_vnd": str(entry.amount_vnd),
            "balance_after_vnd": str(entry.balance_after_vnd),
            "declaration_id": declaration_id,
            "booking_id": booking_id,
        },
    )
    if crossed_low(before, after, account.low_balance_vnd):
        emit(
            session,
            topic="payments.low_balance",
            aggregate_type="organisation",
            aggregate_id=account.enterprise_id,
            payload={
                "account": account.kind,
                "available_vnd": after.available_vnd,
                "threshold_vnd": account.low_balance_vnd,
            },
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
    due = ledger.with_interest(
        session, locked_dues(session, actor, declaration_id, on, kind.value), at=at
    )
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


def locked_dues(
    session: Session, actor: Actor, declaration_id: int, on: date, source: str
) -> ledger.Dues:
    """A declaration's dues, locked, once the actor may use the enterprise's accounts (this
    one: cash, deferment or guarantee)."""
    due = ledger.dues(session, declaration_id=declaration_id, on=on, for_update=True)
    if due is None:
        raise error(NotFound, "declaration_not_found", declaration_id=declaration_id)
    require_uses_accounts(session, actor, due.enterprise_id, source)
    return due


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
    before = account.limit_vnd
    account.limit_vnd = limit_vnd
    account.updated_at = at
    session.flush()
    _record_setting(session, "account.limit_set", account, actor, at, before, limit_vnd)
    return account


def _record_setting(
    session: Session,
    action: str,
    account: Account,
    actor: Actor,
    at: datetime,
    before: int | None,
    after: int | None,
) -> None:
    audit.record(
        session,
        action=action,
        object_type="account",
        object_id=account.id,
        at=at,
        actor_id=actor.user_id,
        on_behalf_of=account.enterprise_id,
        details={
            "kind": str(account.kind),
            "before": None if before is None else str(before),
            "after": None if after is None else str(after),
        },
    )


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
    before = account.low_balance_vnd
    account.low_balance_vnd = threshold_vnd
    account.updated_at = at
    session.flush()
    _record_setting(session, "account.warning_set", account, actor, at, before, threshold_vnd)
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
