"""JSON API for payments: thin, every decision is in the services."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from smartcustoms.deps import ApiActor, IdInPath, Now, Services, ServicesDep, SessionDep
from smartcustoms.identity.rules import Actor
from smartcustoms.kit.clock import customs_date
from smartcustoms.kit.wire import IsoDate, IsoDateTime
from smartcustoms.openapi import AUTHENTICATED, OWNER_CHECKED, STATE_CHANGING, problems
from smartcustoms.payments import service
from smartcustoms.payments.messages import name
from smartcustoms.payments.rules import AccountKind, Purpose
from smartcustoms.payments.schemas import (
    AccountEntryRead,
    AccountPaymentCreate,
    AccountRead,
    AccountsRead,
    AuthorityCreate,
    AuthorityRead,
    BankName,
    DeclarationDuesRead,
    DefermentLimitWrite,
    DurationsRead,
    ExceptionRead,
    ExceptionResolve,
    FiguresRead,
    GuaranteeCreate,
    GuaranteeRead,
    GuaranteeUse,
    Named,
    NoticeRead,
    ObligationRead,
    OnlinePaymentCreate,
    OverdueRead,
    PaymentOrderRead,
    PaymentStartedRead,
    ReconciledRead,
    TopUpCreate,
    WarningWrite,
)

router = APIRouter(prefix="/api/v1/payments", tags=["payments"], responses=AUTHENTICATED)


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


# ---------------------------------------------------------------------------- what is owed


@router.get(
    "/enterprises/{enterprise_id:int}/owed",
    response_model=list[DeclarationDuesRead],
    responses=OWNER_CHECKED,
)
def owed(
    enterprise_id: IdInPath,
    actor: ApiActor,
    session: SessionDep,
    now: Now,
    include_paid: Annotated[bool, Query()] = False,
) -> Any:
    views = service.what_is_owed(
        session, actor=actor, enterprise_id=enterprise_id, at=now, include_paid=include_paid
    )
    return [dues_read(v) for v in views]


@router.get(
    "/declarations/{declaration_id:int}",
    response_model=DeclarationDuesRead,
    responses=OWNER_CHECKED,
)
def declaration_dues(
    declaration_id: IdInPath, actor: ApiActor, session: SessionDep, now: Now
) -> Any:
    return dues_read(
        service.declaration_dues(session, actor=actor, declaration_id=declaration_id, at=now)
    )


def _return_url(request: Request, given: str) -> str:
    return given or str(request.url_for("payment_returned", reference="{reference}"))


@router.post(
    "/declarations/{declaration_id:int}/online-payments",
    status_code=201,
    response_model=PaymentStartedRead,
    responses=problems(401, 403, 404, 409, 503),
)
def pay_online(
    declaration_id: IdInPath,
    body: OnlinePaymentCreate,
    request: Request,
    actor: ApiActor,
    services: ServicesDep,
    session: SessionDep,
    now: Now,
) -> Any:
    """Order the declaration's outstanding amount from a bank; the payer confirms at
    `redirect_url`, and the bank's notice books it."""
    return _start(
        session,
        services,
        actor,
        bank=body.bank,
        purpose=Purpose.OBLIGATIONS,
        declaration_id=declaration_id,
        return_url=_return_url(request, body.return_url),
        at=now,
    )


@router.post(
    "/enterprises/{enterprise_id:int}/top-ups",
    status_code=201,
    response_model=PaymentStartedRead,
    responses=problems(401, 403, 404, 409, 503),
)
def top_up(
    enterprise_id: IdInPath,
    body: TopUpCreate,
    request: Request,
    actor: ApiActor,
    services: ServicesDep,
    session: SessionDep,
    now: Now,
) -> Any:
    """Pay money into the cash account, or pay off what the deferment account deferred."""
    return _start(
        session,
        services,
        actor,
        bank=body.bank,
        purpose=Purpose(body.purpose),
        enterprise_id=enterprise_id,
        amount_vnd=body.amount_vnd,
        return_url=_return_url(request, body.return_url),
        at=now,
    )


def _start(
    session: Session,
    services: Services,
    actor: Actor,
    *,
    bank: str,
    purpose: Purpose,
    return_url: str,
    at: datetime,
    declaration_id: int | None = None,
    enterprise_id: int | None = None,
    amount_vnd: int | None = None,
) -> PaymentStartedRead:
    gateway = services.payments.bank(bank)
    started = service.start_payment(
        session,
        actor=actor,
        gateway=gateway,
        purpose=purpose,
        enterprise_id=enterprise_id,
        declaration_id=declaration_id,
        amount_vnd=amount_vnd,
        return_url=return_url,
        at=at,
    )
    return PaymentStartedRead(
        reference=started.order.reference,
        amount_vnd=started.order.amount_vnd,
        redirect_url=started.redirect_url,
    )


