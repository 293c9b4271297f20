"""FastAPI dependencies: the request's session, settings, storage and signed-in actor."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Path, Request
from sqlalchemy.orm import Session, sessionmaker

from smartcustoms.adapters.storage import BlobStorage
from smartcustoms.config import Settings
from smartcustoms.declarations.pipeline import RegistrationSetup
from smartcustoms.errors import NotAuthenticated
from smartcustoms.identity import service as identity
from smartcustoms.identity.rules import Actor
from smartcustoms.kit.ids import MAX_ID


@dataclass
class Services:
    """What the application was assembled with; one per app instance."""

    settings: Settings
    session_factory: sessionmaker[Session]
    storage: BlobStorage
    registration: RegistrationSetup


async def get_services(request: Request) -> Services:
    """Async because it does no I/O: FastAPI then runs it on the loop, not in the threadpool."""
    services: Services = request.app.state.services
    return services


ServicesDep = Annotated[Services, Depends(get_services)]


def get_session(services: ServicesDep) -> Iterator[Session]:
    """One session per request; mutating routes commit at the end, anything else rolls back."""
    session = services.session_factory()
    try:
        yield session
    finally:
        session.rollback()
        session.close()


SessionDep = Annotated[Session, Depends(get_session)]


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def get_api_actor(request: Request, session: SessionDep, services: ServicesDep) -> Actor:
    token = _bearer(request)
    if token is None:
        raise NotAuthenticated(
            message_en="Send an access token: 'Authorization: Bearer <token>' "
            "(get one from POST /api/v1/auth/token).",
            message_vi="Hãy gửi mã truy cập: 'Authorization: Bearer <token>' "
            "(lấy tại POST /api/v1/auth/token).",
        )
    secret = services.settings.secret_key.get_secret_value()
    user_id = identity.user_id_from_token(token, secret=secret)
    return identity.actor_for(session, user_id=user_id)


ApiActor = Annotated[Actor, Depends(get_api_actor)]


IdInPath = Annotated[int, Path(ge=1, le=MAX_ID)]
