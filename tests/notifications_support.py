"""Helpers of the notifications tests: a worker on the test's sessions and clock, pushing
over real HTTP to a receiver on loopback (bank_support.receiving)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx2
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from bank_support import WAIT
from smartcustoms.kit.clock import FixedClock
from smartcustoms.notifications.service import HttpSender, OutboundPolicy
from smartcustoms.worker import Worker, event_handlers
from support import import_payload


@contextmanager
def worker_for(factory: sessionmaker[Session], clock: FixedClock) -> Iterator[Worker]:
    with httpx2.Client(timeout=WAIT) as client:
        yield Worker(
            session_factory=factory,
            clock=clock,
            handlers=event_handlers(),
            sender=HttpSender(client, OutboundPolicy.of("127.0.0.0/8")),
        )


def file(client: TestClient, headers: dict[str, str], **overrides: object) -> dict[str, Any]:
    answer = client.post(
        "/api/v1/declarations/submit", json=import_payload(**overrides), headers=headers
    )
    assert answer.status_code == 201, answer.text
    found: dict[str, Any] = answer.json()
    return found


def pull(client: TestClient, headers: dict[str, str], **query: Any) -> list[dict[str, Any]]:
    answer = client.get("/api/v1/notifications", params=query, headers=headers)
    assert answer.status_code == 200, answer.text
    found: list[dict[str, Any]] = answer.json()
    return found


def codes_about(found: list[dict[str, Any]], declaration_id: int) -> list[str]:
    return [n["code"] for n in found if n["declaration_id"] == declaration_id]


def register(client: TestClient, headers: dict[str, str], url: str) -> str:
    answer = client.put("/api/v1/notifications/endpoint", json={"url": url}, headers=headers)
    assert answer.status_code == 200, answer.text
    secret: str = answer.json()["secret"]
    return secret
