"""FastAPI dependencies: the request's session, settings, storage and signed-in actor."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Annotated

from fastapi import Depends, Path, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from smartcustoms.adapters.storage import BlobStorage
from smartcustoms.config import Settings
from smartcustoms.declarations.pipeline import RegistrationSetup
from smartcustoms.errors import NotAuthenticated
from smartcustoms.identity import service as identity
from smartcustoms.identity.rules import Actor
from smartcustoms.identity.security import AccessToken
from smartcustoms.kit.clock import Clock, SystemClock
from smartcustoms.kit.ids import MAX_ID


@dataclass
class ActorCache:
    """Signed-in API users by access token, kept a few seconds per process.

    An API client sends many requests in a row with one token; checking its signature and
    reading its user again for each one (a query and a hand-off to a worker thread) cost more
    CPU than the rest of a small request. The same token string always verifies the same way,
    so only its expiry is checked again. A user deactivated or a broker mandate withdrawn
    therefore takes effect within `ttl_seconds` for tokens already issued (tokens themselves
    stay valid until they expire).
    """

    ttl_seconds: float = 10.0
    max_entries: int = 10_000
    _entries: dict[str, tuple[float, float, Actor]] = field(default_factory=dict)

    def get(self, token: str, *, now: float, wall_clock: float) -> Actor | None:
        entry = self._entries.get(token)
        if entry is None:
            return None
        cached_at, expires_at, actor = entry
        if now - cached_at > self.ttl_seconds or wall_clock >= expires_at:
            return None
        return actor

    def put(self, token: str, access: AccessToken, actor: Actor, *, now: float) -> None:
        if len(self._entries) >= self.max_entries:
            self._entries.clear()
        self._entries[token] = (now, access.expires_at, actor)

    def clear(self) -> None:
        self._entries.clear()


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
    actors: ActorCache = field(default_factory=ActorCache)


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
    now = time.monotonic()
    at = services.clock.now()
    actor = services.actors.get(token, now=now, wall_clock=at.timestamp())
    if actor is None:
        access = identity.verify_access_token(token, secret=services.signing_secret, at=at)
        actor = await run_in_threadpool(_read_actor, services.session_factory, access.user_id)
        services.actors.put(token, access, actor, now=now)
    return actor


def _read_actor(session_factory: sessionmaker[Session], user_id: int) -> Actor:
    with session_factory() as session:
        return identity.actor_for(session, user_id=user_id)


ApiActor = Annotated[Actor, Depends(get_api_actor)]


IdInPath = Annotated[int, Path(ge=1, le=MAX_ID)]
