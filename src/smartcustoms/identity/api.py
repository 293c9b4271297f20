"""Token endpoint and the signed-in user's profile."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from smartcustoms.deps import ApiActor, Now, ServicesDep, SessionDep
from smartcustoms.identity import service
from smartcustoms.identity.schemas import MeRead, OrganisationRead, TokenRead, TokenRequest
from smartcustoms.openapi import AUTHENTICATED, problems

router = APIRouter(prefix="/api/v1", tags=["identity"])


@router.post("/auth/token", response_model=TokenRead, responses=problems(401))
def issue_token(body: TokenRequest, session: SessionDep, services: ServicesDep, now: Now) -> Any:
    user = service.authenticate(session, username=body.username, password=body.password)
    ttl = services.settings.token_ttl_minutes
    token = service.access_token(
        user=user,
        secret=services.signing_secret,
        at=now,
        ttl_minutes=ttl,
    )
    return TokenRead(access_token=token, expires_in=ttl * 60)


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