@router.post(
    "/declarations/{declaration_id:int}/account-payments",
    response_model=DeclarationDuesRead,
    responses=problems(401, 403, 404, 409, 422),
)
def pay_from_account(
    declaration_id: IdInPath,
    body: AccountPaymentCreate,
    actor: ApiActor,
    services: ServicesDep,
    session: SessionDep,
    now: Now,
) -> Any:
    service.pay_from_account(
        session,
        actor=actor,
        declaration_id=declaration_id,
        kind=body.account,
        at=now,
        hooks=services.payments.after_taxes_met,
    )
    return declaration_dues(declaration_id, actor, session, now)


@router.post(
    "/declarations/{declaration_id:int}/guarantee-covers",
    response_model=DeclarationDuesRead,
    responses=problems(401, 403, 404, 409, 422),
)
def cover_with_guarantee(
    declaration_id: IdInPath,
    body: GuaranteeUse,
    actor: ApiActor,
    services: ServicesDep,
    session: SessionDep,
    now: Now,
) -> Any:
    service.cover_with_guarantee(
        session,
        actor=actor,
        declaration_id=declaration_id,
        guarantee_id=body.guarantee_id,
        at=now,
        hooks=services.payments.after_taxes_met,
    )
    return declaration_dues(declaration_id, actor, session, now)


@router.get("/orders/{reference}", response_model=PaymentOrderRead, responses=OWNER_CHECKED)
def order(reference: Annotated[str, BankName], actor: ApiActor, session: SessionDep) -> Any:
    return service.order_of(session, actor=actor, reference=reference)


# ---------------------------------------------------------------------------- the bank's side


@router.post(
    "/banks/{bank}/notices",
    response_model=NoticeRead,
    responses=problems(400, 404),
    openapi_extra={"security": []},
)
async def bank_notice(
    bank: BankName, request: Request, services: ServicesDep, session: SessionDep
) -> Any:
    """A bank's signed callback about an order. Verified, then recorded once: a replay,
    or a notice for money the statement already recovered, changes nothing."""
    body = await request.body()  # the signature covers the bytes as sent
    return await run_in_threadpool(_receive, services, session, bank, dict(request.headers), body)


def _receive(
    services: Services, session: Session, bank: str, headers: dict[str, str], body: bytes
) -> NoticeRead:
    outcome = service.receive_notice(
        session,
        gateway=services.payments.bank(bank),
        headers=headers,
        body=body,
        at=services.clock.now(),
        hooks=services.payments.after_taxes_met,
    )
    return NoticeRead(
        new=outcome.new,
        status=None if outcome.status is None else outcome.status.value,
        booked=outcome.booking is not None,
    )


@router.post(
    "/banks/{bank}/statements/{on}/reconcile",
    response_model=ReconciledRead,
    responses=problems(401, 403, 404, 503),
)
def reconcile(
    bank: BankName,
    on: IsoDate,
    actor: ApiActor,
    services: ServicesDep,
    session: SessionDep,
    now: Now,
) -> Any:
    """Fetch the bank's statement of a day and match it line by line (officers)."""
    done = service.reconcile_statement(
        session,
        actor=actor,
        gateway=services.payments.bank(bank),
        on=on,
        at=now,
        hooks=services.payments.after_taxes_met,
    )
    return ReconciledRead(
        statement_id=done.statement.statement_ref,
        on=done.statement.on_date,
        new=done.new,
        matched=done.matched,
        recovered=done.recovered,
        exceptions=done.exceptions,
    )


@router.get("/exceptions", response_model=list[ExceptionRead])
def exceptions(
    actor: ApiActor, session: SessionDep, unresolved: Annotated[bool, Query()] = True
) -> Any:
    return [
        ExceptionRead(
            id=e.id,
            kind=named("exception", e.kind),
            bank=e.bank,
            bank_txn_id=e.bank_txn_id,
            reference=e.reference,
            expected_vnd=e.expected_vnd,
            received_vnd=e.received_vnd,
            found_at=e.found_at,
            resolved_at=e.resolved_at,
            note=e.note,
        )
        for e in service.exceptions(session, actor=actor, unresolved_only=unresolved)
    ]


@router.post("/exceptions/{exception_id:int}/resolve", status_code=204, responses=STATE_CHANGING)
def resolve_exception(
    exception_id: IdInPath, body: ExceptionResolve, actor: ApiActor, session: SessionDep, now: Now
) -> None:
    service.resolve_exception(
        session, actor=actor, exception_id=exception_id, note=body.note, at=now
    )


# ---------------------------------------------------------------------------- accounts


@router.get(
    "/enterprises/{enterprise_id:int}/accounts",
    response_model=AccountsRead,
    responses=OWNER_CHECKED,
)
def accounts(enterprise_id: IdInPath, actor: ApiActor, session: SessionDep, now: Now) -> Any:
    return accounts_read(
        service.accounts(session, actor=actor, enterprise_id=enterprise_id, on=customs_date(now))
    )


