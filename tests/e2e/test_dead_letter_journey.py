"""Sơn, a supervisor, finds a notification Lan's company never received on the page of
undelivered notifications and replays it from a real browser."""

from __future__ import annotations

import socket
from datetime import timedelta

import httpx2
import pytest
from playwright.sync_api import Page, expect

from e2e_support import headers, post, sign_in
from smartcustoms.db import make_engine, make_session_factory
from smartcustoms.kit.clock import FixedClock
from smartcustoms.notifications.service import HttpSender, OutboundPolicy
from smartcustoms.worker import Worker, event_handlers
from support import TEST_NOW, import_payload

pytestmark = pytest.mark.e2e


def _closed_port_url() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/hooks"


def test_son_replays_a_dead_notification(
    page: Page, live_server: str, live_database_url: str
) -> None:
    api = page.request
    lan = headers(api, live_server, "lan")
    answer = api.put(
        f"{live_server}/api/v1/notifications/endpoint",
        headers=lan,
        data={"url": _closed_port_url()},
    )
    assert answer.ok, answer.text()
    post(
        api,
        f"{live_server}/api/v1/declarations/submit",
        lan,
        import_payload(invoice_number="INV-E2E-DLQ"),
    )
    # A worker beside the server, as `smartcustoms worker` runs: it was down for 15 days, so
    # the pushes to the unreachable URL expire at their first attempt.
    engine = make_engine(live_database_url)
    clock = FixedClock(TEST_NOW)
    try:
        with httpx2.Client(timeout=5) as client:
            worker = Worker(
                session_factory=make_session_factory(engine),
                clock=clock,
                handlers=event_handlers(),
                sender=HttpSender(client, OutboundPolicy.of("127.0.0.0/8")),
            )
            worker.dispatch()
            clock.advance(timedelta(days=15))
            assert worker.push().dead >= 1
    finally:
        engine.dispose()

    sign_in(page, live_server, "son")
    page.get_by_role("button", name="Exchange").click()
    page.get_by_role("link", name="Undelivered notifications").click()
    expect(page.locator("h1")).to_have_text("Undelivered notifications")
    rows = page.locator("#dead-letters tbody tr")
    before = rows.count()
    assert before >= 1
    expect(page.locator("#dead-letters")).to_contain_text("Declaration registered")
    rows.first.locator("button", has_text="Replay").click()
    expect(page.locator(".flash")).to_have_text("Queued again: the worker sends it now.")
    expect(page.locator("#dead-letters tbody tr")).to_have_count(before - 1)
