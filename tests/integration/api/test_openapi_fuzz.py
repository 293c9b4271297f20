"""Schemathesis runs over the whole API in process, as real users: every answer is documented.

It runs all its phases (coverage, fuzzing, stateful sequences along the links it infers) with
every check Schemathesis 4 has. Two are not as shipped, with their reasons:
- `positive_data_acceptance` also takes 415 and 422 for a request the document calls valid.
  A schema cannot say which HS codes, countries or currencies exist, whether an invoice's
  items add up, or what a file's bytes are; those refusals are business rules, answered with
  their own problem codes (`unknown_country`, 415 `unsupported_content` …). What a schema can
  say is held by `schema_valid_requests_pass_schema_validation` below: a request the
  document calls valid is never refused as `request_invalid`, the code of a request that
  does not match the document.
- It also takes 429: the fuzzer's wrong passwords lock sign-in out (identity/throttle.py), as
  any run of wrong passwords must, so a valid request to the token endpoint after them is
  refused for a while.
- `max_response_time` stays off (Schemathesis ships it off): response time on a shared
  two-core machine is not a property of the document; bench/ measures latency.

SMARTCUSTOMS_FUZZ_EXAMPLES=2000 runs the same test as a long one-off fuzz.
"""

from __future__ import annotations

import os
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from schemathesis.config import SchemathesisConfig
from schemathesis.engine import Status, events, from_schema
from sqlalchemy.orm import Session, sessionmaker

from smartcustoms.app import create_app
from smartcustoms.config import Settings
from smartcustoms.kit.clock import FixedClock
from support import Users

EXAMPLES = int(os.environ.get("SMARTCUSTOMS_FUZZ_EXAMPLES", "10"))
# 22 payments', 3 sheet or copy, 3 exchange, 8 notifications, 7 partners, 1 revoke, 8 identity,
# 6 signatures', 14 border, 10 the single window's, 2 audit, 1 risk's post-clearance flags
OPERATIONS = 134
# Risk management, the officers' worklist and release decisions are for customs; the rest is
# for traders.
CUSTOMS_TAGS = "^(risk|officers|clearance)$"


@schemathesis.check
def schema_valid_requests_pass_schema_validation(
    ctx: schemathesis.CheckContext, response: Any, case: schemathesis.Case
) -> bool | None:
    """A request generated as valid is never refused for its shape."""
    if case.meta is None or not case.meta.generation.mode.is_positive:
        return None
    if response.status_code == 422 and response.json().get("code") == "request_invalid":
        raise AssertionError(f"A request the document calls valid was refused: {response.text}")
    return None


def fuzz_config(lan: str, son: str, revoked: str) -> SchemathesisConfig:
    """`revoked`: a token of Lan's own for POST /auth/revoke, which withdraws the token it is
    sent with (with `lan`, every later request would be refused)."""
    return SchemathesisConfig.from_dict(
        {
            "seed": 20261203,
            # Health checks of data generation, not checks of the API: short codes with a
            # pattern (Required2 …) make Hypothesis discard many candidates, which only
            # means fewer examples for that operation.
            "suppress-health-check": ["all"],
            "workers": 1,
            "cache": {"enabled": False},
            "generation": {"max-examples": EXAMPLES, "deterministic": True, "database": "none"},
            "headers": {"Authorization": f"Bearer {lan}"},
            "operations": [
                {"include-tag-regex": CUSTOMS_TAGS, "headers": {"Authorization": f"Bearer {son}"}},
                {
                    "include-path": "/api/v1/auth/revoke",
                    "headers": {"Authorization": f"Bearer {revoked}"},
                },
            ],
            "checks": {
                "positive_data_acceptance": {
                    "expected-statuses": [
                        *("2xx", "3xx", "401", "403", "404", "409", "415", "422", "429")
                    ]
                }
            },
        }
    )


def failures_of(event: events.ScenarioFinished) -> list[str]:
    found = []
    for checks in event.recorder.checks.values():
        for check in checks:
            if check.failure_info is not None:
                failure = check.failure_info.failure
                found.append(f"{event.label} [{event.phase.value}] {check.name}: {failure.title}")
                found.append(
                    f"    {failure.message[:600]}\n    {check.failure_info.code_sample[:3000]}"
                )
    return found


@pytest.mark.fuzz
def test_every_answer_of_the_api_is_a_documented_one(
    settings: Settings,
    session_factory: sessionmaker[Session],
    clock: FixedClock,
    users: Users,
) -> None:
    app = create_app(settings, session_factory=session_factory, clock=clock)
    config = fuzz_config(users.token("lan"), users.token("son"), users.token("lan"))
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", app, config=config)
    problems: list[str] = []
    tested: dict[str, set[str]] = {}
    for event in from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished):
            tested.setdefault(event.phase.value, set()).add(event.label or "")
            if event.status in (Status.FAILURE, Status.ERROR):
                problems.extend(failures_of(event) or [f"{event.label}: {event.status}"])
        elif isinstance(event, events.NonFatalError | events.FatalError):
            problems.append(f"{type(event).__name__}: {event}")
    assert not problems, "\n".join(problems)
    assert len(tested["coverage"]) == len(tested["fuzzing"]) == OPERATIONS, tested
    assert "stateful" in tested, "no links were found between operations"


def test_errors_are_problem_details_and_405_says_what_is_allowed(app_client: TestClient) -> None:
    document = app_client.get("/api/openapi.json").json()
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for status, response in operation["responses"].items():
                if int(status) >= 400:
                    assert list(response["content"]) == ["application/problem+json"], (
                        method,
                        path,
                        status,
                    )
    assert "HTTPValidationError" not in document["components"]["schemas"]

    not_a_declaration = app_client.get("/api/v1/declarations/submit")
    assert not_a_declaration.status_code == 405
    assert not_a_declaration.headers["allow"] == "POST"
    assert not_a_declaration.headers["content-type"] == "application/problem+json"
    both = app_client.delete("/api/v1/declarations/1")
    assert both.headers["allow"] == "GET, PUT"
