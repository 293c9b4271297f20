"""Delegations and API keys over the API: an enterprise's traders grant, list and revoke."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from fastapi import APIRouter

from smartcustoms.deps import ApiActor, IdInPath, Now, ServicesDep, SessionDep, requires
from smartcustoms.identity import service
from smartcustoms.identity.schemas import (
    ApiKeyCreate,
    ApiKeyCreated,
    ApiKeyRead,
    DelegationCreate,
    DelegationRead,
)
from smartcustoms.openapi import AUTHENTICATED, OWNER_CHECKED, STATE_CHANGING, problems

router = APIRouter()


def _start(valid_from: datetime | None, now: datetime) -> datetime:
    return valid_from if valid_from is not None else now


@router.get(
    "/delegations",
    response_model=list[DelegationRead],
    responses=AUTHENTICATED,
    dependencies=[requires("delegations.manage")],
)
def list_delegations(actor: ApiActor, session: SessionDep, now: Now) -> Any:
    """The delegations the signed-in trader's enterprise granted, newest first."""
    found = service.list_delegations(session, actor=actor, at=now)
    return [DelegationRead.model_validate(d) for d in found]


@router.post(
    "/delegations",
    response_model=DelegationRead,
    status_code=201,
    responses=problems(401, 403, 404, 422),
    dependencies=[requires("delegations.manage")],
)
def grant_delegation(body: DelegationCreate, actor: ApiActor, session: SessionDep, now: Now) -> Any:
    """Delegate to a broker enterprise (by its tax code): scopes and validity, narrowed if
    given to some procedures (declaration types) and payment accounts."""
    view = service.grant_own_delegation(
        session,
        actor=actor,
        agent_tax_code=body.agent_tax_code,
        scopes=frozenset(body.scopes),
        valid_from=_start(body.valid_from, now),
        valid_until=body.valid_until,
        at=now,
        procedures=frozenset(body.procedures),
        accounts=frozenset(body.accounts),
    )
    return DelegationRead.model_validate(view)


@router.post(
    "/delegations/{delegation_id}/revoke",
    response_model=DelegationRead,
    responses=STATE_CHANGING,
    dependencies=[requires("delegations.manage")],
)
def revoke_delegation(
    delegation_id: IdInPath, actor: ApiActor, session: SessionDep, now: Now
) -> Any:
    """Withdraw a delegation: the broker's people lose it from their next request."""
    view = service.revoke_delegation(session, actor=actor, delegation_id=delegation_id, at=now)
    return DelegationRead.model_validate(view)


@router.get(
    "/api-keys",
    response_model=list[ApiKeyRead],
    responses=AUTHENTICATED,
    dependencies=[requires("delegations.manage")],
)
def list_api_keys(actor: ApiActor, session: SessionDep) -> Any:
    return [ApiKeyRead.model_validate(k) for k in service.list_api_keys(session, actor=actor)]


@router.post(
    "/api-keys",
    response_model=ApiKeyCreated,
    status_code=201,
    responses=problems(401, 403, 422),
    dependencies=[requires("delegations.manage")],
)
def create_api_key(body: ApiKeyCreate, actor: ApiActor, session: SessionDep, now: Now) -> Any:
    """A key for the enterprise's software, within `scopes`; the key is answered this once."""
    view, secret = service.create_api_key(
        session,
        actor=actor,
        name=body.name,
        scopes=frozenset(body.scopes),
        expires_at=body.expires_at,
        at=now,
    )
    return ApiKeyCreated.model_validate({**view.__dict__, "api_key": secret})


@router.post(
    "/api-keys/{key_id}/rotate",
    response_model=ApiKeyCreated,
    responses=problems(401, 403, 404, 409),
    dependencies=[requires("delegations.manage")],
)
def rotate_api_key(
    key_id: str, actor: ApiActor, session: SessionDep, services: ServicesDep, now: Now
) -> Any:
    """A new secret for the key, answered this once; the previous one keeps working for the
    grace period (`previous_valid_until`), then is refused."""
    grace = timedelta(hours=services.settings.api_key_rotation_grace_hours)
    view, secret = service.rotate_api_key(
        session, actor=actor, key_id=key_id[:24], grace=grace, at=now
    )
    return ApiKeyCreated.model_validate({**view.__dict__, "api_key": secret})


@router.post(
    "/api-keys/{key_id}/revoke",
    response_model=ApiKeyRead,
    responses=OWNER_CHECKED,
    dependencies=[requires("delegations.manage")],
)
def revoke_api_key(key_id: str, actor: ApiActor, session: SessionDep, now: Now) -> Any:
    """Withdraw a key: its exchange and the access tokens it gave are refused at once."""
    view = service.revoke_api_key(session, actor=actor, key_id=key_id[:24], at=now)
    return ApiKeyRead.model_validate(view)
