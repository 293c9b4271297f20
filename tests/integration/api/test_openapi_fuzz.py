"""Schemathesis fuzzes every API operation in process: no input may cause a server error."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings
from sqlalchemy.orm import Session, sessionmaker

from smartcustoms.app import create_app
from smartcustoms.config import Settings
from support import Users

FUZZ = settings(
    max_examples=20,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


def test_no_input_causes_a_server_error(
    settings: Settings, session_factory: sessionmaker[Session], users: Users
) -> None:
    app = create_app(settings, session_factory=session_factory)
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", app)
    headers = users.headers("lan")
    checked = []
    for result in schema.get_all_operations():
        operation = result.ok()

        @FUZZ
        @given(case=operation.as_strategy())
        def fuzz(case: schemathesis.Case) -> None:
            response = case.call(headers={**headers, **(case.headers or {})})
            assert response.status_code < 500, (
                f"{case.method} {case.formatted_path} -> {response.status_code}: {response.text}"
            )

        fuzz()
        checked.append(operation.label)
    assert len(checked) >= 15, checked
