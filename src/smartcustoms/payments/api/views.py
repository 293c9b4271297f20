"""The API's views of what the services answer: named codes, a declaration's dues, accounts."""

from __future__ import annotations

from smartcustoms.payments import service
from smartcustoms.payments.messages import name
from smartcustoms.payments.schemas import (
    AccountRead,
    AccountsRead,
    AuthorityRead,
    DeclarationDuesRead,
    GuaranteeRead,
    Named,
    ObligationRead,
)


def named(prefix: str, code: str) -> Named:
    en, vi = name(prefix, code)
    return Named(code=code, en=en, vi=vi)


def dues_read(view: service.DeclarationDues) -> DeclarationDuesRead:
    return DeclarationDuesRead(
        declaration_id=view.declaration_id,
        first_version_id=view.chain_id,
        number=view.number,
        enterprise_id=view.enterprise_id,
        obligations=[
            ObligationRead(
                id=o.id,
                kind=named("kind", o.kind.value),
                amount_vnd=o.amount_vnd,
                paid_vnd=o.paid_vnd,
                covered_vnd=o.covered_vnd,
                outstanding_vnd=o.outstanding_vnd,
                due_on=o.due_on,
                basis=o.basis,
                overdue=o.overdue,
            )
            for o in view.obligations
        ],
        outstanding_vnd=view.outstanding_vnd,
        interest_vnd=view.interest_vnd,
        taxes_met=view.taxes_met,
        overdue=view.overdue,
    )


def accounts_read(view: service.AccountsView) -> AccountsRead:
    return AccountsRead(
        enterprise_id=view.enterprise_id,
        accounts=[
            AccountRead(
                kind=named("account", a.account.kind),
                balance_vnd=a.account.balance_vnd,
                limit_vnd=a.account.limit_vnd,
                available_vnd=a.available_vnd,
                low_balance_vnd=a.account.low_balance_vnd,
                low=a.low,
            )
            for a in view.accounts
        ],
        guarantees=[
            GuaranteeRead(
                id=g.id,
                issuer=g.issuer,
                reference=g.reference,
                amount_vnd=g.amount_vnd,
                used_vnd=g.used_vnd,
                available_vnd=available,
                valid_from=g.valid_from,
                valid_to=g.valid_to,
                valid_today=valid,
                declaration_id=g.declaration_id,
            )
            for g, available, valid in view.guarantees
        ],
        authorities=[AuthorityRead.model_validate(a) for a in view.authorities],
    )
