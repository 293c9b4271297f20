"""The banks' side and the officers': notices, statements, exceptions, overdue debt, figures."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from smartcustoms.deps import ApiActor, IdInPath, Now, Services, ServicesDep, SessionDep, requires
from smartcustoms.kit.wire import IsoDate, IsoDateTime
from smartcustoms.openapi import STATE_CHANGING, problems
from smartcustoms.payments import service
from smartcustoms.payments.api.views import named
from smartcustoms.payments.schemas import (
    BankName,
    DurationsRead,
    ExceptionRead,
    ExceptionResolve,
    FiguresRead,
    NoticeRead,
    OverdueRead,
    ReconciledRead,
)

router = APIRouter()


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
    dependencies=[requires("payments.office")],
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


@router.get(
    "/exceptions", response_model=list[ExceptionRead], dependencies=[requires("payments.office")]
)
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


@router.post(
    "/exceptions/{exception_id:int}/resolve",
    status_code=204,
    responses=STATE_CHANGING,
    dependencies=[requires("payments.office")],
)
def resolve_exception(
    exception_id: IdInPath, body: ExceptionResolve, actor: ApiActor, session: SessionDep, now: Now
) -> None:
    service.resolve_exception(
        session, actor=actor, exception_id=exception_id, note=body.note, at=now
    )


# ---------------------------------------------------------------------------- officers


@router.get(
    "/overdue", response_model=list[OverdueRead], dependencies=[requires("payments.office")]
)
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


@router.get("/figures", response_model=FiguresRead, dependencies=[requires("payments.office")])
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
