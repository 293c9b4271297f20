"""FastAPI dependencies: the request's session, settings, storage and signed-in actor."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Annotated

from fastapi import Depends, Path, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from smartcustoms.adapters.storage import BlobStorage
from smartcustoms.caches import AppCaches
from smartcustoms.config import Settings
from smartcustoms.db import QuickReads, read_only_unit
from smartcustoms.declarations.pipeline import RegistrationSetup
from smartcustoms.errors import NotAuthenticated
from smartcustoms.identity import service as identity
from smartcustoms.identity.rules import Actor
from smartcustoms.identity.security import AccessToken
from smartcustoms.kit.clock import Clock, SystemClock
from smartcustoms.kit.ids import MAX_ID


@dataclass
class Services:
    """What the application was assembled with; one per app instance."""

    settings: Settings
    session_factory: sessionmaker[Session]
    storage: BlobStorage
    registration: RegistrationSetup
    # Checked at start-up (secret_key.signing_secret); signs tokens and portal cookies.
    signing_secret: str = field(repr=False)
    clock: Clock = field(default_factory=SystemClock)
    # Every cache of the app; `session_factory` makes sessions that carry the domains' ones.
    caches: AppCaches = field(default_factory=AppCaches)
    # PostgreSQL, with the app's own engine: reads the event loop makes itself (the access
    # check of every API request); None elsewhere, where those reads go through a session.
    quick_reads: QuickReads | None = None


async def get_services(request: Request) -> Services:
    """Async because it does no I/O: FastAPI then runs it on the loop, not in the threadpool."""
    services: Services = request.app.state.services
    return services


ServicesDep = Annotated[Services, Depends(get_services)]


async def get_session(services: ServicesDep) -> AsyncIterator[Session]:
    """One session per request; mutating routes commit at the end, anything else rolls back.

    Async, so that opening it (no I/O) and closing it after a commit (no I/O either) cost no
    hand-off to a worker thread; a session still in a transaction is rolled back in one.
    """
    session = services.session_factory()
    try:
        yield session
    finally:
        if session.in_transaction():
            await run_in_threadpool(session.close)
        else:
            session.close()


SessionDep = Annotated[Session, Depends(get_session)]


async def current_time(services: ServicesDep) -> datetime:
    """The request's time from the app's clock (async: no hand-off to a worker thread)."""
    return services.clock.now()


Now = Annotated[datetime, Depends(current_time)]


# Declares the bearer token in the OpenAPI document; a missing one is refused below, as a
# problem in the caller's language.
BEARER = HTTPBearer(auto_error=False, description="From POST /api/v1/auth/token.")
Bearer = Annotated[HTTPAuthorizationCredentials | None, Depends(BEARER)]


async def get_api_actor(bearer: Bearer, services: ServicesDep) -> Actor:
    token = bearer.credentials.strip() if bearer is not None else ""
    if not token:
        raise NotAuthenticated(
            message_en="Send an access token: 'Authorization: Bearer <token>' "
            "(get one from POST /api/v1/auth/token).",
            message_vi="Hãy gửi mã truy cập: 'Authorization: Bearer <token>' "
            "(lấy tại POST /api/v1/auth/token).",
        )
    at = services.clock.now()
    kept = services.caches.actors.get(token, wall_clock=at.timestamp())
    if kept is None:
        access = identity.verify_access_token(token, secret=services.signing_secret, at=at)
        actor = await run_in_threadpool(_signed_in, services.session_factory, access)
        services.caches.actors.put(token, access, actor)
        return actor
    # Kept: the signature and the user's roles; whether the user is disabled or the token
    # revoked is asked every time (identity.service.check_access says why).
    access, actor = kept
    if services.quick_reads is not None:
        await identity.check_access_now(services.quick_reads, access)
    else:
        await run_in_threadpool(_check_access, services.session_factory, access)
    return actor


def _signed_in(session_factory: sessionmaker[Session], access: AccessToken) -> Actor:
    with session_factory() as session:
        read_only_unit(session)
        return identity.signed_in_actor(session, access)


def _check_access(session_factory: sessionmaker[Session], access: AccessToken) -> None:
    with session_factory() as session:
        read_only_unit(session)
        identity.check_access(session, access)


ApiActor = Annotated[Actor, Depends(get_api_actor)]


IdInPath = Annotated[int, Path(ge=1, le=MAX_ID)]
