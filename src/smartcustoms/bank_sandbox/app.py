"""create_app(): the sandbox bank as one ASGI application, with its delivery worker."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx2
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

from smartcustoms.bank_sandbox import api, service, web
from smartcustoms.bank_sandbox.config import SandboxSettings
from smartcustoms.bank_sandbox.delivery import CallbackWorker
from smartcustoms.bank_sandbox.models import create_tables
from smartcustoms.bank_sandbox.rules import SandboxError
from smartcustoms.bank_sandbox.runtime import Bank
from smartcustoms.db import make_engine, make_session_factory, transaction
from smartcustoms.kit.clock import Clock, SystemClock


def _caller_language(request: Request) -> str:
    if request.url.path.startswith("/pay"):
        return web.language(request.query_params.get("lang"))
    accepted = request.headers.get("accept-language", "")
    return "vi" if accepted.lower().startswith("vi") else "en"


async def _refused(request: Request, error: Exception) -> Response:
    assert isinstance(error, SandboxError)
    lang = _caller_language(request)
    if request.url.path.startswith("/pay"):
        refused_form = error.code == "form_refused"
        context = {
            "message": error.message(lang),
            "title": web.text("form_refused_title" if refused_form else "error_title", lang),
            # Back to the payment page (…/pay/<id>), to confirm there with a fresh form.
            "again_url": request.url.path.rsplit("/", 1)[0] if refused_form else None,
        }
        return web.render("error.html", context, lang=lang, status=error.status)
    return JSONResponse(
        {
            "type": "about:blank",
            "title": error.code.replace("_", " "),
            "status": error.status,
            "code": error.code,
            "detail": error.message(lang),
        },
        status_code=error.status,
        media_type="application/problem+json",
    )


def create_app(
    settings: SandboxSettings | None = None,
    *,
    clock: Clock | None = None,
    http_client: httpx2.Client | None = None,
) -> FastAPI:
    """The bank, its tables made and its ledger opened; the worker runs while the app serves.

    `clock` and `http_client` are for tests: a fixed clock, a client with a short timeout.
    """
    settings = settings or SandboxSettings()
    key = settings.key()  # first: refuse to start without a key
    clock = clock or SystemClock()
    engine = make_engine(settings.database_url, pool_size=5)
    create_tables(engine)
    sessions = make_session_factory(engine)
    with transaction(sessions) as session:
        service.open_ledger(session, at=clock.now())
    client = http_client or httpx2.Client(
        timeout=settings.callback_timeout_seconds, trust_env=False, follow_redirects=False
    )
    worker = CallbackWorker(
        session_factory=sessions,
        clock=clock,
        key=key,
        client=client,
        poll_seconds=settings.delivery_poll_seconds,
    )
    bank = Bank(settings=settings, sessions=sessions, clock=clock, key=key, worker=worker)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        worker.start()
        try:
            yield
        finally:
            worker.stop()
            if http_client is None:
                client.close()
            engine.dispose()

    app = FastAPI(
        title="SmartCustoms sandbox bank",
        description="A bank to try payments with: merchant API, payer pages, camt.053 statements.",
        lifespan=lifespan,
        docs_url="/docs",
        redoc_url=None,
    )
    app.state.bank = bank
    app.add_exception_handler(SandboxError, _refused)
    app.include_router(api.router)
    app.include_router(web.router)
    if settings.test_controls:
        app.include_router(api.controls)

    @app.get("/health", tags=["health"])
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    return app