@router.get(
    "/enterprises/{enterprise_id:int}/statement",
    response_model=list[AccountEntryRead],
    responses=OWNER_CHECKED,
)
def statement(
    enterprise_id: IdInPath,
    actor: ApiActor,
    session: SessionDep,
    now: Now,
    since: Annotated[IsoDateTime | None, Query()] = None,
    until: Annotated[IsoDateTime | None, Query()] = None,
) -> Any:
    """The accounts' movements, 31 days back by default."""
    until = until or now
    return service.account_entries(
        session,
        actor=actor,
        enterprise_id=enterprise_id,
        since=since or until - timedelta(days=31),
        until=until,
    )


@router.put(
    "/enterprises/{enterprise_id:int}/accounts/deferment/limit",
    response_model=AccountsRead,
    responses=problems(401, 403, 404, 422),
)
def set_deferment_limit(
    enterprise_id: IdInPath,
    body: DefermentLimitWrite,
    actor: ApiActor,
    session: SessionDep,
    now: Now,
) -> Any:
    service.set_deferment_limit(
        session, actor=actor, enterprise_id=enterprise_id, limit_vnd=body.limit_vnd, at=now
    )
    return accounts(enterprise_id, actor, session, now)


@router.put(
    "/enterprises/{enterprise_id:int}/accounts/{kind}/warning",
    response_model=AccountsRead,
    responses=OWNER_CHECKED,
)
def set_warning(
    enterprise_id: IdInPath,
    kind: AccountKind,
    body: WarningWrite,
    actor: ApiActor,
    session: SessionDep,
    now: Now,
) -> Any:
    """Below which available balance the enterprise is warned (none: never)."""
    service.set_low_balance_warning(
        session,
        actor=actor,
        enterprise_id=enterprise_id,
        kind=kind,
        threshold_vnd=body.threshold_vnd,
        at=now,
    )
    return accounts(enterprise_id, actor, session, now)


@router.post(
    "/enterprises/{enterprise_id:int}/guarantees",
    status_code=201,
    response_model=AccountsRead,
    responses=problems(401, 403, 404, 422),
)
def record_guarantee(
    enterprise_id: IdInPath, body: GuaranteeCreate, actor: ApiActor, session: SessionDep, now: Now
) -> Any:
    """An officer records a bank's guarantee letter."""
    service.record_guarantee(
        session,
        actor=actor,
        enterprise_id=enterprise_id,
        issuer=body.issuer,
        reference=body.reference,
        amount_vnd=body.amount_vnd,
        valid_from=body.valid_from,
        valid_to=body.valid_to,
        declaration_id=body.declaration_id,
        at=now,
    )
    return accounts(enterprise_id, actor, session, now)


@router.post(
    "/enterprises/{enterprise_id:int}/authorities",
    status_code=201,
    response_model=AuthorityRead,
    responses=OWNER_CHECKED,
)
def grant_authority(
    enterprise_id: IdInPath, body: AuthorityCreate, actor: ApiActor, session: SessionDep, now: Now
) -> Any:
    """The enterprise lets a broker's company use its accounts and guarantees."""
    granted = service.grant_authority(
        session, actor=actor, enterprise_id=enterprise_id, agent_id=body.agent_id, at=now
    )
    return AuthorityRead.model_validate(granted)


@router.delete(
    "/enterprises/{enterprise_id:int}/authorities/{agent_id:int}",
    status_code=204,
    responses=OWNER_CHECKED,
)
def revoke_authority(
    enterprise_id: IdInPath, agent_id: IdInPath, actor: ApiActor, session: SessionDep, now: Now
) -> None:
    service.revoke_authority(
        session, actor=actor, enterprise_id=enterprise_id, agent_id=agent_id, at=now
    )


# ---------------------------------------------------------------------------- officers


@router.get("/overdue", response_model=list[OverdueRead])
def overdue(actor: ApiActor, session: SessionDep, now: Now) -> Any:
    return [
        OverdueRead(
            enterprise_id=d.enterprise_id,
            first_version_id=d.chain_id,
            outstanding_vnd=d.outstanding_vnd,
            oldest_due_on=d.oldest_due_on,
            days_overdue=d.days_overdue,
        )
        for d in service.overdue_debts(session, actor=actor, at=now)
    ]


@router.get("/figures", response_model=FiguresRead)
def figures(
    actor: ApiActor,
    session: SessionDep,
    now: Now,
    since: Annotated[IsoDateTime | None, Query()] = None,
    until: Annotated[IsoDateTime | None, Query()] = None,
) -> Any:
    """The KPI dashboard's payment figures, 30 days back by default."""
    until = until or now
    found = service.payment_figures(
        session, actor=actor, since=since or until - timedelta(days=30), until=until
    )
    return FiguresRead(
        **{
            **found.__dict__,
            "registration_to_payment": DurationsRead(**found.registration_to_payment.__dict__),
            "bank_to_platform": DurationsRead(**found.bank_to_platform.__dict__),
        }
    )
