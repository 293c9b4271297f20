"""FastAPI dependencies: the request's session, settings, storage and signed-in actor."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Annotated, Any

from fastapi import Depends, Path, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from smartcustoms.adapters.storage import BlobStorage
from smartcustoms.caches import AppCaches
from smartcustoms.config import Settings
from smartcustoms.db import QuickReads, ends_without_io, read_only_unit
from smartcustoms.declarations.clearance import ClearanceSetup
from smartcustoms.declarations.pipeline import RegistrationSetup
from smartcustoms.errors import NotAuthenticated
from smartcustoms.identity import policy
from smartcustoms.identity import service as identity
from smartcustoms.identity.rules import Actor, SignInLimits
from smartcustoms.identity.security import AccessToken
from smartcustoms.kit.clock import Clock, SystemClock
from smartcustoms.kit.ids import MAX_ID
from smartcustoms.payments.service import PaymentsSetup


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
    # The conditions goods are released on (smartcustoms/clearance.py): for the routes that
    # change what a condition reads (an inspection, a payment) and re-evaluate clearance.
    clearance: ClearanceSetup = field(default_factory=ClearanceSetup)
    # The banks payments go through, and what a payment that meets the taxes sets off.
    payments: PaymentsSetup = field(default_factory=PaymentsSetup)


async def get_services(request: Request) -> Services:
    """Async because it does no I/O: FastAPI then runs it on the loop, not in the threadpool."""
    services: Services = request.app.state.services
    return services


ServicesDep = Annotated[Services, Depends(get_services)]


# RFC 9110's safe methods: a request with one of them changes nothing, so its unit of work is
# rolled back, never committed.
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_ROLL_BACK = "smartcustoms.request.roll_back"  # session.info: end this request's unit unsaved
_AUDITED = "smartcustoms.request.audited"  # session.info: a safe request kept an audit record


async def get_session(request: Request, services: ServicesDep) -> AsyncIterator[Session]:
    """The request's unit of work, and the one place a request commits.

    Routes, pages and services only flush. Once the endpoint has returned and its answer is
    serialized, but before a byte of it is sent (`scope="function"` below), the unit commits,
    so a failed commit reaches the client as an error, never after a success. It rolls back
    instead on any exception, for a safe method (a GET saves nothing, whatever it flushed,
    unless it kept an audit record: `keep_audit_record`) and when the request asked to
    (`roll_back_at_end`: a page showing a refused form).

    Async, so that opening the session (no I/O) and ending a unit that sends nothing to the
    database (nothing read, or a single-write unit in autocommit) cost no hand-off to a worker
    thread; a commit or a rollback that talks to the database runs in one.
    """
    session = services.session_factory()
    try:
        yield session
        saves = request.method not in SAFE_METHODS or session.info.get(_AUDITED)
        if saves and not session.info.get(_ROLL_BACK):
            await _end(session, session.commit)
    finally:
        await _end(session, session.close)


async def _end(session: Session, step: Callable[[], None]) -> None:
    if ends_without_io(session):
        step()
    else:
        await run_in_threadpool(step)


def roll_back_at_end(session: Session) -> None:
    """End this request's unit of work with a rollback, though the request succeeded: for an
    answer that refuses what was asked (a form shown again with its errors)."""
    session.info[_ROLL_BACK] = True


def keep_audit_record(session: Session) -> None:
    """Commit this safe request's unit of work: a GET that only reads but must leave an audit
    record (an officer opened a dossier's document) flushes that record and nothing else."""
    session.info[_AUDITED] = True


SessionDep = Annotated[Session, Depends(get_session, scope="function")]


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
        actor = await run_in_threadpool(_signed_in, services.session_factory, access, at)
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


def _signed_in(session_factory: sessionmaker[Session], access: AccessToken, at: datetime) -> Actor:
    with session_factory() as session:
        read_only_unit(session)
        return identity.signed_in_actor(session, access, at)


def _check_access(session_factory: sessionmaker[Session], access: AccessToken) -> None:
    with session_factory() as session:
        read_only_unit(session)
        identity.check_access(session, access)


ApiActor = Annotated[Actor, Depends(get_api_actor)]


# The policy table (identity/policy.py): every API route names its action here, in its
# decorator: `@router.get(..., dependencies=[requires("declarations.read")])`. A role that
# does not reach the action is refused (403) before the route runs; the route's own actor
# (ApiActor) is the same one, read once per request. tests/integration/authorization checks
# that every route that needs sign-in names one.
ACTION_ATTRIBUTE = "policy_action"


def requires(key: str) -> Any:
    """The dependency that lets through only the roles the policy table gives `key` to."""
    policy.action(key)  # an unknown key fails at import, not at the first request

    async def gate(actor: ApiActor) -> None:
        if not policy.allowed(actor, key).allowed:
            raise policy.refusal(key)

    setattr(gate, ACTION_ATTRIBUTE, key)
    gate.__name__ = f"requires_{key.replace('.', '_')}"
    return Depends(gate)


IdInPath = Annotated[int, Path(ge=1, le=MAX_ID)]


def sign_in_limits(settings: Settings) -> SignInLimits:
    """The lockout of failed sign-ins the settings ask for."""
    return SignInLimits(
        window=timedelta(minutes=settings.sign_in_window_minutes),
        per_account=settings.sign_in_failures_per_account,
        per_address=settings.sign_in_failures_per_address,
    )


def client_address(request: Request) -> str:
    """The address the request came from, as the server saw it (behind a reverse proxy, run
    uvicorn with --proxy-headers and --forwarded-allow-ips so this is the client's)."""
    return request.client.host if request.client is not None else "unknown"
