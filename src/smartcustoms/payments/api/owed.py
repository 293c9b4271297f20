"""What is owed and paying it: online through a bank, from an account, with a guarantee."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from sqlalchemy.orm import Session

from smartcustoms.deps import ApiActor, IdInPath, Now, Services, ServicesDep, SessionDep, requires
from smartcustoms.identity.rules import Actor
from smartcustoms.openapi import OWNER_CHECKED, problems
from smartcustoms.payments import service
from smartcustoms.payments.api.views import dues_read
from smartcustoms.payments.rules import Purpose
from smartcustoms.payments.schemas import (
    AccountPaymentCreate,
    BankName,
    DeclarationDuesRead,
    GuaranteeUse,
    OnlinePaymentCreate,
    PaymentOrderRead,
    PaymentStartedRead,
    TopUpCreate,
)

router = APIRouter()


# ---------------------------------------------------------------------------- what is owed


@router.get(
    "/enterprises/{enterprise_id:int}/owed",
    response_model=list[DeclarationDuesRead],
    responses=OWNER_CHECKED,
    dependencies=[requires("payments.read")],
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
    dependencies=[requires("payments.read")],
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
    dependencies=[requires("payments.pay")],
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
    dependencies=[requires("payments.pay")],
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
    dependencies=[requires("payments.pay")],
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
    dependencies=[requires("payments.pay")],
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


@router.get(
    "/orders/{reference}",
    response_model=PaymentOrderRead,
    responses=OWNER_CHECKED,
    dependencies=[requires("payments.read")],
)
def order(reference: Annotated[str, BankName], actor: ApiActor, session: SessionDep) -> Any:
    return service.order_of(session, actor=actor, reference=reference)
