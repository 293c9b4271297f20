"""A finished test's app is freed: FastAPI's callable caches would otherwise keep every app
of the suite alive (about 10 MB each), and the suite's workers grew to 5 GB."""

from __future__ import annotations

import gc
import weakref

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from smartcustoms.api_docs import DOCS_PATH
from smartcustoms.app import create_app
from smartcustoms.config import Settings
from smartcustoms.kit.clock import FixedClock
from support import forget_fastapi_call_caches


def test_an_app_is_freed_once_its_test_is_over(
    settings: Settings, session_factory: sessionmaker[Session], clock: FixedClock
) -> None:
    app = create_app(settings, session_factory=session_factory, clock=clock)
    with TestClient(app) as client:
        assert client.get(DOCS_PATH).status_code == 200
    gone = weakref.ref(app)
    del app, client

    forget_fastapi_call_caches()
    gc.collect()

    assert gone() is None
