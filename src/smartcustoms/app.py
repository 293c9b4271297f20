"""create_app(): the API and the portal on one ASGI application."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from datetime import datetime

from anyio import to_thread
from fastapi import FastAPI
from sqlalchemy.orm import Session, sessionmaker

from smartcustoms import __version__
from smartcustoms.adapters.bank import gateway_from_settings
from smartcustoms.adapters.storage import LocalBlobStorage
from smartcustoms.api_docs import install_api_docs
from smartcustoms.audit import api as audit_api
from smartcustoms.body_limit import BodyLimit
from smartcustoms.border import api as border_api
from smartcustoms.caches import AppCaches
from smartcustoms.clearance import build_clearance
from smartcustoms.config import Settings, get_settings
from smartcustoms.db import QuickReads, make_engine, make_session_factory
from smartcustoms.declarations import api as declarations_api
from smartcustoms.declarations import messages as declaration_messages
from smartcustoms.declarations import release_api
from smartcustoms.declarations import reuse_api as declarations_reuse_api
from smartcustoms.declarations import service as declarations_service
from smartcustoms.declarations.clearance import ClearanceSetup
from smartcustoms.deps import Services
from smartcustoms.documents import api as documents_api
from smartcustoms.exchange import api as exchange_api
from smartcustoms.identity import api as identity_api
from smartcustoms.kit.clock import Clock, SystemClock
from smartcustoms.notifications import api as notifications_api
from smartcustoms.openapi import install_openapi
from smartcustoms.partners import api as partners_api
from smartcustoms.payments import api as payments_api
from smartcustoms.payments import service as payments_service
from smartcustoms.payments.gateway import BankGateway
from smartcustoms.permits import api as permits_api
from smartcustoms.problems import install_problem_handlers
from smartcustoms.reference import api as reference_api
from smartcustoms.registration import build_registration
from smartcustoms.risk import api as risk_api
from smartcustoms.secret_key import signing_secret
from smartcustoms.security_headers import SecurityHeaders
from smartcustoms.signatures import api as signatures_api
from smartcustoms.tariff import api as tariff_api
from smartcustoms.web import portal
from smartcustoms.worker import (
    DEFAULT_MODELS_DIR,
    handlers_besides_payments,
    models_dir_from,
    relay_from,
    signer_from,
)


def _lifespan(
    threads: int, quick_reads: QuickReads | None
) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # The pool that runs sync endpoints; anyio's default is 40 threads.
        to_thread.current_default_thread_limiter().total_tokens = threads
        yield
        if quick_reads is not None:
            await quick_reads.close()

    return lifespan


def build_payments(
    banks: Sequence[BankGateway], clearance: ClearanceSetup, settings: Settings | None = None
) -> payments_service.PaymentsSetup:
    """The banks payments go through (each by its name), and clearance evaluated again, in
    the payment's transaction, when a declaration's taxes become paid or guaranteed."""

    def reevaluate(session: Session, declaration_id: int, at: datetime) -> None:
        declarations_service.reevaluate_clearance(
            session, declaration_id=declaration_id, setup=clearance, at=at
        )

    relay = relay_from(settings) if settings is not None else None
    signer = signer_from(settings) if settings is not None else None
    models = models_dir_from(settings) if settings is not None else DEFAULT_MODELS_DIR
    handlers = handlers_besides_payments(relay, partner_signer=signer, models_dir=models)
    return payments_service.PaymentsSetup(
        banks={bank.name: bank for bank in banks},
        after_taxes_met=(reevaluate,),
        event_handlers=tuple(handlers),
    )


def configured_banks(settings: Settings, clock: Clock) -> list[BankGateway]:
    """The bank SMARTCUSTOMS_BANK_URL names (the sandbox under `make run`), if any."""
    gateway = gateway_from_settings(settings, clock=clock)
    return [] if gateway is None else [gateway]


def bank_origins(banks: Sequence[BankGateway]) -> tuple[str, ...]:
    """The banks' sites a payer's form leads to (an adapter that has one names it)."""
    origins = (getattr(bank, "origin", None) for bank in banks)
    return tuple(sorted({origin for origin in origins if isinstance(origin, str)}))


def create_app(
    settings: Settings | None = None,
    *,
    session_factory: sessionmaker[Session] | None = None,
    clock: Clock | None = None,
    clearance: ClearanceSetup | None = None,
    banks: Sequence[BankGateway] | None = None,
) -> FastAPI:
    """The application; `banks` replace the configured bank (tests pass their own)."""
    settings = settings or get_settings()
    # First: refuse to start with a secret anyone could sign tokens and cookies with.
    secret = signing_secret(settings)
    quick_reads = None
    if session_factory is None:
        engine = make_engine(settings.database_url, pool_size=settings.db_pool_size)
        session_factory = make_session_factory(engine)
        if engine.dialect.name == "postgresql":
            quick_reads = QuickReads(engine.url)
    app = FastAPI(
        lifespan=_lifespan(settings.worker_threads, quick_reads),
        title="SmartCustoms",
        version=__version__,
        description="Digital customs platform: declarations, dossier, tariff, risk, single window.",
        openapi_url="/api/openapi.json",
        docs_url=None,  # served from the package by install_api_docs, not from a CDN
        redoc_url=None,
    )
    # The app's caches travel with its sessions: another app (another process) has its own.
    caches = AppCaches.for_settings(settings)
    clearance = clearance or build_clearance(settings)
    banks = configured_banks(settings, clock or SystemClock()) if banks is None else banks
    app.state.services = Services(
        settings=settings,
        session_factory=caches.sessions(session_factory),
        storage=LocalBlobStorage(settings.documents_dir),
        registration=build_registration(settings, clearance=clearance),
        clock=clock or SystemClock(),
        signing_secret=secret,
        caches=caches,
        quick_reads=quick_reads,
        clearance=clearance,
        payments=build_payments(banks, clearance, settings),
    )
    install_problem_handlers(app)
    # Request errors name a declaration's fields by their labels and goods lines.
    app.state.label_fields = declaration_messages.labelled
    app.add_middleware(
        BodyLimit,
        max_body_bytes=settings.max_body_bytes,
        max_upload_bytes=settings.max_upload_bytes,
    )
    # Outermost: every answer gets them, the body limit's refusals included.
    app.add_middleware(SecurityHeaders, form_targets=bank_origins(banks))
    for router in (
        identity_api.router,
        declarations_api.router,
        declarations_api.worklist_router,
        declarations_reuse_api.router,
        release_api.router,
        documents_api.router,
        reference_api.router,
        tariff_api.router,
        risk_api.router,
        payments_api.router,
        permits_api.router,
        exchange_api.router,
        notifications_api.router,
        partners_api.router,
        signatures_api.router,
        border_api.router,
        partners_api.exchange_router,
        audit_api.router,
    ):
        app.include_router(router)
    portal.install(app)
    install_api_docs(app, openapi_url="/api/openapi.json")
    install_openapi(app)
    return app
