"""Token endpoints and the signed-in user's profile."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from fastapi import APIRouter, Request, Response
from sqlalchemy.orm import Session

from smartcustoms.deps import (
    ApiActor,
    Bearer,
    Now,
    Services,
    ServicesDep,
    SessionDep,
    client_address,
    requires,
    sign_in_limits,
)
from smartcustoms.errors import NotAuthenticated
from smartcustoms.identity import delegations_api, service
from smartcustoms.identity.models import User
from smartcustoms.identity.schemas import (
    ClientTokenRequest,
    MeRead,
    OrganisationRead,
    RefreshRequest,
    TokenRead,
    TokenRequest,
)
from smartcustoms.identity.service import InvalidCredentials
from smartcustoms.openapi import AUTHENTICATED, problems
from smartcustoms.problems import domain_error_response

router = APIRouter(prefix="/api/v1", tags=["identity"])
router.include_router(delegations_api.router)


def _pair(services: Services, session: Session, user: User, now: datetime) -> TokenRead:
    """A short access token and the first refresh token of a new family."""
    settings = services.settings
    refresh_ttl = timedelta(days=settings.refresh_token_ttl_days)
    family_id, refresh_token = service.start_family(session, user=user, at=now, ttl=refresh_ttl)
    return _answer(services, user, now, family_id, refresh_token)


def _answer(
    services: Services, user: User, now: datetime, family_id: str, refresh_token: str
) -> TokenRead:
    settings = services.settings
    ttl = settings.token_ttl_minutes
    token = service.access_token(
        user=user, secret=services.signing_secret, at=now, ttl_minutes=ttl, family_id=family_id
    )
    return TokenRead(
        access_token=token,
        expires_in=ttl * 60,
        refresh_token=refresh_token,
        refresh_expires_in=settings.refresh_token_ttl_days * 86400,
    )


@router.post("/auth/token", response_model=TokenRead, responses=problems(401, 403, 429))
def issue_token(
    body: TokenRequest, request: Request, session: SessionDep, services: ServicesDep, now: Now
) -> Any:
    """Sign in with a password (and the second factor, `otp`, when the account has it on):
    a short access token and a refresh token."""
    limits = sign_in_limits(services.settings)
    try:
        user = service.sign_in(
            session,
            username=body.username,
            password=body.password,
            client_address=client_address(request),
            limits=limits,
            at=now,
        )
        service.verify_second_factor(
            session,
            user=user,
            code=body.otp,
            client_address=client_address(request),
            limits=limits,
            signing_secret=services.signing_secret,
            at=now,
        )
    except (InvalidCredentials, service.SecondFactorWrong) as refused:
        # Answered, not raised: the request then commits the failure sign_in recorded.
        return domain_error_response(request, refused)
    service.refuse_unless_enrolled(user, services.settings.second_factor_required_roles)
    return _pair(services, session, user, now)


@router.post("/auth/refresh", response_model=TokenRead, responses=problems(401))
def refresh_token(
    body: RefreshRequest, request: Request, session: SessionDep, services: ServicesDep, now: Now
) -> Any:
    """Use a refresh token up for a new access token and a new refresh token. A refresh
    token used before revokes its whole family (every token of that sign-in)."""
    ttl = timedelta(days=services.settings.refresh_token_ttl_days)
    try:
        user, family_id, next_token = service.rotate(
            session, refresh_token=body.refresh_token, at=now, ttl=ttl
        )
    except NotAuthenticated as refused:
        # Answered, not raised: a reuse's revocation of the family must be kept.
        return domain_error_response(request, refused)
    return _answer(services, user, now, family_id, next_token)


@router.post("/auth/client-token", response_model=TokenRead, responses=problems(401))
def client_token(
    body: ClientTokenRequest,
    request: Request,
    session: SessionDep,
    services: ServicesDep,
    now: Now,
) -> Any:
    """A machine client's sign-in: its enterprise's tax code and an API key give a short
    access token limited to the key's scopes (revoking the key ends it)."""
    try:
        user = service.authenticate_api_key(
            session, tax_code=body.tax_code, api_key=body.api_key, at=now
        )
    except NotAuthenticated as refused:
        return domain_error_response(request, refused)
    ttl = services.settings.token_ttl_minutes
    token = service.access_token(
        user=user,
        secret=services.signing_secret,
        at=now,
        ttl_minutes=ttl,
        key_id=service.key_id_of(body.api_key),
    )
    return TokenRead(access_token=token, expires_in=ttl * 60)


@router.post(
    "/auth/revoke",
    status_code=204,
    responses=problems(401),
    dependencies=[requires("account.self")],
)
def revoke_own_token(
    _actor: ApiActor, bearer: Bearer, session: SessionDep, services: ServicesDep, now: Now
) -> Response:
    """Withdraw the access token this request carries (sign out): it is refused from the
    next request on, in every process; the user's other tokens keep working."""
    token = bearer.credentials.strip() if bearer is not None else ""
    access = service.verify_access_token(token, secret=services.signing_secret, at=now)
    service.revoke_token(session, access=access, at=now)
    return Response(status_code=204)


@router.get(
    "/me", response_model=MeRead, responses=AUTHENTICATED, dependencies=[requires("account.self")]
)
def me(actor: ApiActor, session: SessionDep) -> Any:
    enterprises = service.enterprises_of(session, actor)
    return MeRead(
        user_id=actor.user_id,
        username=actor.username,
        role=actor.role,
        office_code=actor.office_code,
        enterprises=[OrganisationRead.model_validate(e) for e in enterprises],
    )
