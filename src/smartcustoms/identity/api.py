"""Token endpoints and the signed-in user's profile."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from smartcustoms.deps import (
    ApiActor,
    Bearer,
    Now,
    ServicesDep,
    SessionDep,
    client_address,
    sign_in_limits,
)
from smartcustoms.identity import service
from smartcustoms.identity.schemas import MeRead, OrganisationRead, TokenRead, TokenRequest
from smartcustoms.identity.service import InvalidCredentials
from smartcustoms.openapi import AUTHENTICATED, problems
from smartcustoms.problems import domain_error_response

router = APIRouter(prefix="/api/v1", tags=["identity"])


@router.post("/auth/token", response_model=TokenRead, responses=problems(401, 429))
def issue_token(
    body: TokenRequest, request: Request, session: SessionDep, services: ServicesDep, now: Now
) -> Any:
    try:
        user = service.sign_in(
            session,
            username=body.username,
            password=body.password,
            client_address=client_address(request),
            limits=sign_in_limits(services.settings),
            at=now,
        )
    except InvalidCredentials as refused:
        # Answered, not raised: the request then commits the failure sign_in recorded.
        return domain_error_response(request, refused)
    ttl = services.settings.token_ttl_minutes
    token = service.access_token(
        user=user,
        secret=services.signing_secret,
        at=now,
        ttl_minutes=ttl,
    )
    return TokenRead(access_token=token, expires_in=ttl * 60)


@router.post("/auth/revoke", status_code=204, responses=problems(401))
def revoke_own_token(
    _actor: ApiActor, bearer: Bearer, session: SessionDep, services: ServicesDep, now: Now
) -> Response:
    """Withdraw the access token this request carries (sign out): it is refused from the
    next request on, in every process; the user's other tokens keep working."""
    token = bearer.credentials.strip() if bearer is not None else ""
    access = service.verify_access_token(token, secret=services.signing_secret, at=now)
    service.revoke_token(session, access=access, at=now)
    return Response(status_code=204)


@router.get("/me", response_model=MeRead, responses=AUTHENTICATED)
def me(actor: ApiActor, session: SessionDep) -> Any:
    enterprises = service.enterprises_of(session, actor)
    return MeRead(
        user_id=actor.user_id,
        username=actor.username,
        role=actor.role,
        office_code=actor.office_code,
        enterprises=[OrganisationRead.model_validate(e) for e in enterprises],
    )
