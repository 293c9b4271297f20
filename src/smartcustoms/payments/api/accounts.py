"""Accounts, guarantees and standing authorities."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Query

from smartcustoms.deps import ApiActor, IdInPath, Now, SessionDep, requires
from smartcustoms.kit.clock import customs_date
from smartcustoms.kit.wire import IsoDateTime
from smartcustoms.openapi import OWNER_CHECKED, problems
from smartcustoms.payments import service
from smartcustoms.payments.api.views import accounts_read
from smartcustoms.payments.rules import AccountKind
from smartcustoms.payments.schemas import (
    AccountEntryRead,
    AccountsRead,
    AuthorityCreate,
    AuthorityRead,
    DefermentLimitWrite,
    GuaranteeCreate,
    WarningWrite,
)

router = APIRouter()


# ---------------------------------------------------------------------------- accounts


@router.get(
    "/enterprises/{enterprise_id:int}/accounts",
    response_model=AccountsRead,
    responses=OWNER_CHECKED,
    dependencies=[requires("payments.read")],
)
def accounts(enterprise_id: IdInPath, actor: ApiActor, session: SessionDep, now: Now) -> Any:
    return accounts_read(
        service.accounts(session, actor=actor, enterprise_id=enterprise_id, on=customs_date(now))
    )


@router.get(
    "/enterprises/{enterprise_id:int}/statement",
    response_model=list[AccountEntryRead],
    responses=OWNER_CHECKED,
    dependencies=[requires("payments.read")],
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
    dependencies=[requires("payments.office")],
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
    dependencies=[requires("payments.accounts.manage")],
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
    dependencies=[requires("payments.office")],
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
    dependencies=[requires("payments.accounts.manage")],
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
    dependencies=[requires("payments.accounts.manage")],
)
def revoke_authority(
    enterprise_id: IdInPath, agent_id: IdInPath, actor: ApiActor, session: SessionDep, now: Now
) -> None:
    service.revoke_authority(
        session, actor=actor, enterprise_id=enterprise_id, agent_id=agent_id, at=now
    )
